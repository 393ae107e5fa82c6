import { DeliveryError } from '../connector.types.ts';
import { createGoogleTokenSource, type GoogleTokenSource } from './google-play.auth.ts';
import { httpFailure, readJson, transportFailure } from './google-play.http.ts';
import type { PlayReview, PlayReviewsPage, PlayTimestamp } from './google-play.mapper.ts';

export interface GooglePlayClientOptions {
  /** Base URL up to the host, e.g. https://androidpublisher.googleapis.com (the fake in demo). */
  apiUrl: string;
  tokenUrl: string;
  packageName: string;
  serviceAccountEmail: string;
  privateKeyPem: string;
  /** Per-request limit; a hanging platform must not hold a worker. */
  timeoutMs?: number;
}

export interface GooglePlayClient {
  listReviews(pageToken: string | null, maxResults?: number): Promise<PlayReviewsPage>;
  /** The review, or null when Google no longer has it. */
  getReview(reviewId: string): Promise<PlayReview | null>;
  /** Replies, or replaces the existing reply (Google keeps one per review). */
  reply(reviewId: string, replyText: string): Promise<{ replyText: string; lastEdited: PlayTimestamp }>;
  readonly tokens: GoogleTokenSource;
}

/** Google Play Developer API v3, reviews resource, with a service account's access token. */
export function createGooglePlayClient(options: GooglePlayClientOptions): GooglePlayClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = `${options.apiUrl.replace(/\/+$/, '')}/androidpublisher/v3/applications/${encodeURIComponent(options.packageName)}/reviews`;
  const tokens = createGoogleTokenSource({ ...options, timeoutMs });

  async function call(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    retryAuth = true,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const token = await tokens.accessToken();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw transportFailure(error, timeoutMs);
    }
    const json = await readJson(response, timeoutMs);
    // A token revoked or expired early: fetch a fresh one once before giving up.
    if (response.status === 401 && retryAuth) {
      tokens.invalidate();
      return call(method, url, body, false);
    }
    if (response.ok || response.status === 404) return { status: response.status, json };
    throw httpFailure(response, json);
  }

  return {
    tokens,
    async listReviews(pageToken, maxResults = 100) {
      const query = new URLSearchParams({ maxResults: String(maxResults) });
      if (pageToken) query.set('token', pageToken);
      const { status, json } = await call('GET', `${base}?${query}`);
      if (status === 404) throw new DeliveryError('rejected', `Google Play ne connaît pas l'application ${options.packageName}`);
      return json as PlayReviewsPage;
    },
    async getReview(reviewId) {
      const { status, json } = await call('GET', `${base}/${encodeURIComponent(reviewId)}`);
      return status === 404 ? null : (json as unknown as PlayReview);
    },
    async reply(reviewId, replyText) {
      const { status, json } = await call('POST', `${base}/${encodeURIComponent(reviewId)}:reply`, { replyText });
      if (status === 404) throw new DeliveryError('rejected', 'Cet avis n’existe plus sur Google Play');
      const result = json.result as { replyText?: string; lastEdited?: PlayTimestamp } | undefined;
      // Without lastEdited we cannot name the reply: a platform fault, retried (findSent first).
      if (!result?.lastEdited?.seconds) throw new DeliveryError('server_error', 'Google Play a répondu sans date de réponse');
      return { replyText: result.replyText ?? replyText, lastEdited: result.lastEdited };
    },
  };
}
