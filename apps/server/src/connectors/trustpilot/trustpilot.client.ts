import { DeliveryError } from '../connector.types.ts';
import type { TrustpilotReview } from './trustpilot.mapper.ts';

export interface TrustpilotClientOptions {
  /** e.g. https://api.trustpilot.com (paths start with /v1). */
  apiUrl: string;
  businessUnitId: string;
  apiKey: string;
  apiSecret: string;
  /** Per-request limit; a call that hangs must not hold a worker. */
  timeoutMs?: number;
}

export interface ReviewPage {
  reviews: TrustpilotReview[];
  hasNext: boolean;
}

export interface TrustpilotClient {
  listReviews(query: { startDateTime: string | null; page: number; perPage: number }): Promise<ReviewPage>;
  getReview(reviewId: string): Promise<TrustpilotReview | null>;
  reply(reviewId: string, message: string): Promise<void>;
}

const TOKEN_PATH = '/v1/oauth/oauth-business-users-for-applications/accesstoken';

/**
 * Trustpilot's private API with an OAuth 2.0 client-credentials token (API key and secret as
 * HTTP Basic on the token endpoint), cached until shortly before it expires and renewed once
 * when the API answers 401.
 */
export function createTrustpilotClient(options: TrustpilotClientOptions): TrustpilotClient {
  const base = options.apiUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  let token: { value: string; expiresAt: number } | null = null;

  async function call(url: string, init: RequestInit): Promise<{ response: Response; text: string }> {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return { response, text: await response.text() };
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new DeliveryError('timeout', `Trustpilot n'a pas répondu en ${timeoutMs} ms`);
      throw new DeliveryError('network', 'Trustpilot injoignable (erreur réseau)');
    }
  }

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > Date.now()) return token.value;
    const basic = Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64');
    const { response, text } = await call(`${base}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    });
    if (!response.ok) throw httpError(response, text, "l'obtention du jeton");
    const json = safeJson(text) as { access_token?: string; expires_in?: string | number };
    if (!json.access_token) throw new DeliveryError('server_error', 'Trustpilot a répondu sans jeton');
    // expires_in is documented as a string of seconds; renew a minute early.
    const seconds = Number(json.expires_in ?? 3600);
    token = { value: json.access_token, expiresAt: Date.now() + Math.max(0, (Number.isFinite(seconds) ? seconds : 3600) - 60) * 1000 };
    return token.value;
  }

  async function authorized(
    method: string,
    path: string,
    body?: unknown,
    what = "l'appel",
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    for (let attempt = 0; ; attempt++) {
      const bearer = await accessToken();
      const { response, text } = await call(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // A token revoked or expired early: fetch a new one, once.
      if (response.status === 401 && attempt === 0) {
        token = null;
        continue;
      }
      if (response.ok || (method === 'GET' && response.status === 404)) return { status: response.status, json: safeJson(text) };
      throw httpError(response, text, what);
    }
  }

  const bu = encodeURIComponent(options.businessUnitId);
  return {
    async listReviews({ startDateTime, page, perPage }) {
      const query = new URLSearchParams({ orderBy: 'createdat.asc', perPage: String(perPage), page: String(page) });
      if (startDateTime) query.set('startDateTime', startDateTime);
      const { json } = await authorized('GET', `/v1/private/business-units/${bu}/reviews?${query}`, undefined, 'la liste des avis');
      const reviews = Array.isArray(json.reviews) ? (json.reviews as TrustpilotReview[]) : [];
      const links = Array.isArray(json.links) ? (json.links as { rel?: string }[]) : [];
      return { reviews, hasNext: links.some((l) => l.rel === 'next-page') };
    },
    async getReview(reviewId) {
      const { status, json } = await authorized(
        'GET',
        `/v1/private/reviews/${encodeURIComponent(reviewId)}`,
        undefined,
        "la lecture de l'avis",
      );
      return status === 404 ? null : (json as TrustpilotReview);
    },
    async reply(reviewId, message) {
      await authorized('POST', `/v1/private/reviews/${encodeURIComponent(reviewId)}/reply`, { message }, 'la réponse');
    },
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function retryAfterMs(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

function httpError(response: Response, text: string, what: string): DeliveryError {
  if (response.status === 429)
    return new DeliveryError('rate_limited', 'Trustpilot limite le débit ; nouvel essai plus tard', retryAfterMs(response.headers));
  if (response.status >= 500) return new DeliveryError('server_error', `Trustpilot en erreur (${response.status}) pendant ${what}`);
  const json = safeJson(text);
  const detail = typeof json.message === 'string' ? json.message : typeof json.fault === 'string' ? json.fault : `HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403)
    return new DeliveryError('rejected', `Trustpilot refuse les identifiants de la banque : ${detail}`);
  return new DeliveryError('rejected', `Trustpilot a refusé ${what} : ${detail}`);
}
