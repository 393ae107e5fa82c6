import type { Team } from '@agora/contracts/admin.schema.ts';
import type { Channel, Role } from '@agora/contracts/common.schema.ts';
import type {
  ConversationDetail,
  ConversationListItem,
  ConversationStatus,
  Message,
  ReplyCheckResponse,
} from '@agora/contracts/conversation.schema.ts';
import { useDebouncedValue } from '@mantine/hooks';
import { type InfiniteData, keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, withQuery } from '../../api/http-client.ts';
import { withColleagueConfirm } from '../routing/routing.api.ts';

export type AssigneeFilter = 'me' | 'team' | 'unassigned';

export interface InboxFilters {
  search?: string;
  status?: ConversationStatus;
  channel?: Channel;
  assignee?: AssigneeFilter;
  intent?: string;
  sentiment?: 'negative' | 'neutral' | 'positive';
  urgency?: 'low' | 'normal' | 'high' | 'critical';
}

type ConversationPage = { items: ConversationListItem[]; nextCursor: string | null };

export interface StaffMember {
  id: string;
  displayName: string;
  firstName: string;
  role: Role;
  teamIds: string[];
}

const PAGE_SIZE = 30;

export function useConversationList(filters: InboxFilters) {
  return useInfiniteQuery({
    queryKey: ['conversations', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<ConversationPage>(withQuery('/api/conversations', { ...filters, limit: PAGE_SIZE, cursor: pageParam }), signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Opening a conversation marks it read on the server; mirror that in the lists at once. */
export function useConversation(id: string | undefined) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['conversation', id],
    queryFn: ({ signal }) => api.get<ConversationDetail>(`/api/conversations/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
  const loadedAt = query.dataUpdatedAt;
  useEffect(() => {
    if (!id || !loadedAt) return;
    patchListItem(queryClient, id, { unread: false });
  }, [id, loadedAt, queryClient]);
  return query;
}

export function patchListItem(queryClient: ReturnType<typeof useQueryClient>, id: string, patch: Partial<ConversationListItem>) {
  queryClient.setQueriesData<InfiniteData<ConversationPage>>({ queryKey: ['conversations'] }, (data) =>
    // Other screens keep non-list data under ['conversations', …] to share its live refresh.
    data && Array.isArray(data.pages)
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === id ? { ...item, ...patch } : item)),
          })),
        }
      : data,
  );
}

export function useStaff() {
  return useQuery({ queryKey: ['staff'], queryFn: ({ signal }) => api.get<StaffMember[]>('/api/staff', signal), staleTime: 5 * 60_000 });
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => api.get<Team[]>('/api/teams', signal), staleTime: 5 * 60_000 });
}

function appendMessage(queryClient: ReturnType<typeof useQueryClient>, conversationId: string, message: Message) {
  queryClient.setQueryData<ConversationDetail>(['conversation', conversationId], (detail) =>
    detail && !detail.messages.some((m) => m.id === message.id) ? { ...detail, messages: [...detail.messages, message] } : detail,
  );
}

export function useSendReply(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; mode: 'public' | 'private'; sendAt?: string; answerId?: string }) =>
      // A colleague answered the same message moments ago: ask, then send with confirm (modules/routing).
      withColleagueConfirm((confirm) =>
        api.post<Message>(`/api/conversations/${encodeURIComponent(conversationId)}/replies`, confirm ? { ...input, confirm } : input),
      ),
    onSuccess: (message) => {
      appendMessage(queryClient, conversationId, message);
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
}

export function useAddNote(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string }) => api.post<Message>(`/api/conversations/${encodeURIComponent(conversationId)}/notes`, input),
    onSuccess: (message) => appendMessage(queryClient, conversationId, message),
  });
}

export function useUpdateConversation(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { status?: ConversationStatus; assigneeId?: string | null }) =>
      api.patch<ConversationListItem>(`/api/conversations/${encodeURIComponent(conversationId)}`, input),
    onSuccess: (item) => {
      queryClient.setQueryData<ConversationDetail>(['conversation', conversationId], (detail) =>
        detail ? { ...detail, status: item.status, assignee: item.assignee } : detail,
      );
      patchListItem(queryClient, conversationId, { status: item.status, assignee: item.assignee });
      // The item may now leave the filtered list (resolved, reassigned): let the server decide.
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
}

/**
 * Asks the server which personal data a draft would expose, 300 ms after the agent stops typing.
 * An empty draft is never sent; the previous answer stays on screen while the next one is on its way.
 */
export function useReplyCheck(body: string, mode: 'public' | 'private') {
  const [debounced] = useDebouncedValue(body, 300);
  const enabled = body.trim() !== '' && debounced.trim() !== '';
  const query = useQuery({
    queryKey: ['reply-check', mode, debounced],
    queryFn: () => api.post<ReplyCheckResponse>('/api/replies/check', { body: debounced, mode }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // Drafts may hold personal data: do not keep them around in the cache.
    gcTime: 10_000,
    retry: false,
  });
  return { warnings: body.trim() && query.data ? query.data.warnings : [], pending: enabled && query.isFetching };
}

/** Hides a public comment on Facebook/Instagram (or shows it again); the thread shows the mark at once. */
export function useModerateMessage(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, action }: { messageId: string; action: 'hide' | 'unhide' }) =>
      api.post<Pick<Message, 'id' | 'hiddenAt'>>(
        `/api/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}/moderation`,
        { action },
      ),
    onSuccess: (result) => {
      queryClient.setQueryData<ConversationDetail>(['conversation', conversationId], (detail) =>
        detail
          ? { ...detail, messages: detail.messages.map((m) => (m.id === result.id ? { ...m, hiddenAt: result.hiddenAt } : m)) }
          : detail,
      );
    },
  });
}
