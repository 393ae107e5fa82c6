import type { Connector, PolledPage } from '../connector.types.ts';
import { createTrustpilotClient } from './trustpilot.client.ts';
import type { TrustpilotReview } from './trustpilot.mapper.ts';
import { parseTrustpilot, verifyTrustpilotBasicAuth } from './trustpilot.webhook.ts';

export interface TrustpilotConnectorOptions {
  apiUrl: string;
  businessUnitId: string;
  apiKey: string;
  apiSecret: string;
  webhookSecret: string;
  /** How often the sync runs; webhooks bring reviews at once, the sync catches what they missed. */
  pollIntervalMs?: number;
  perPage?: number;
  timeoutMs?: number;
}

/** Trustpilot documents no limit for a company reply; 2,000 characters is our own cap. */
export const TRUSTPILOT_REPLY_MAX = 2_000;
/** Bounds one sync run; the rest comes on the next run, from the committed cursor. */
const MAX_PAGES_PER_POLL = 50;

/**
 * The sync's cursor: the creation time of the newest review seen and the ids created at that
 * very time. The next run asks from that time (inclusive) and drops those ids, so a review
 * created in the same second as the last one is neither lost nor doubled.
 */
interface SyncCursor {
  at: string;
  ids: string[];
}

export function parseSyncCursor(cursor: string | null): SyncCursor | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as SyncCursor;
    return typeof value.at === 'string' && Array.isArray(value.ids) ? value : null;
  } catch {
    return null;
  }
}

/** Trustpilot service reviews: webhooks (Basic auth), a periodic API sync, public replies. */
export function createTrustpilotConnector(options: TrustpilotConnectorOptions): Connector {
  const client = createTrustpilotClient(options);
  const perPage = options.perPage ?? 100;
  return {
    platform: 'trustpilot',
    handshake: () => ({
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({ error: 'pas de poignée de main Trustpilot' }),
    }),
    verify: (request) => verifyTrustpilotBasicAuth(options.webhookSecret, request),
    parse: parseTrustpilot,
    replyOptions(channel) {
      if (channel !== 'trustpilot') return { modes: [], maxLength: 0, counting: 'characters', notice: null };
      return {
        modes: ['public'],
        maxLength: TRUSTPILOT_REPLY_MAX,
        counting: 'characters',
        notice: "Trustpilot n'affiche qu'une réponse par avis : une nouvelle réponse remplace la précédente.",
      };
    },
    async send(reply) {
      const reviewId = reply.replyToPlatformId ?? reply.threadKey;
      await client.reply(reviewId, reply.body);
      // Trustpilot gives the reply no id of its own: it is the review's one company reply.
      return { platformMessageId: `${reviewId}:reply` };
    },
    async findSent(reply) {
      const reviewId = reply.replyToPlatformId ?? reply.threadKey;
      const review = await client.getReview(reviewId);
      const posted = review?.companyReply?.text;
      return posted != null && normalise(posted) === normalise(reply.body) ? { platformMessageId: `${reviewId}:reply` } : null;
    },
    pollIntervalMs: options.pollIntervalMs ?? 10 * 60_000,
    async poll(cursorText) {
      const cursor = parseSyncCursor(cursorText);
      const pages: PolledPage[] = [];
      let at = cursor?.at ?? null;
      let ids = new Set(cursor?.ids ?? []);
      for (let page = 1; page <= MAX_PAGES_PER_POLL; page++) {
        const result = await client.listReviews({ startDateTime: cursor?.at ?? null, page, perPage });
        const fresh = result.reviews.filter((r) => r.id && isNew(r, cursor));
        if (fresh.length) pages.push({ rawBody: Buffer.from(JSON.stringify({ reviews: fresh })) });
        for (const review of fresh) {
          const created = toIso(review.createdAt);
          if (!created) continue;
          if (at === null || created > at) {
            at = created;
            ids = new Set([review.id!]);
          } else if (created === at) ids.add(review.id!);
        }
        if (!result.hasNext || result.reviews.length < perPage) break;
      }
      return { pages, cursor: at === null ? cursorText : JSON.stringify({ at, ids: [...ids] }) };
    },
  };
}

function isNew(review: TrustpilotReview, cursor: SyncCursor | null): boolean {
  if (!cursor) return true;
  const created = toIso(review.createdAt);
  if (!created) return true;
  return created > cursor.at || (created === cursor.at && !cursor.ids.includes(review.id!));
}

function toIso(value: string | null | undefined): string | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

const normalise = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();
