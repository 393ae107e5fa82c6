import type { Connector } from '../connector.types.ts';
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
    replyModes(channel) {
      // Public comments can also be answered privately (Private Replies API); DMs only privately.
      if (channel === 'facebook' || channel === 'instagram') return ['public', 'private'];
      if (channel === 'messenger' || channel === 'instagram_dm') return ['private'];
      return [];
    },
    send: (reply) => client.send(reply),
  };
}
