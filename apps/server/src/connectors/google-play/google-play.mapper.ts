import { MalformedPayloadError, type NormalizedItem } from '../connector.types.ts';

/** Google's protobuf Timestamp as JSON: seconds as a string (int64), nanos as a number. */
export interface PlayTimestamp {
  seconds: string;
  nanos?: number;
}

export interface PlayReview {
  reviewId: string;
  authorName?: string;
  comments?: {
    userComment?: { text?: string; lastModified?: PlayTimestamp; starRating?: number; originalText?: string; reviewerLanguage?: string };
    developerComment?: { text?: string; lastModified?: PlayTimestamp };
  }[];
}

/** A reviews.list page (or the subset of it a poll keeps): `{ reviews: [...] }`. */
export interface PlayReviewsPage {
  reviews?: PlayReview[];
  tokenPagination?: { nextPageToken?: string };
}

/** Nanoseconds since the epoch: exact ordering of Play timestamps (bigint, no float rounding). */
export function timestampNanos(ts: PlayTimestamp): bigint {
  return BigInt(ts.seconds) * 1_000_000_000n + BigInt(ts.nanos ?? 0);
}

/** `<seconds>.<nanos, 9 digits>`: a sortable, exact text form, used in item ids and the cursor. */
export function timestampKey(ts: PlayTimestamp): string {
  return `${BigInt(ts.seconds)}.${String(ts.nanos ?? 0).padStart(9, '0')}`;
}

export function timestampIso(ts: PlayTimestamp): string {
  return new Date(Number(BigInt(ts.seconds) * 1000n) + Math.floor((ts.nanos ?? 0) / 1_000_000)).toISOString();
}

export const userCommentOf = (review: PlayReview) => review.comments?.find((c) => c.userComment)?.userComment;
export const developerCommentOf = (review: PlayReview) => review.comments?.find((c) => c.developerComment)?.developerComment;

/**
 * The id Agora gives the bank's reply to a review. Google keeps one reply per review, edited in
 * place; its `lastModified` tells the versions apart, so a second answer is a second message.
 */
export function replyPlatformId(reviewId: string, lastModified: PlayTimestamp): string {
  return `${reviewId}:reply:${timestampKey(lastModified)}`;
}

/** "If a review has a title, text = title + TAB + body" (Reply to Reviews guide). */
export function splitTitle(text: string): { title: string | null; body: string } {
  const tab = text.indexOf('\t');
  if (tab < 0) return { title: null, body: text };
  const title = text.slice(0, tab).trim();
  return { title: title || null, body: text.slice(tab + 1) };
}

/**
 * One public conversation per review. The item id carries the comment's lastModified: an edited
 * review arrives under a new id with the same platformMessageId, which ingest applies as an edit
 * (and a replay of the same version is a duplicate). The developer's reply in the listing is the
 * bank's own message (fromBank), recognised by the same id Agora stored when it posted it.
 */
export function mapPlayReviews(page: PlayReviewsPage): NormalizedItem[] {
  if (!page || typeof page !== 'object' || (page.reviews !== undefined && !Array.isArray(page.reviews))) {
    throw new MalformedPayloadError('Google Play : liste d’avis illisible');
  }
  const items: NormalizedItem[] = [];
  for (const review of page.reviews ?? []) {
    if (!review || typeof review.reviewId !== 'string' || !review.reviewId)
      throw new MalformedPayloadError('Google Play : avis sans reviewId');
    const user = userCommentOf(review);
    if (!user?.lastModified?.seconds) {
      items.push({ kind: 'ignored', itemId: `${review.reviewId}:no-user-comment`, reason: 'avis sans commentaire de l’utilisateur' });
      continue;
    }
    const { title, body } = splitTitle(user.text ?? '');
    const createdAt = timestampIso(user.lastModified);
    items.push({
      kind: 'message',
      itemId: `${review.reviewId}:${timestampKey(user.lastModified)}`,
      channel: 'google_play',
      conversationKind: 'public',
      threadKey: review.reviewId,
      platformMessageId: review.reviewId,
      replyToPlatformId: review.reviewId,
      author: {
        // Google gives no user id: the review is the only stable handle on its author.
        platformUserId: `review:${review.reviewId}`,
        handle: null,
        displayName: review.authorName?.trim() || 'Utilisateur Google Play',
        profileUrl: null,
        avatarUrl: null,
      },
      fromBank: false,
      body,
      attachments: [],
      createdAt,
      rating: typeof user.starRating === 'number' ? user.starRating : null,
      title,
    });
    const developer = developerCommentOf(review);
    if (developer?.lastModified?.seconds && typeof developer.text === 'string') {
      const id = replyPlatformId(review.reviewId, developer.lastModified);
      items.push({
        kind: 'message',
        itemId: id,
        channel: 'google_play',
        conversationKind: 'public',
        threadKey: review.reviewId,
        platformMessageId: id,
        replyToPlatformId: review.reviewId,
        author: { platformUserId: 'developer', handle: null, displayName: 'Réponse du développeur', profileUrl: null, avatarUrl: null },
        fromBank: true,
        body: developer.text,
        attachments: [],
        createdAt: timestampIso(developer.lastModified),
      });
    }
  }
  return items;
}

export function parsePlayReviewsPage(rawBody: Buffer): NormalizedItem[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedPayloadError('Google Play : JSON invalide');
  }
  return mapPlayReviews(json as PlayReviewsPage);
}
