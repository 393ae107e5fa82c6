import type { Client360, PortfolioPage, Segment, TimelinePage } from '@agora/contracts/client-360.schema.ts';
import type { CreateClient } from '@agora/contracts/clients.schema.ts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../api/http-client.ts';
import './clients.i18n.ts';

// Under 'conversations' so that the live events (a new message, a status change) refresh the
// 360, its timeline and the portfolio as they refresh the inbox.
export const client360Key = (id: string) => ['conversations', 'client-360', id] as const;
const timelineKey = (id: string) => ['conversations', 'client-360', id, 'timeline'] as const;
const portfolioKey = ['conversations', 'portfolio'] as const;

export function useClient360(id: string) {
  return useQuery({ queryKey: client360Key(id), queryFn: ({ signal }) => api.get<Client360>(`/api/clients/${id}`, signal) });
}

export function useClientTimeline(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: timelineKey(id),
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<TimelinePage>(withQuery(`/api/clients/${id}/timeline`, { limit: 30, cursor: pageParam }), signal),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export interface PortfolioFilters {
  advisorId?: string;
  q?: string;
  segment?: Segment;
  filter: 'all' | 'unread' | 'due';
  page: number;
}

export function usePortfolio(filters: PortfolioFilters, enabled: boolean) {
  return useQuery({
    queryKey: [...portfolioKey, filters],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.get<PortfolioPage>(withQuery('/api/portfolio', { ...filters }), signal),
  });
}

export function usePortfolioAdvisors() {
  return useQuery({
    queryKey: ['portfolio-advisors'],
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) => api.get<{ id: string; displayName: string }[]>('/api/portfolio/advisors', signal),
  });
}

export function useClientMutations(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: client360Key(id) });
  return {
    addNote: useMutation({ mutationFn: (body: string) => api.post(`/api/clients/${id}/notes`, { body }), onSuccess: refresh }),
    invite: useMutation({ mutationFn: () => api.post<{ expiresAt: string }>(`/api/clients/${id}/invitation`), onSuccess: refresh }),
    unlink: useMutation({
      mutationFn: (input: { contactId: string; reason: string }) =>
        api.post(`/api/clients/${id}/identities/${input.contactId}/unlink`, { reason: input.reason }),
      onSuccess: refresh,
    }),
    relink: useMutation({
      mutationFn: (unlinkId: string) => api.post(`/api/clients/${id}/unlinks/${unlinkId}/relink`),
      onSuccess: refresh,
    }),
  };
}

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateClient) => api.post<{ id: string }>('/api/clients', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portfolioKey }),
  });
}
