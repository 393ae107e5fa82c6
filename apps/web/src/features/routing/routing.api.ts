import type { ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import type { MyRouting, PresenceEntry, RoutingAgent, RoutingTeam, Skills, TransferRequest } from '@agora/contracts/routing.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, apiRequest } from '../../api/http-client.ts';

export function useMyRouting() {
  return useQuery({
    queryKey: ['routing', 'me'],
    queryFn: ({ signal }) => api.get<MyRouting>('/api/routing/me', signal),
    refetchInterval: 60_000,
  });
}

export function useSetMyStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: 'available' | 'away') => apiRequest<MyRouting>('/api/routing/me/status', { method: 'PUT', body: { status } }),
    onSuccess: (data) => queryClient.setQueryData(['routing', 'me'], data),
  });
}

export function useRoutingTeams() {
  return useQuery({ queryKey: ['routing', 'teams'], queryFn: ({ signal }) => api.get<RoutingTeam[]>('/api/routing/teams', signal) });
}

export function useRoutingAgents(enabled = true) {
  return useQuery({
    queryKey: ['routing', 'agents'],
    queryFn: ({ signal }) => api.get<RoutingAgent[]>('/api/routing/agents', signal),
    enabled,
  });
}

export function useUpdateRoutingAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, ...input }: { userId: string; capacity?: number; skills?: Skills }) =>
      apiRequest<RoutingAgent>(`/api/routing/agents/${encodeURIComponent(userId)}`, { method: 'PUT', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['routing'] }),
  });
}

export function useUpdateRoutingTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ teamId, ...input }: { teamId: string; onlyAssigneeReplies?: boolean; replyGuardSeconds?: number }) =>
      apiRequest<RoutingTeam>(`/api/routing/teams/${encodeURIComponent(teamId)}`, { method: 'PUT', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['routing', 'teams'] }),
  });
}

export function useTransfer(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TransferRequest) =>
      api.post<ConversationListItem>(`/api/conversations/${encodeURIComponent(conversationId)}/transfer`, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      void queryClient.invalidateQueries({ queryKey: ['conversation', conversationId] });
    },
  });
}

export function useTakeOver(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ConversationListItem>(`/api/conversations/${encodeURIComponent(conversationId)}/take-over`, {}),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      void queryClient.invalidateQueries({ queryKey: ['conversation', conversationId] });
    },
  });
}

export const announcePresence = (conversationId: string, state: 'viewing' | 'typing' | 'left') =>
  api.post<void>(`/api/conversations/${encodeURIComponent(conversationId)}/presence`, { state }).catch(() => undefined);

export const fetchPresence = (conversationId: string, signal?: AbortSignal) =>
  api.get<PresenceEntry[]>(`/api/conversations/${encodeURIComponent(conversationId)}/presence`, signal);

/**
 * Sends a reply; when a colleague answered the same message moments ago the server answers 409
 * with a ready-made question ("Marc a répondu il y a 40 s. Envoyer quand même ?"): ask it, and
 * send again with the confirmation if the person agrees.
 */
export async function withColleagueConfirm<T>(send: (confirm: boolean) => Promise<T>): Promise<T> {
  try {
    return await send(false);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'recent_reply_by_colleague' && window.confirm(error.message)) return send(true);
    throw error;
  }
}
