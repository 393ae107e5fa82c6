import { type Connector, DeliveryError, type OutboundReply } from '../connector.types.ts';
import { parseForumDelivery } from './forum.payload.ts';

export const FORUM_MAX_LENGTH = 10_000;

/**
 * Where a staff answer lands: the community posts it in the topic (modules/community implements
 * it; injected at start, since connectors do not reach into modules).
 */
export interface ForumDesk {
  /** Posts the answer in the topic `reply.threadKey`, once per idempotency key; returns the post id. */
  postAnswer(reply: OutboundReply): Promise<{ platformMessageId: string }>;
  findAnswer(reply: OutboundReply): Promise<{ platformMessageId: string } | null>;
}

/** A late-bound desk: the registry is built before the modules that implement it. */
export interface ForumDeskSlot {
  current: ForumDesk | null;
}

/**
 * The bank's own forum as a channel. Questions left unanswered come in as raw deliveries stored
 * by the community (never through the public webhook route: `verify` refuses every request);
 * the answer an agent writes in the inbox goes out through `send`, which posts it in the topic as
 * "Conseiller officiel", exactly once per reply (the idempotency key is kept on the post).
 */
export function createForumConnector(slot: ForumDeskSlot): Connector {
  const desk = () => {
    if (!slot.current) throw new DeliveryError('server_error', 'Le forum n’est pas encore prêt.');
    return slot.current;
  };
  return {
    platform: 'forum',
    handshake: () => ({
      status: 404,
      contentType: 'application/json',
      body: '{"error":{"code":"not_found","message":"Pas de webhook pour le forum."}}',
    }),
    verify: () => false,
    parse: parseForumDelivery,
    replyOptions(channel) {
      if (channel !== 'forum') return { modes: [], maxLength: 0, counting: 'characters', notice: null };
      return {
        modes: ['public'],
        maxLength: FORUM_MAX_LENGTH,
        counting: 'characters',
        notice: 'La réponse est publiée dans le sujet du forum, signée « Conseiller officiel ».',
      };
    },
    send: (reply) => desk().postAnswer(reply),
    findSent: (reply) => desk().findAnswer(reply),
  };
}
