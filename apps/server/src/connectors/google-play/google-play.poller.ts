import type { PolledPage } from '../connector.types.ts';
import type { GooglePlayClient } from './google-play.client.ts';
import { type PlayReview, timestampKey, timestampNanos, userCommentOf } from './google-play.mapper.ts';

/** Bounds one poll; more pages than this in 7 days means something is wrong, not a busy week. */
const MAX_PAGES = 200;

/**
 * Where the last poll stopped: the newest user-comment `lastModified` stored, and the reviews
 * seen at exactly that instant (several reviews can share it; a later one at the same instant
 * must still come in, one already stored must not come twice).
 */
export interface PlayCursor {
  at: string;
  reviewIds: string[];
}

export function decodePlayCursor(cursor: string | null): PlayCursor | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as PlayCursor;
    if (typeof value.at === 'string' && /^\d+\.\d{9}$/.test(value.at) && Array.isArray(value.reviewIds)) return value;
  } catch {
    // fall through: an unreadable cursor starts over; ingest dedupes what comes again
  }
  return null;
}

const keyNanos = (key: string) => {
  const [seconds, nanos] = key.split('.') as [string, string];
  return BigInt(seconds) * 1_000_000_000n + BigInt(nanos);
};

/**
 * reviews.list only returns reviews created or modified in the last 7 days, in no order we may
 * rely on: each poll pages through all of it and keeps only what is newer than the cursor. An
 * edit moves a review's lastModified forward, so an edited review comes again (as an edit).
 */
export async function pollPlayReviews(
  client: GooglePlayClient,
  cursorText: string | null,
): Promise<{ pages: PolledPage[]; cursor: string | null }> {
  const cursor = decodePlayCursor(cursorText);
  const cursorNanos = cursor ? keyNanos(cursor.at) : null;
  const seenAtCursor = new Set(cursor?.reviewIds ?? []);
  const pages: PolledPage[] = [];
  let newest: { nanos: bigint; key: string; reviewIds: Set<string> } | null = cursor
    ? { nanos: cursorNanos as bigint, key: cursor.at, reviewIds: new Set(cursor.reviewIds) }
    : null;

  let token: string | null = null;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new Error(`Google Play : plus de ${MAX_PAGES} pages d'avis, sondage interrompu`);
    const response = await client.listReviews(token);
    const kept: PlayReview[] = [];
    for (const review of response.reviews ?? []) {
      const modified = userCommentOf(review)?.lastModified;
      if (!modified?.seconds) continue;
      const nanos = timestampNanos(modified);
      if (cursorNanos !== null && (nanos < cursorNanos || (nanos === cursorNanos && seenAtCursor.has(review.reviewId)))) continue;
      kept.push(review);
      if (!newest || nanos > newest.nanos) newest = { nanos, key: timestampKey(modified), reviewIds: new Set([review.reviewId]) };
      else if (nanos === newest.nanos) newest.reviewIds.add(review.reviewId);
    }
    // Only what is new is stored, in the platform's own shape, so parse() reads it like any page.
    if (kept.length) pages.push({ rawBody: Buffer.from(JSON.stringify({ reviews: kept })) });
    token = response.tokenPagination?.nextPageToken ?? null;
    if (!token) break;
  }
  const next = newest ? JSON.stringify({ at: newest.key, reviewIds: [...newest.reviewIds].sort() } satisfies PlayCursor) : cursorText;
  return { pages, cursor: next };
}
