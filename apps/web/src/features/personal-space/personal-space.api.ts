import type { ClientAccountSummary, PersonalSpace, WidgetLayouts } from '@agora/contracts/client-space.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/http-client.ts';
import './personal-space.i18n.ts';

// Keys start with 'client': a 401 there ends the secure space, not a staff session.
const SPACE_KEY = ['client', 'space'] as const;

export function usePersonalSpace() {
  return useQuery({
    queryKey: SPACE_KEY,
    queryFn: ({ signal }) => api.passiveGet<PersonalSpace>('/api/client/space', signal),
    staleTime: 60_000,
  });
}

export function useSaveLayouts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (layouts: WidgetLayouts) => api.put<{ updatedAt: string }>('/api/client/space/layout', layouts),
    onSuccess: ({ updatedAt }, layouts) =>
      queryClient.setQueryData<PersonalSpace>(SPACE_KEY, (space) => (space ? { ...space, layouts, updatedAt } : space)),
  });
}

export function useClientAccounts() {
  return useQuery({
    queryKey: ['client', 'accounts'],
    queryFn: ({ signal }) => api.passiveGet<ClientAccountSummary[]>('/api/client/accounts', signal),
    staleTime: 60_000,
  });
}
