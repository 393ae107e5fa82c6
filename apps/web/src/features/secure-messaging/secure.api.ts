import type { ServerFrame } from '@agora/contracts/events.schema.ts';
import type {
  HandoffConfirmed,
  HandoffLinkCreated,
  HandoffLinkStatus,
  NewSecureThread,
  SecureAttachment,
  SecureSummary,
  SecureThreadDetail,
  SecureThreadSummary,
} from '@agora/contracts/secure-messaging.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, apiUpload, withQuery } from '../../api/http-client.ts';
import './secure.i18n.ts';

/** The same screens serve both sides of a thread: the client in /espace, the staff in the workstation. */
export type Side = 'client' | 'staff';

const base = (side: Side) => (side === 'client' ? '/api/client/secure' : '/api/secure');
// Staff keys sit under 'conversations' / 'conversation' so the workstation's live socket refreshes them.
export const threadsKey = (side: Side, clientId?: string) =>
  side === 'client' ? ['client', 'secure', 'threads'] : ['conversations', 'secure', clientId ?? 'all'];
export const threadKey = (side: Side, id: string) =>
  side === 'client' ? ['client', 'secure', 'thread', id] : ['conversation', id, 'secure'];
// Reads the client's screen makes by itself do not keep an idle secure-space session alive.
const read = <T>(side: Side, path: string) => (side === 'client' ? api.passiveGet<T>(path) : api.get<T>(path));

export function useThreads(side: Side, clientId?: string) {
  return useQuery({
    queryKey: threadsKey(side, clientId),
    queryFn: () => read<SecureThreadSummary[]>(side, withQuery(`${base(side)}/threads`, { clientId })),
  });
}

export function useThread(side: Side, id: string) {
  return useQuery({ queryKey: threadKey(side, id), queryFn: () => read<SecureThreadDetail>(side, `${base(side)}/threads/${id}`) });
}

export function useSecureSummary() {
  return useQuery({
    queryKey: ['client', 'secure', 'summary'],
    queryFn: () => api.passiveGet<SecureSummary>('/api/client/secure/summary'),
  });
}

function useRefresh(side: Side) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: side === 'client' ? ['client', 'secure'] : ['conversations', 'secure'] });
}

export function usePostMessage(side: Side, threadId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefresh(side);
  return useMutation({
    mutationFn: (input: { body: string; attachmentIds: string[] }) =>
      api.post<{ id: string }>(`${base(side)}/threads/${threadId}/messages`, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: threadKey(side, threadId) });
      void refresh();
    },
  });
}

export function useMarkRead(side: Side, threadId: string) {
  const refresh = useRefresh(side);
  return useMutation({ mutationFn: () => api.post<void>(`${base(side)}/threads/${threadId}/read`), onSuccess: () => void refresh() });
}

export function useNewThread() {
  const refresh = useRefresh('client');
  return useMutation({
    mutationFn: (input: NewSecureThread) => api.post<{ id: string }>('/api/client/secure/threads', input),
    onSuccess: () => void refresh(),
  });
}

export const uploadAttachment = (side: Side, threadId: string, file: File) =>
  apiUpload<SecureAttachment>(`${base(side)}/threads/${threadId}/attachments`, file, file.name);

export const attachmentUrl = (side: Side, id: string) =>
  side === 'client' ? `/api/client/secure/attachments/${id}` : `/api/secure/attachments/${id}`;

export const createSecureLink = (conversationId: string) =>
  api.post<HandoffLinkCreated>(`/api/conversations/${conversationId}/secure-link`);

export function useHandoffStatus(token: string) {
  return useQuery({
    queryKey: ['handoff', token],
    queryFn: () => api.get<HandoffLinkStatus>(`/api/client/handoff/${encodeURIComponent(token)}`),
  });
}

export const confirmHandoff = (token: string) => api.post<HandoffConfirmed>(`/api/client/handoff/${encodeURIComponent(token)}/confirm`);

/**
 * The secure space's live channel (/api/client/ws): a frame about one of the client's threads
 * refetches their messages. Frames carry ids only; the API checks ownership again. Reconnects
 * with backoff while the page is open.
 */
export function useClientLive(): boolean {
  const queryClient = useQueryClient();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;
    const connect = () => {
      if (stopped) return;
      const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${scheme}//${window.location.host}/api/client/ws`);
      socket.onmessage = (message) => {
        const frame = JSON.parse(String(message.data)) as ServerFrame;
        if (frame.type === 'ready') {
          attempt = 0;
          setReady(true);
          // Anything missed while disconnected.
          void queryClient.invalidateQueries({ queryKey: ['client', 'secure'] });
        }
        if (frame.type === 'event' && frame.event.type === 'secure.changed')
          void queryClient.invalidateQueries({ queryKey: ['client', 'secure'] });
      };
      socket.onclose = (event) => {
        setReady(false);
        // 4401: the session ended; the idle watch sends the person to the sign-in page.
        if (stopped || event.code === 4401) return;
        const delay = Math.min(30_000, 500 * 2 ** attempt++) * (0.75 + Math.random() / 2);
        timer = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [queryClient]);
  return ready;
}
