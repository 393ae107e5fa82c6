import type { Connector, OutboundReply } from '../connector.types.ts';
import { parseLiveChatDelivery } from './live-chat.payload.ts';

export const LIVE_CHAT_MAX_LENGTH = 5000;

/** The id a reply has on the "platform": the reply is already stored, the visitor reads it from us. */
const platformIdOf = (reply: OutboundReply) => `agent:${reply.idempotencyKey}`;

/**
 * The bank's own live chat. Visitor messages never come through the public webhook route: the
 * chat routes check the visitor's cookie and store raw deliveries themselves, so `verify`
 * refuses every request to /webhooks/live_chat. A reply is delivered by the visitor gateway,
 * which pushes it to the visitor's socket once it is marked sent: `send` only names it, and is
 * idempotent by nature (the same reply always gets the same id, and `findSent` finds it).
 */
export function createLiveChatConnector(): Connector {
  return {
    platform: 'live_chat',
    handshake: () => ({
      status: 404,
      contentType: 'application/json',
      body: '{"error":{"code":"not_found","message":"Pas de webhook pour le chat."}}',
    }),
    verify: () => false,
    parse: parseLiveChatDelivery,
    replyOptions(channel) {
      if (channel !== 'live_chat') return { modes: [], maxLength: 0, counting: 'characters', notice: null };
      return { modes: ['private'], maxLength: LIVE_CHAT_MAX_LENGTH, counting: 'characters', notice: null };
    },
    send: async (reply) => ({ platformMessageId: platformIdOf(reply) }),
    findSent: async (reply) => ({ platformMessageId: platformIdOf(reply) }),
  };
}
