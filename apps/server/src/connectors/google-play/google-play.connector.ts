import { type Connector, DeliveryError } from '../connector.types.ts';
import { createGooglePlayClient, type GooglePlayClientOptions } from './google-play.client.ts';
import { developerCommentOf, parsePlayReviewsPage, replyPlatformId } from './google-play.mapper.ts';
import { pollPlayReviews } from './google-play.poller.ts';

export interface GooglePlayConnectorOptions extends GooglePlayClientOptions {
  /** How often reviews.list is read; production ~15 min (the API's quota is per day). */
  pollIntervalMs?: number;
}

/** "Replies of more than approximately 350 characters will be rejected" (reviews.reply). */
export const GOOGLE_PLAY_REPLY_MAX = 350;

/** Google Play: reviews of the bank's app, polled; one public reply per review. */
export function createGooglePlayConnector(options: GooglePlayConnectorOptions): Connector {
  const client = createGooglePlayClient(options);
  return {
    platform: 'google_play',
    // A poller: nothing is ever pushed to Agora's webhook for Google Play.
    handshake: () => ({ status: 404, contentType: 'text/plain', body: 'Not Found' }),
    verify: () => false,
    parse: parsePlayReviewsPage,
    replyOptions(channel) {
      if (channel !== 'google_play') return { modes: [], maxLength: 0, counting: 'characters', notice: null };
      return {
        modes: ['public'],
        maxLength: GOOGLE_PLAY_REPLY_MAX,
        counting: 'characters',
        notice: 'Une seule réponse publique par avis : une nouvelle réponse remplace la précédente sur Google Play.',
      };
    },
    async send(reply) {
      if (reply.channel !== 'google_play' || reply.mode !== 'public') {
        throw new DeliveryError('rejected', 'Google Play ne permet qu’une réponse publique à un avis');
      }
      const result = await client.reply(reply.threadKey, reply.body);
      return { platformMessageId: replyPlatformId(reply.threadKey, result.lastEdited) };
    },
    async findSent(reply) {
      const review = await client.getReview(reply.threadKey);
      const developer = review ? developerCommentOf(review) : undefined;
      // Google strips HTML tags and may trim: compare the visible text.
      if (!developer?.lastModified?.seconds || developer.text?.trim() !== reply.body.trim()) return null;
      return { platformMessageId: replyPlatformId(reply.threadKey, developer.lastModified) };
    },
    poll: (cursor) => pollPlayReviews(client, cursor),
    pollIntervalMs: options.pollIntervalMs ?? 15 * 60_000,
  };
}
