import type {
  Answer,
  AnswerDetail,
  AnswerInput,
  AnswerSuggestionsResponse,
  ConversationExtras,
  Macro,
  NotificationsResponse,
} from '@agora/contracts/answers.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest, withQuery } from '../../api/http-client.ts';
import './answers.i18n.ts';

export const ANSWER_WRITER_ROLES = ['community_manager', 'supervisor', 'compliance', 'admin'];
export const ANSWER_APPROVER_ROLES = ['compliance', 'supervisor', 'admin'];

export function useAnswerSuggestions(conversationId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['answers', 'suggestions', conversationId],
    queryFn: ({ signal }) => api.get<AnswerSuggestionsResponse>(withQuery('/api/answers/suggestions', { conversationId }), signal),
    enabled,
    staleTime: 30_000,
  });
}

export const renderAnswer = (answerId: string, conversationId: string) =>
  api.post<{ text: string; answerId: string }>(`/api/answers/${encodeURIComponent(answerId)}/render`, { conversationId });

export function useAnswers(search: string) {
  return useQuery({
    queryKey: ['answers', 'list', search],
    queryFn: ({ signal }) => api.get<Answer[]>(withQuery('/api/answers', { search: search || undefined }), signal),
  });
}

export function useAnswer(id: string | null) {
  return useQuery({
    queryKey: ['answers', 'detail', id],
    queryFn: ({ signal }) => api.get<AnswerDetail>(`/api/answers/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
}

export function useAnswerMutations() {
  const queryClient = useQueryClient();
  const done = () => void queryClient.invalidateQueries({ queryKey: ['answers'] });
  return {
    save: useMutation({
      mutationFn: ({ id, input }: { id?: string; input: AnswerInput }) =>
        id
          ? apiRequest<AnswerDetail>(`/api/answers/${encodeURIComponent(id)}`, { method: 'PUT', body: input })
          : api.post<AnswerDetail>('/api/answers', input),
      onSuccess: done,
    }),
    step: useMutation({
      mutationFn: ({ id, step }: { id: string; step: 'submit' | 'approve' | 'reject' | 'publish' }) =>
        api.post<AnswerDetail>(`/api/answers/${encodeURIComponent(id)}/${step}`, {}),
      onSuccess: done,
    }),
  };
}

export function useNotifications() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: ({ signal }) => api.get<NotificationsResponse>('/api/notifications', signal),
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<void>(`/api/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

/** Under ['conversation', id] so that the live events refetch it with the thread. */
export function useConversationExtras(conversationId: string) {
  return useQuery({
    queryKey: ['conversation', conversationId, 'extras'],
    queryFn: ({ signal }) => api.get<ConversationExtras>(`/api/conversations/${encodeURIComponent(conversationId)}/extras`, signal),
  });
}

export function useTagMutations(conversationId: string) {
  const queryClient = useQueryClient();
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: ['conversation', conversationId] });
    void queryClient.invalidateQueries({ queryKey: ['conversations'] });
  };
  return {
    add: useMutation({
      mutationFn: (tag: string) => api.post(`/api/conversations/${encodeURIComponent(conversationId)}/tags`, { tag }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (tag: string) => api.delete(`/api/conversations/${encodeURIComponent(conversationId)}/tags/${encodeURIComponent(tag)}`),
      onSuccess: done,
    }),
  };
}

export function useMacros() {
  return useQuery({ queryKey: ['macros'], queryFn: ({ signal }) => api.get<Macro[]>('/api/macros', signal), staleTime: 60_000 });
}

export function useApplyMacro(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (macroId: string) =>
      api.post<{ applied: number }>(`/api/conversations/${encodeURIComponent(conversationId)}/macros/${encodeURIComponent(macroId)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['conversation', conversationId] });
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
}
