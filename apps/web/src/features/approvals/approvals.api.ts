import type { Role } from '@agora/contracts/common.schema.ts';
import type { PendingApproval } from '@agora/contracts/conversation.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/http-client.ts';

/** Refetched by the live events (realtime.tsx invalidates it with the conversations). */
export const APPROVALS_KEY = ['approvals'] as const;

export const canApprove = (role: Role) => role === 'supervisor' || role === 'compliance' || role === 'admin';

export function useApprovals(enabled = true) {
  return useQuery({
    queryKey: APPROVALS_KEY,
    queryFn: ({ signal }) => api.get<{ items: PendingApproval[] }>('/api/approvals', signal),
    enabled,
    refetchInterval: 60_000,
  });
}

function useDecision<T>(call: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: () => {
      // Whatever happened (done, or already decided by someone else), show the server's list.
      void queryClient.invalidateQueries({ queryKey: APPROVALS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['conversation'] });
    },
  });
}

export function useApprove() {
  return useDecision((messageId: string) => api.post<void>(`/api/approvals/${encodeURIComponent(messageId)}/approve`, {}));
}

export function useReject() {
  return useDecision(({ messageId, comment }: { messageId: string; comment: string }) =>
    api.post<void>(`/api/approvals/${encodeURIComponent(messageId)}/reject`, { comment }),
  );
}
