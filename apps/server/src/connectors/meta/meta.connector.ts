import type { Channel } from '@agora/contracts/common.schema.ts';
import type { Connector, ReplyContext, ReplyOptions } from '../connector.types.ts';
import { createMetaClient } from './meta.client.ts';
import { handshakeMeta, parseMetaWebhook, verifyMetaSignature } from './meta.webhook.ts';

export interface MetaConnectorOptions {
  appSecret: string;
  verifyToken: string;
  /** The bank's Facebook Page: what it writes comes back as echoes. */
  pageId: string;
  /** The bank's Instagram professional account. */
  instagramId: string;
  pageAccessToken: string;
  graphUrl: string;
  timeoutMs?: number;
  now?: () => Date;
}

/** Meta: Facebook Page posts and comments, Messenger, Instagram comments and DMs. */
export function createMetaConnector(options: MetaConnectorOptions): Connector {
  const client = createMetaClient(options);
  const ids = { pageId: options.pageId, instagramId: options.instagramId };
  return {
    platform: 'meta',
    handshake: (query) => handshakeMeta(options.verifyToken, query),
    verify: (request) => verifyMetaSignature(options.appSecret, request),
    parse: (rawBody) => parseMetaWebhook(rawBody, ids),
    replyOptions(channel, context) {
      return metaReplyOptions(channel, context);
    },
    send: (reply) => client.send(reply),
    findSent: (reply) => client.findSent(reply),
    moderate: (action, channel, commentId) => client.moderate(action, channel, commentId),
    lookupProfiles: (channel, platformUserIds) => client.lookupProfiles(channel, platformUserIds),
  };
}

const DAY_MS = 24 * 3600_000;

/**
 * Meta's messaging window: a Page may answer a Messenger or Instagram DM within 24 hours of the
 * person's last message; after that only a human agent may still answer, for 7 days, with the
 * HUMAN_AGENT tag (Messenger; Instagram applies the same rule). Comments have no window.
 */
export function metaReplyOptions(channel: Channel, context: ReplyContext): ReplyOptions {
  if (channel === 'facebook') return { modes: ['public', 'private'], maxLength: 8000, counting: 'characters', notice: null };
  if (channel === 'instagram') return { modes: ['public', 'private'], maxLength: 2200, counting: 'characters', notice: null };
  if (channel !== 'messenger' && channel !== 'instagram_dm') return { modes: [], maxLength: 0, counting: 'characters', notice: null };
  const maxLength = channel === 'messenger' ? 2000 : 1000;
  const elapsed = context.lastInboundAt ? context.now.getTime() - context.lastInboundAt.getTime() : Number.POSITIVE_INFINITY;
  if (elapsed <= DAY_MS) return { modes: ['private'], maxLength, counting: 'characters', notice: null };
  if (elapsed <= 7 * DAY_MS) {
    return {
      modes: ['private'],
      maxLength,
      counting: 'characters',
      notice:
        'Fenêtre de 24 h dépassée : seule une réponse humaine (étiquette HUMAN_AGENT) est encore permise, jusqu’à 7 jours après le dernier message.',
    };
  }
  return {
    modes: [],
    maxLength,
    counting: 'characters',
    notice: 'Plus de 7 jours sans message de la personne : la plateforme n’autorise plus de réponse. Attendez qu’elle écrive à nouveau.',
  };
}
