import type { Config } from '../config.ts';
import type { ConnectorRegistry } from './connector.types.ts';
import { createLiveChatConnector } from './live-chat/live-chat.connector.ts';
import { createMetaConnector } from './meta/meta.connector.ts';
import { createXConnector } from './x/x.connector.ts';

/** The registry main.ts injects into modules; adding a platform adds one line here. */
export function buildConnectors(config: Config): ConnectorRegistry {
  return new Map([
    [
      'meta',
      createMetaConnector({
        appSecret: config.META_APP_SECRET,
        verifyToken: config.META_VERIFY_TOKEN,
        pageId: config.META_PAGE_ID,
        instagramId: config.META_INSTAGRAM_ID,
        pageAccessToken: config.META_PAGE_ACCESS_TOKEN,
        graphUrl: config.META_GRAPH_URL,
      }),
    ],
    [
      'x',
      createXConnector({
        consumerKey: config.X_CONSUMER_KEY,
        consumerSecret: config.X_CONSUMER_SECRET,
        accessToken: config.X_ACCESS_TOKEN,
        accessTokenSecret: config.X_ACCESS_TOKEN_SECRET,
        accountId: config.X_ACCOUNT_ID,
        apiUrl: config.X_API_URL,
      }),
    ],
    ['live_chat', createLiveChatConnector()],
  ]);
}
