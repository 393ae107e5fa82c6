import type {
  CreatedWebhook,
  ListeningAlert,
  ListeningDashboard,
  ListeningFeed,
  ListeningQuery,
  ListeningQueryInput,
  ListeningWebhook,
  MentionPage,
  QueryCheckResult,
} from '@agora/contracts/listening.schema.ts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest, withQuery } from '../../api/http-client.ts';

export const LISTENING_READER_ROLES = ['agent', 'community_manager', 'supervisor', 'compliance', 'admin'];
export const LISTENING_EDITOR_ROLES = ['community_manager', 'supervisor', 'admin'];
export const ALERT_HANDLER_ROLES = ['community_manager', 'supervisor', 'compliance', 'admin'];

/** The filters of the dashboard, the mentions list and the exports, as they travel in the URL. */
export interface ListeningFilters {
  from?: string;
  to?: string;
  queryIds?: string;
  channels?: string;
  sentiment?: string;
  intent?: string;
  term?: string;
  author?: string;
  rumour?: string;
}
export const FILTER_KEYS: (keyof ListeningFilters)[] = [
  'from',
  'to',
  'queryIds',
  'channels',
  'sentiment',
  'intent',
  'term',
  'author',
  'rumour',
];

export function filtersOf(params: URLSearchParams): ListeningFilters {
  const out: ListeningFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) out[key] = value;
  }
  return out;
}

export function useListeningQueries() {
  return useQuery({
    queryKey: ['listening', 'queries'],
    queryFn: ({ signal }) => api.get<ListeningQuery[]>('/api/listening/queries', signal),
  });
}

export function useDashboard(filters: ListeningFilters) {
  const { term: _t, author: _a, rumour: _r, ...dashboardFilters } = filters;
  return useQuery({
    queryKey: ['listening', 'dashboard', dashboardFilters],
    queryFn: ({ signal }) => api.get<ListeningDashboard>(withQuery('/api/listening/dashboard', { ...dashboardFilters }), signal),
    refetchInterval: 60_000,
  });
}

export function useMentions(filters: ListeningFilters) {
  return useInfiniteQuery({
    queryKey: ['listening', 'mentions', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<MentionPage>(withQuery('/api/listening/mentions', { ...filters, before: pageParam, limit: 30 }), signal),
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function useAlerts(open: boolean) {
  return useQuery({
    queryKey: ['listening', 'alerts', open],
    queryFn: ({ signal }) => api.get<ListeningAlert[]>(withQuery('/api/listening/alerts', { open: open ? 'true' : undefined }), signal),
    refetchInterval: 30_000,
  });
}

export function useAcknowledgeAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ListeningAlert>(`/api/listening/alerts/${encodeURIComponent(id)}/acknowledge`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['listening', 'alerts'] }),
  });
}

export const answerMention = (id: string) =>
  api.post<{ conversationId: string | null }>(`/api/listening/mentions/${encodeURIComponent(id)}/conversation`);

export const checkQuery = (expression: string, sample?: string) =>
  api.post<QueryCheckResult>('/api/listening/queries/check', { expression, sample });

export function useQueryMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['listening'] });
  return {
    save: useMutation({
      mutationFn: ({ id, input }: { id: string | null; input: ListeningQueryInput }) =>
        id
          ? apiRequest<ListeningQuery>(`/api/listening/queries/${encodeURIComponent(id)}`, { method: 'PUT', body: input })
          : api.post<ListeningQuery>('/api/listening/queries', input),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete<void>(`/api/listening/queries/${encodeURIComponent(id)}`),
      onSuccess: done,
    }),
  };
}

export function useFeeds() {
  return useQuery({
    queryKey: ['listening', 'feeds'],
    queryFn: ({ signal }) => api.get<ListeningFeed[]>('/api/listening/feeds', signal),
    refetchInterval: 30_000,
  });
}
export function useFeedMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['listening', 'feeds'] });
  return {
    add: useMutation({
      mutationFn: (input: { url: string; title?: string }) => api.post<{ id: string }>('/api/listening/feeds', input),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete<void>(`/api/listening/feeds/${encodeURIComponent(id)}`),
      onSuccess: done,
    }),
  };
}

export function useWebhooks(enabled: boolean) {
  return useQuery({
    queryKey: ['listening', 'webhooks'],
    enabled,
    queryFn: ({ signal }) => api.get<ListeningWebhook[]>('/api/listening/webhooks', signal),
  });
}
export function useWebhookMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['listening', 'webhooks'] });
  return {
    add: useMutation({ mutationFn: (url: string) => api.post<CreatedWebhook>('/api/listening/webhooks', { url }), onSuccess: done }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete<void>(`/api/listening/webhooks/${encodeURIComponent(id)}`),
      onSuccess: done,
    }),
  };
}

/** Download links carry the same filters as the screen (the session cookie authenticates them). */
export const csvUrl = (filters: ListeningFilters) => withQuery('/api/listening/mentions.csv', { ...filters });
export const reportUrl = () => '/api/listening/reports/weekly.pdf';
