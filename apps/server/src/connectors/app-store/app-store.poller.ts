import type { PolledPage } from '../connector.types.ts';
import type { AppStoreClient } from './app-store.client.ts';
import type { AppStoreReview } from './app-store.mapper.ts';

const MAX_PAGES = 100;

/** The newest createdDate stored (ISO) and the reviews created at exactly that instant. */
export interface AppStoreCursor {
  at: string;
  reviewIds: string[];
}

export function decodeAppStoreCursor(cursor: string | null): AppStoreCursor | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as AppStoreCursor;
    if (typeof value.at === 'string' && !Number.isNaN(Date.parse(value.at)) && Array.isArray(value.reviewIds)) return value;
  } catch {
    // an unreadable cursor starts over from the lookback; ingest dedupes what comes again
  }
  return null;
}

/**
 * Reviews come newest first (sort=-createdDate): pages are followed through `links.next` until
 * a review older than the cursor, so a poll reads only what is new. The first poll of a channel
 * goes back `initialLookbackMs`, not through years of history.
 */
export async function pollAppStoreReviews(
  client: AppStoreClient,
  cursorText: string | null,
  now: Date,
  initialLookbackMs: number,
): Promise<{ pages: PolledPage[]; cursor: string | null }> {
  const cursor = decodeAppStoreCursor(cursorText);
  const floor = cursor ? Date.parse(cursor.at) : now.getTime() - initialLookbackMs;
  const seenAtCursor = new Set(cursor?.reviewIds ?? []);
  let newest: { ms: number; at: string; reviewIds: Set<string> } | null = cursor
    ? { ms: floor, at: cursor.at, reviewIds: new Set(cursor.reviewIds) }
    : null;
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
      if (cursor && created === floor && seenAtCursor.has(review.id)) continue;
      kept.push(review);
      const at = new Date(created).toISOString();
      if (!newest || created > newest.ms) newest = { ms: created, at, reviewIds: new Set([review.id]) };
      else if (created === newest.ms) newest.reviewIds.add(review.id);
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
  const nextCursor = newest
    ? JSON.stringify({ at: newest.at, reviewIds: [...newest.reviewIds].sort() } satisfies AppStoreCursor)
    : cursorText;
  return { pages, cursor: nextCursor };
}
