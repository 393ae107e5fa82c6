import type { BusEvent, ServerFrame } from '@agora/contracts/events.schema.ts';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';

const RealtimeContext = createContext(false);

/** True while the WebSocket is open and the server said it is ready. */
export function useRealtimeConnected() {
  return useContext(RealtimeContext);
}

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

function socketUrl() {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/api/ws`;
}

/**
 * Events carry ids only: we invalidate the queries that may show them, and TanStack Query
 * refetches what this person may see through the API. Events are coalesced for a short moment
 * so a burst (a reply's sending -> sent, a busy inbox) costs one refetch, not one per event.
 */
export function createEventApplier(queryClient: QueryClient, delayMs = 150) {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    // Replies waiting for approval and the bank's rules (crisis mode) follow the same events.
    void queryClient.invalidateQueries({ queryKey: ['approvals'] });
    void queryClient.invalidateQueries({ queryKey: ['bank-rules'] });
    // An @mention (notification.created) lights the header's bell.
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    for (const conversationId of pending) void queryClient.invalidateQueries({ queryKey: ['conversation', conversationId] });
    pending.clear();
  };
  return {
    apply(event: BusEvent) {
      // Typing in a live chat changes nothing stored: no refetch, only a notice for the thread.
      if (event.type === 'conversation.typing') {
        if (event.typing === 'contact') window.dispatchEvent(new CustomEvent('agora:contact-typing', { detail: event.conversationId }));
        return;
      }
      // An appointment booked, moved or cancelled (modules/appointments): the agenda refetches.
      if (event.type === 'appointment.changed') {
        void queryClient.invalidateQueries({ queryKey: ['appointments'] });
        return;
      }
      // Who views or types (modules/routing): nothing stored changed; the presence bar refetches.
      if (event.type === 'conversation.presence') {
        window.dispatchEvent(new CustomEvent('agora:presence', { detail: event.conversationId }));
        return;
      }
      pending.add(event.conversationId);
      timer ??= setTimeout(flush, delayMs);
    },
    dispose() {
      clearTimeout(timer);
    },
  };
}

/**
 * Keeps one WebSocket to /api/ws while someone is signed in, reconnecting with exponential
 * backoff (and jitter, so a restarted server is not hit by every tab at once).
 */
export function RealtimeProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;
    let wasReadyBefore = false;
    const applier = createEventApplier(queryClient);

    const connect = () => {
      if (stopped) return;
      socket = new WebSocket(socketUrl());
      socket.onmessage = (message) => {
        let frame: ServerFrame;
        try {
          frame = JSON.parse(String(message.data)) as ServerFrame;
        } catch {
          return;
        }
        if (frame.type === 'ready') {
          attempt = 0;
          setConnected(true);
          // Events may have been missed while disconnected: refresh what is on screen.
          if (wasReadyBefore) {
            void queryClient.invalidateQueries({ queryKey: ['conversations'] });
            void queryClient.invalidateQueries({ queryKey: ['conversation'] });
            void queryClient.invalidateQueries({ queryKey: ['approvals'] });
            void queryClient.invalidateQueries({ queryKey: ['bank-rules'] });
          }
          wasReadyBefore = true;
        } else if (frame.type === 'event') {
          applier.apply(frame.event);
        }
      };
      socket.onclose = (close) => {
        setConnected(false);
        socket = null;
        if (stopped) return;
        // 4401/1008: the session is gone; let /me decide whether to go to the login page.
        if (close.code === 4401 || close.code === 1008) void queryClient.invalidateQueries({ queryKey: ['me'] });
        const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt) * (0.75 + Math.random() * 0.5);
        attempt += 1;
        timer = setTimeout(connect, delay);
      };
      socket.onerror = () => {
        socket?.close();
      };
    };
    connect();

    return () => {
      stopped = true;
      clearTimeout(timer);
      applier.dispose();
      socket?.close();
      setConnected(false);
    };
  }, [enabled, queryClient]);

  return <RealtimeContext.Provider value={connected}>{children}</RealtimeContext.Provider>;
}
