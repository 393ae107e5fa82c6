import { type Connector, DeliveryError } from '../connector.types.ts';
import { type AppStoreClientOptions, createAppStoreClient } from './app-store.client.ts';
import { parseAppStoreReviewsPage, responsePlatformId } from './app-store.mapper.ts';
import { pollAppStoreReviews } from './app-store.poller.ts';

export interface AppStoreConnectorOptions extends AppStoreClientOptions {
  pollIntervalMs?: number;
  /** How far back the first poll of the channel reads (30 days). */
  initialLookbackMs?: number;
  /** How far before the newest stored review each poll looks again for late arrivals (3 days). */
  lateArrivalWindowMs?: number;
}

/**
 * Longest developer response App Store Connect accepts. Apple's API reference gives no number;
 * 5,970 characters is the limit App Store Connect enforces (see fixtures/SOURCES.md).
 */
export const APP_STORE_RESPONSE_MAX = 5970;
const DAY_MS = 24 * 3600_000;

/** App Store Connect: customer reviews of the bank's iOS app, polled; one developer response per review. */
export function createAppStoreConnector(options: AppStoreConnectorOptions): Connector {
  const client = createAppStoreClient(options);
  return {
    platform: 'app_store',
    handshake: () => ({ status: 404, contentType: 'text/plain', body: 'Not Found' }),
    verify: () => false,
    parse: parseAppStoreReviewsPage,
    replyOptions(channel) {
      if (channel !== 'app_store') return { modes: [], maxLength: 0, counting: 'characters', notice: null };
      return {
        modes: ['public'],
        maxLength: APP_STORE_RESPONSE_MAX,
        counting: 'characters',
        notice: 'Une seule réponse par avis : une nouvelle réponse remplace la précédente, publiée après un délai par Apple.',
      };
    },
    async send(reply) {
      if (reply.channel !== 'app_store' || reply.mode !== 'public') {
        throw new DeliveryError('rejected', 'L’App Store ne permet qu’une réponse publique à un avis');
      }
      // POST overwrites an existing response (documented "create or update"): an edit is a new send.
      const response = await client.respond(reply.threadKey, reply.body);
      return { platformMessageId: responsePlatformId(response) };
    },
    async findSent(reply) {
      const response = await client.responseOf(reply.threadKey);
      if (!response?.attributes?.responseBody || response.attributes.responseBody.trim() !== reply.body.trim()) return null;
      return { platformMessageId: responsePlatformId(response) };
    },
    poll: (cursor, now) =>
      pollAppStoreReviews(client, cursor, now, {
        initialLookbackMs: options.initialLookbackMs ?? 30 * DAY_MS,
        lateArrivalWindowMs: options.lateArrivalWindowMs ?? 3 * DAY_MS,
      }),
    pollIntervalMs: options.pollIntervalMs ?? 15 * 60_000,
  };
}
