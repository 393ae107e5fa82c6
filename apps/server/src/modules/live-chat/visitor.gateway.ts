import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { WebSocket } from 'ws';
import type { AppDeps } from '../../platform/app-deps.ts';
import { visitorMessages } from './live-chat.repository.ts';
import type { VisitorFrame } from './live-chat.schema.ts';
import { publishVisitorTyping } from './live-chat.service.ts';

const TYPING_RELAY_MS = 2_000;
const CACHE_LIMIT = 10_000;

export interface VisitorGateway {
  attach(socket: WebSocket, visitorId: string): void;
  close(): void;
}

/**
 * Pushes to each visitor's sockets what they may see of their own conversation, and nothing
 * else. It listens to the same bus events as the staff gateway (so it works across processes
 * with NATS): an event names a conversation; the conversation's thread key is the visitor id.
 * The message is re-read through the visitor's own query (no notes, only sent replies).
 */
export function createVisitorGateway(deps: AppDeps): VisitorGateway {
  const socketsByVisitor = new Map<string, Set<WebSocket>>();
  // conversation id -> visitor id (null: not a live chat); a conversation never changes channel.
  const visitorOfConversation = new Map<string, string | null>();
  const lastTypingRelay = new Map<string, number>();
  const pendingTyping = new Map<string, NodeJS.Timeout>();

  const send = (socket: WebSocket, frame: VisitorFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  const visitorOf = async (conversationId: string): Promise<string | null> => {
    const known = visitorOfConversation.get(conversationId);
    if (known !== undefined) return known;
    const row = await deps.database.db
      .selectFrom('conversations')
      .select(['channel', 'thread_key'])
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!row) return null; // not committed yet here, maybe: do not cache
    const visitorId = row.channel === 'live_chat' ? row.thread_key : null;
    if (visitorOfConversation.size >= CACHE_LIMIT) visitorOfConversation.delete(visitorOfConversation.keys().next().value as string);
    visitorOfConversation.set(conversationId, visitorId);
    return visitorId;
  };

  const handle = async (event: BusEvent) => {
    if (socketsByVisitor.size === 0 || event.bankId !== deps.bankId) return;
    const isTyping = event.type === 'conversation.typing' && event.typing === 'staff';
    const isMessage = (event.type === 'message.created' || event.type === 'message.updated') && event.messageId !== null;
    if (!isTyping && !isMessage) return;
    const visitorId = await visitorOf(event.conversationId);
    const sockets = visitorId ? socketsByVisitor.get(visitorId) : undefined;
    if (!visitorId || !sockets?.size) return;
    if (isTyping) {
      for (const socket of sockets) send(socket, { type: 'typing' });
      return;
    }
    const [message] = await visitorMessages(deps.database.db, deps.bankId, visitorId, event.messageId ?? undefined);
    if (message) for (const socket of sockets) send(socket, { type: 'message', message });
  };

  const unsubscribe = deps.bus.subscribe((event) => {
    handle(event).catch((error) => deps.logger.warn({ err: error, conversationId: event.conversationId }, 'live chat push failed'));
  });

  return {
    attach(socket, visitorId) {
      const sockets = socketsByVisitor.get(visitorId) ?? new Set<WebSocket>();
      socketsByVisitor.set(visitorId, sockets);
      sockets.add(socket);
      const detach = () => {
        sockets.delete(socket);
        if (sockets.size === 0) socketsByVisitor.delete(visitorId);
      };
      socket.on('close', detach);
      socket.on('error', detach);
      socket.on('message', (data) => {
        let frame: { type?: unknown };
        try {
          frame = JSON.parse(String(data)) as { type?: unknown };
        } catch {
          return;
        }
        if (frame.type !== 'typing') return;
        // Keystrokes come in bursts: the agents hear of it at most every two seconds. Typing within
        // that window is relayed at its end rather than dropped, so an agent who has just opened
        // the conversation still sees it.
        const relay = () => {
          lastTypingRelay.set(visitorId, Date.now());
          if (lastTypingRelay.size > CACHE_LIMIT) lastTypingRelay.delete(lastTypingRelay.keys().next().value as string);
          publishVisitorTyping(deps, visitorId).catch((error) => deps.logger.warn({ err: error }, 'live chat typing relay failed'));
        };
        const wait = TYPING_RELAY_MS - (Date.now() - (lastTypingRelay.get(visitorId) ?? 0));
        if (wait <= 0) return relay();
        if (pendingTyping.has(visitorId)) return;
        const timer = setTimeout(() => {
          pendingTyping.delete(visitorId);
          relay();
        }, wait);
        timer.unref();
        pendingTyping.set(visitorId, timer);
      });
      send(socket, { type: 'ready' });
    },
    close() {
      unsubscribe();
      for (const timer of pendingTyping.values()) clearTimeout(timer);
      for (const sockets of socketsByVisitor.values()) for (const socket of sockets) socket.close(1001, 'server stopping');
    },
  };
}
