import type { PolledPage } from '../connector.types.ts';
import type { AppStoreClient } from './app-store.client.ts';
import type { AppStoreReview } from './app-store.mapper.ts';

const MAX_PAGES = 100;

/**
 * The newest createdDate stored (ISO), and every review stored whose createdDate lies within the
 * late-arrival window before it (id → createdDate in ms): a review Apple publishes late, with an
 * older createdDate, is still taken, and one already stored is never taken twice.
 */
export interface AppStoreCursor {
  at: string;
  seen: Record<string, number>;
}

export interface AppStorePollOptions {
  /** How far back the first poll of a channel reads. */
  initialLookbackMs: number;
  /** How far before the newest review each poll looks again, for reviews that appear late. */
  lateArrivalWindowMs: number;
}

export function decodeAppStoreCursor(cursor: string | null): AppStoreCursor | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as AppStoreCursor;
    if (typeof value.at === 'string' && !Number.isNaN(Date.parse(value.at)) && value.seen && typeof value.seen === 'object') return value;
  } catch {
    // an unreadable cursor starts over from the lookback; ingest dedupes what comes again
  }
  return null;
}

/**
 * Reviews come newest first (sort=-createdDate): pages are followed through `links.next` until
 * a review older than the cursor's window, so a poll reads little more than what is new. The
 * first poll of a channel goes back `initialLookbackMs`, not through years of history.
 */
export async function pollAppStoreReviews(
  client: AppStoreClient,
  cursorText: string | null,
  now: Date,
  options: AppStorePollOptions,
): Promise<{ pages: PolledPage[]; cursor: string | null }> {
  const cursor = decodeAppStoreCursor(cursorText);
  let newestMs = cursor ? Date.parse(cursor.at) : null;
  const floor = newestMs !== null ? newestMs - options.lateArrivalWindowMs : now.getTime() - options.initialLookbackMs;
  const seen = new Map(Object.entries(cursor?.seen ?? {}));
  const pages: PolledPage[] = [];

  let next: string | null = null;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new Error(`App Store : plus de ${MAX_PAGES} pages d'avis, sondage interrompu`);
    const response = await client.listReviews(next);
    const kept: AppStoreReview[] = [];
    let reachedOld = false;
    for (const review of response.data ?? []) {
      const created = Date.parse(review.attributes?.createdDate ?? '');
      if (Number.isNaN(created)) continue;
      if (created < floor) {
        reachedOld = true;
        break;
      }
      if (seen.has(review.id)) continue;
      kept.push(review);
      seen.set(review.id, created);
      if (newestMs === null || created > newestMs) newestMs = created;
    }
    if (kept.length) {
      // Keep each review's included response with it, so a reply written in App Store Connect comes in too.
      const responseIds = new Set(kept.map((r) => r.relationships?.response?.data?.id).filter(Boolean));
      const included = (response.included ?? []).filter((i) => responseIds.has(i.id));
      pages.push({ rawBody: Buffer.from(JSON.stringify({ data: kept, ...(included.length ? { included } : {}) })) });
    }
    next = response.links?.next ?? null;
    if (reachedOld || !next) break;
  }
  if (newestMs === null) return { pages, cursor: cursorText };
  const windowStart = newestMs - options.lateArrivalWindowMs;
  const kept = [...seen].filter(([, ms]) => ms >= windowStart).sort(([a], [b]) => (a < b ? -1 : 1));
  const nextCursor: AppStoreCursor = { at: new Date(newestMs).toISOString(), seen: Object.fromEntries(kept) };
  return { pages, cursor: JSON.stringify(nextCursor) };
}
