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
    replyModes(channel) {
      if (channel === 'x') return ['public', 'private'];
      if (channel === 'x_dm') return ['private'];
      return [];
    },
    send: (reply) => client.send(reply),
  };
}
