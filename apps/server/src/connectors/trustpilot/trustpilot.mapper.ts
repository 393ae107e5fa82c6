import { sha256Hex } from '../../platform/crypto.ts';
import type { AuthorRef, NormalizedItem } from '../connector.types.ts';

/** The parts of a Trustpilot service review the inbox needs (webhook `eventData` or API listing item). */
export interface TrustpilotReview {
  id?: string;
  title?: string | null;
  text?: string | null;
  stars?: number | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  language?: string | null;
  /** Webhooks name the person `name`, the API `displayName`. */
  consumer?: { id?: string; name?: string; displayName?: string; link?: string } | null;
  companyReply?: { text?: string | null; createdAt?: string | null; updatedAt?: string | null } | null;
}

interface WebhookEvent {
  eventName?: string;
  version?: string;
  eventData?: TrustpilotReview;
}

const stableId = (prefix: string, value: unknown) => `${prefix}:${sha256Hex(JSON.stringify(value) ?? '').slice(0, 32)}`;

/**
 * A webhook delivery `{ events: [...] }`: service-review-created → a new public conversation per
 * review; service-review-updated → an edit; service-review-deleted → a deletion mark (the archive
 * keeps the words). Other events (product reviews…) are kept as `ignored`.
 */
export function mapTrustpilotEvents(events: WebhookEvent[]): NormalizedItem[] {
  return events.map((event) => {
    const review = event.eventData ?? {};
    switch (event.eventName) {
      case 'service-review-created':
        return review.id ? mapReview(review, review.id) : ignored(event, 'avis sans id');
      case 'service-review-updated':
        return review.id ? editOf(review, review.id) : ignored(event, 'avis sans id');
      case 'service-review-deleted':
        return review.id
          ? {
              kind: 'update',
              itemId: `${review.id}:deleted`,
              channel: 'trustpilot',
              threadKey: review.id,
              platformMessageId: review.id,
              change: 'deleted',
              at: review.updatedAt ?? new Date().toISOString(),
            }
          : ignored(event, 'avis sans id');
      default:
        return ignored(event, `Trustpilot ${event.eventName ?? 'sans eventName'} : pas un avis marchand`);
    }
  });
}

/**
 * A page of the reviews API `{ reviews: [...] }`: each review as a message (deduplicated by id
 * if the webhook already brought it), plus its latest edit when the review was updated since,
 * so a sync after a missed `service-review-updated` still shows the current words.
 */
export function mapTrustpilotReviewPage(reviews: TrustpilotReview[]): NormalizedItem[] {
  return reviews.flatMap((review): NormalizedItem[] => {
    if (!review.id) return [ignored(review, 'avis sans id')];
    const id = review.id;
    return review.updatedAt ? [mapReview(review, id), editOf(review, id)] : [mapReview(review, id)];
  });
}

function mapReview(review: TrustpilotReview, id: string): NormalizedItem {
  return {
    kind: 'message',
    itemId: id,
    channel: 'trustpilot',
    conversationKind: 'public',
    threadKey: id,
    platformMessageId: id,
    replyToPlatformId: id,
    author: authorOf(review),
    fromBank: false,
    body: review.text ?? '',
    attachments: [],
    createdAt: isoOrNow(review.createdAt),
    rating: typeof review.stars === 'number' ? review.stars : null,
    title: review.title ?? null,
  };
}

function editOf(review: TrustpilotReview, id: string): NormalizedItem {
  // The change is named by its time when Trustpilot gives one, else by its content: a replayed
  // event is a no-op, a later edit is applied.
  const version = review.updatedAt
    ? (isoOrNull(review.updatedAt) ?? review.updatedAt)
    : sha256Hex(JSON.stringify([review.title, review.text, review.stars])).slice(0, 16);
  return {
    kind: 'update',
    itemId: `${id}:edited:${version}`,
    channel: 'trustpilot',
    threadKey: id,
    platformMessageId: id,
    change: 'edited',
    body: review.text ?? '',
    rating: typeof review.stars === 'number' ? review.stars : null,
    title: review.title ?? null,
    at: isoOrNow(review.updatedAt),
  };
}

function authorOf(review: TrustpilotReview): AuthorRef {
  const consumer = review.consumer ?? {};
  const id = consumer.id ?? 'inconnu';
  return {
    platformUserId: id,
    handle: null,
    displayName: consumer.displayName ?? consumer.name ?? 'Client Trustpilot',
    profileUrl: consumer.id ? `https://www.trustpilot.com/users/${consumer.id}` : null,
    avatarUrl: null,
  };
}

function ignored(value: unknown, reason: string): NormalizedItem {
  return { kind: 'ignored', itemId: stableId('trustpilot:ignored', value), reason };
}

function isoOrNull(value: string | null | undefined): string | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function isoOrNow(value: string | null | undefined): string {
  return isoOrNull(value) ?? new Date().toISOString();
}
