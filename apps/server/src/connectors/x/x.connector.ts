import type { Connector } from '../connector.types.ts';
import { createXClient } from './x.client.ts';
import { handshakeX, parseXWebhook, verifyXSignature } from './x.webhook.ts';

export interface XConnectorOptions {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
  /** X user id of the bank's account: its own tweets and DMs come back as echoes. */
  accountId: string;
  apiUrl: string;
  timeoutMs?: number;
}

/** X: public mentions and replies (channel x), direct messages (x_dm). */
export function createXConnector(options: XConnectorOptions): Connector {
  const client = createXClient(options);
  return {
    platform: 'x',
    handshake: (query) => handshakeX(options.consumerSecret, query),
    verify: (request) => verifyXSignature(options.consumerSecret, request),
    parse: (rawBody) => parseXWebhook(rawBody, options.accountId),
    replyOptions(channel) {
      // A DM to X runs up to 10,000 characters; a post counts 280 the way X weighs it.
      if (channel === 'x') return { modes: ['public', 'private'], maxLength: 280, counting: 'x-weighted', notice: null };
      if (channel === 'x_dm') return { modes: ['private'], maxLength: 10_000, counting: 'characters', notice: null };
      return { modes: [], maxLength: 0, counting: 'characters', notice: null };
    },
    send: (reply) => client.send(reply),
    findSent: (reply) => client.findSent(reply, options.accountId),
  };
}
