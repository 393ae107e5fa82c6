import type {
  CategoryView,
  CommunityMe,
  EventQuestionView,
  EventView,
  GroupView,
  IdeaListItem,
  IdeaView,
  ModerationItemView,
  NotificationView,
  PostOutcome,
  PostView,
  ProjectsReport,
  TopicListItem,
  TopicView,
} from '@agora/contracts/community.schema.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, setCsrfToken, withQuery } from '../../api/http-client.ts';
import './community.i18n.ts';

// Under 'client': a 401 there is about the member's session (client or prospect), never the staff's.
export const communityKey = (...parts: unknown[]) => ['client', 'community', ...parts] as const;

export function useCommunityMe() {
  return useQuery({
    queryKey: communityKey('me'),
    queryFn: async () => {
      const me = await api.get<CommunityMe>('/api/community/me');
      if (me.csrfToken) setCsrfToken(me.csrfToken);
      return me;
    },
    staleTime: 30_000,
  });
}

export const useCategories = () =>
  useQuery({ queryKey: communityKey('categories'), queryFn: () => api.get<CategoryView[]>('/api/community/categories') });

export const useTopics = (params: { category?: string; filter?: string; q?: string }) =>
  useQuery({
    queryKey: communityKey('topics', params),
    queryFn: () => api.get<TopicListItem[]>(withQuery('/api/community/topics', params)),
  });

export const useTopic = (id: string | undefined) =>
  useQuery({ queryKey: communityKey('topic', id), queryFn: () => api.get<TopicView>(`/api/community/topics/${id}`), enabled: !!id });

export const useNotifications = (enabled: boolean) =>
  useQuery({
    queryKey: communityKey('notifications'),
    queryFn: () => api.get<NotificationView[]>('/api/community/notifications'),
    enabled,
  });

export const useIdeas = (params: { status?: string; sort?: string }) =>
  useQuery({ queryKey: communityKey('ideas', params), queryFn: () => api.get<IdeaListItem[]>(withQuery('/api/community/ideas', params)) });

export const useIdea = (id: string | undefined) =>
  useQuery({
    queryKey: communityKey('idea', id),
    queryFn: () => api.get<{ idea: IdeaView; comments: PostView[]; canComment: boolean }>(`/api/community/ideas/${id}`),
    enabled: !!id,
  });

export const useProjects = () =>
  useQuery({ queryKey: communityKey('projects'), queryFn: () => api.get<ProjectsReport>('/api/community/ideas/projects') });
export const useGroups = () => useQuery({ queryKey: communityKey('groups'), queryFn: () => api.get<GroupView[]>('/api/community/groups') });
export const useGroup = (slug: string | undefined) =>
  useQuery({
    queryKey: communityKey('group', slug),
    queryFn: () => api.get<{ group: GroupView; topics: TopicListItem[] }>(`/api/community/groups/${slug}`),
    enabled: !!slug,
  });
export const useEvents = () => useQuery({ queryKey: communityKey('events'), queryFn: () => api.get<EventView[]>('/api/community/events') });
export const useEvent = (id: string | undefined) =>
  useQuery({ queryKey: communityKey('event', id), queryFn: () => api.get<EventView>(`/api/community/events/${id}`), enabled: !!id });
export const useQuestions = (id: string | undefined) =>
  useQuery({
    queryKey: communityKey('questions', id),
    queryFn: () => api.get<EventQuestionView[]>(`/api/community/events/${id}/questions`),
    enabled: !!id,
  });

// Staff screens (the staff app's own keys: a 401 there is the staff session's).
export const useModerationQueue = (status: 'open' | 'resolved') =>
  useQuery({
    queryKey: ['community-staff', 'moderation', status],
    queryFn: () => api.get<ModerationItemView[]>(withQuery('/api/community/moderation', { status })),
  });

export const createTopic = (body: {
  categorySlug: string;
  title: string;
  body: string;
  kind: 'question' | 'discussion';
  groupSlug?: string;
}) => api.post<{ topicId: string; outcome: PostOutcome }>('/api/community/topics', body);
export const replyToTopic = (topicId: string, body: string) => api.post<PostOutcome>(`/api/community/topics/${topicId}/posts`, { body });

/** Uploads an image as its raw bytes (the server checks what it really is). */
export async function uploadImage(file: File, csrf: string | null): Promise<{ url: string }> {
  const response = await fetch('/api/community/uploads', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/octet-stream', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: file,
  });
  const payload = (await response.json()) as { url?: string; error?: { message: string } };
  if (!response.ok || !payload.url) throw new Error(payload.error?.message ?? 'Envoi impossible');
  return { url: payload.url };
}

/**
 * The community's live socket: a change to a topic, an idea, an event's Q&A or my notifications
 * refetches what is on screen (frames carry ids only). Reconnects with backoff.
 */
export function useCommunityLive() {
  const queryClient = useQueryClient();
  useEffect(() => {
    let socket: WebSocket | null = null;
    let stopped = false;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    const pending = new Set<string>();
    const connect = () => {
      if (stopped) return;
      const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${scheme}//${window.location.host}/api/community/ws`);
      socket.onmessage = (message) => {
        let frame: { type: string; event?: { community?: { kind: string; id: string; topicId?: string } } };
        try {
          frame = JSON.parse(String(message.data));
        } catch {
          return;
        }
        if (frame.type === 'ready') attempt = 0;
        const c = frame.event?.community;
        if (!c) return;
        pending.add(c.kind === 'notification' ? 'notification' : `${c.kind}:${c.id}`);
        // Votes come in bursts: one refetch for a short burst.
        flush ??= setTimeout(() => {
          flush = undefined;
          for (const key of pending) {
            const [kind, id] = key.split(':');
            if (kind === 'notification') {
              void queryClient.invalidateQueries({ queryKey: communityKey('notifications') });
              void queryClient.invalidateQueries({ queryKey: communityKey('me') });
            } else if (kind === 'event') {
              void queryClient.invalidateQueries({ queryKey: communityKey('questions', id) });
              void queryClient.invalidateQueries({ queryKey: communityKey('event', id) });
            } else if (kind === 'idea') {
              void queryClient.invalidateQueries({ queryKey: communityKey('idea', id) });
              void queryClient.invalidateQueries({ queryKey: communityKey('ideas') });
            } else if (kind === 'topic') {
              void queryClient.invalidateQueries({ queryKey: communityKey('topic', id) });
              void queryClient.invalidateQueries({ queryKey: communityKey('topics') });
            } else if (kind === 'moderation') {
              void queryClient.invalidateQueries({ queryKey: ['community-staff', 'moderation'] });
            }
          }
          pending.clear();
        }, 200);
      };
      socket.onclose = () => {
        socket = null;
        if (stopped) return;
        retry = setTimeout(connect, Math.min(30_000, 500 * 2 ** attempt++));
      };
      socket.onerror = () => socket?.close();
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(flush);
      socket?.close();
    };
  }, [queryClient]);
}
