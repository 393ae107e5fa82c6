import { MalformedPayloadError, type NormalizedItem } from '../connector.types.ts';

export interface AppStoreReview {
  type: 'customerReviews';
  id: string;
  attributes?: {
    rating?: number;
    title?: string | null;
    body?: string | null;
    reviewerNickname?: string | null;
    createdDate?: string;
    territory?: string | null;
  };
  relationships?: { response?: { data?: { type: string; id: string } | null; links?: Record<string, string> } };
}

export interface AppStoreReviewResponse {
  type: 'customerReviewResponses';
  id: string;
  attributes?: { responseBody?: string; lastModifiedDate?: string; state?: 'PUBLISHED' | 'PENDING_PUBLISH' };
}

/** A customerReviews list page (or the part of it a poll keeps), `include=response` adding `included`. */
export interface AppStoreReviewsPage {
  data?: AppStoreReview[];
  included?: (AppStoreReviewResponse | { type: string; id: string })[];
  links?: { self?: string; next?: string };
}

/**
 * The id Agora gives a developer response. Apple keeps one response per review and overwrites
 * it on the next POST, possibly under the same id: the modification date tells versions apart.
 */
export function responsePlatformId(response: AppStoreReviewResponse): string {
  return `${response.id}@${response.attributes?.lastModifiedDate ?? ''}`;
}

/**
 * One public conversation per review: stars, title and body as the author wrote them; the
 * territory (ISO 3166 alpha-3) beside the nickname, since reviews come from every storefront.
 * A response already on the review (written in App Store Connect) is the bank's own message.
 */
export function mapAppStoreReviews(page: AppStoreReviewsPage): NormalizedItem[] {
  if (!page || typeof page !== 'object' || (page.data !== undefined && !Array.isArray(page.data))) {
    throw new MalformedPayloadError('App Store : liste d’avis illisible');
  }
  const responses = new Map<string, AppStoreReviewResponse>();
  for (const included of page.included ?? []) {
    if (included?.type === 'customerReviewResponses') responses.set(included.id, included as AppStoreReviewResponse);
  }
  const items: NormalizedItem[] = [];
  for (const review of page.data ?? []) {
    if (!review || typeof review.id !== 'string' || !review.id) throw new MalformedPayloadError('App Store : avis sans identifiant');
    if (review.type !== 'customerReviews') {
      items.push({ kind: 'ignored', itemId: `${review.type}:${review.id}`, reason: `ressource ${String(review.type)} ignorée` });
      continue;
    }
    const a = review.attributes ?? {};
    const nickname = a.reviewerNickname?.trim() || 'Utilisateur App Store';
    const createdAt =
      a.createdDate && !Number.isNaN(Date.parse(a.createdDate)) ? new Date(a.createdDate).toISOString() : new Date(0).toISOString();
    items.push({
      kind: 'message',
      itemId: review.id,
      channel: 'app_store',
      conversationKind: 'public',
      threadKey: review.id,
      platformMessageId: review.id,
      replyToPlatformId: review.id,
      author: {
        // Apple gives no reviewer id: the review is the only stable handle on its author.
        platformUserId: `review:${review.id}`,
        handle: null,
        displayName: a.territory ? `${nickname} (${a.territory})` : nickname,
        profileUrl: null,
        avatarUrl: null,
      },
      fromBank: false,
      body: a.body ?? '',
      attachments: [],
      createdAt,
      rating: typeof a.rating === 'number' ? a.rating : null,
      title: a.title?.trim() || null,
    });
    const responseId = review.relationships?.response?.data?.id;
    const response = responseId ? responses.get(responseId) : undefined;
    if (response?.attributes?.responseBody) {
      const id = responsePlatformId(response);
      items.push({
        kind: 'message',
        itemId: `response:${id}`,
        channel: 'app_store',
        conversationKind: 'public',
        threadKey: review.id,
        platformMessageId: id,
        replyToPlatformId: review.id,
        author: { platformUserId: 'developer', handle: null, displayName: 'Réponse du développeur', profileUrl: null, avatarUrl: null },
        fromBank: true,
        body: response.attributes.responseBody,
        attachments: [],
        createdAt: response.attributes.lastModifiedDate ?? createdAt,
      });
    }
  }
  return items;
}

export function parseAppStoreReviewsPage(rawBody: Buffer): NormalizedItem[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedPayloadError('App Store : JSON invalide');
  }
  return mapAppStoreReviews(json as AppStoreReviewsPage);
}
