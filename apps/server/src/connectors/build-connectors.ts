import type { Config } from '../config.ts';
import { createAppStoreConnector } from './app-store/app-store.connector.ts';
import type { Connector, ConnectorRegistry, Platform } from './connector.types.ts';
import { createForumConnector, type ForumDeskSlot } from './forum/forum.connector.ts';
import { createGooglePlayConnector } from './google-play/google-play.connector.ts';
import { createLiveChatConnector } from './live-chat/live-chat.connector.ts';
import { createMetaConnector } from './meta/meta.connector.ts';
import { createTrustpilotConnector } from './trustpilot/trustpilot.connector.ts';
import { createXConnector } from './x/x.connector.ts';

/** The registry main.ts injects into modules; adding a platform adds one line here. */
export function buildConnectors(config: Config, forumDesk: ForumDeskSlot = { current: null }): ConnectorRegistry {
  const registry = new Map<Platform, Connector>([
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
    // The bank's community forum: questions nobody answered reach the inbox; answers go back to the topic.
    ['forum', createForumConnector(forumDesk)],
  ]);
  // Review platforms are connected only when all their settings are present.
  if (
    config.TRUSTPILOT_API_URL &&
    config.TRUSTPILOT_BUSINESS_UNIT_ID &&
    config.TRUSTPILOT_API_KEY &&
    config.TRUSTPILOT_API_SECRET &&
    config.TRUSTPILOT_WEBHOOK_SECRET
  ) {
    registry.set(
      'trustpilot',
      createTrustpilotConnector({
        apiUrl: config.TRUSTPILOT_API_URL,
        businessUnitId: config.TRUSTPILOT_BUSINESS_UNIT_ID,
        apiKey: config.TRUSTPILOT_API_KEY,
        apiSecret: config.TRUSTPILOT_API_SECRET,
        webhookSecret: config.TRUSTPILOT_WEBHOOK_SECRET,
        pollIntervalMs: config.TRUSTPILOT_POLL_SECONDS * 1000,
      }),
    );
  }
  if (
    config.GOOGLE_PLAY_API_URL &&
    config.GOOGLE_OAUTH_TOKEN_URL &&
    config.GOOGLE_PLAY_PACKAGE_NAME &&
    config.GOOGLE_PLAY_SERVICE_ACCOUNT_EMAIL &&
    config.GOOGLE_PLAY_PRIVATE_KEY
  ) {
    registry.set(
      'google_play',
      createGooglePlayConnector({
        apiUrl: config.GOOGLE_PLAY_API_URL,
        tokenUrl: config.GOOGLE_OAUTH_TOKEN_URL,
        packageName: config.GOOGLE_PLAY_PACKAGE_NAME,
        serviceAccountEmail: config.GOOGLE_PLAY_SERVICE_ACCOUNT_EMAIL,
        privateKeyPem: config.GOOGLE_PLAY_PRIVATE_KEY,
        pollIntervalMs: config.GOOGLE_PLAY_POLL_SECONDS * 1000,
      }),
    );
  }
  if (
    config.APP_STORE_API_URL &&
    config.APP_STORE_APP_ID &&
    config.APP_STORE_KEY_ID &&
    config.APP_STORE_ISSUER_ID &&
    config.APP_STORE_PRIVATE_KEY
  ) {
    registry.set(
      'app_store',
      createAppStoreConnector({
        apiUrl: config.APP_STORE_API_URL,
        appId: config.APP_STORE_APP_ID,
        keyId: config.APP_STORE_KEY_ID,
        issuerId: config.APP_STORE_ISSUER_ID,
        privateKeyPem: config.APP_STORE_PRIVATE_KEY,
        pollIntervalMs: config.APP_STORE_POLL_SECONDS * 1000,
      }),
    );
  }
  return registry;
}
