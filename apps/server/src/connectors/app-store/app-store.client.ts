import type { KeyObject } from 'node:crypto';
import { DeliveryError } from '../connector.types.ts';
import { readSigningKey, signJwt } from '../jwt-signing.ts';
import type { AppStoreReviewResponse, AppStoreReviewsPage } from './app-store.mapper.ts';

export const APP_STORE_AUDIENCE = 'appstoreconnect-v1';
/** Apple refuses tokens whose exp is more than 20 minutes after iat. */
const TOKEN_LIFETIME_S = 19 * 60;
const RENEW_MARGIN_S = 60;

export interface AppStoreClientOptions {
  /** Up to the host: https://api.appstoreconnect.apple.com (the fake in demo mode). */
  apiUrl: string;
  appId: string;
  keyId: string;
  issuerId: string;
  /** The .p8 key: EC P-256, PKCS#8 PEM. */
  privateKeyPem: string;
  timeoutMs?: number;
  now?: () => number;
}

export interface AppStoreClient {
  /** First page of the newest reviews (with any developer response), or the page at `nextUrl`. */
  listReviews(nextUrl: string | null, limit?: number): Promise<AppStoreReviewsPage>;
  /** Creates the response, or overwrites the one already there (one per review). */
  respond(reviewId: string, responseBody: string): Promise<AppStoreReviewResponse>;
  /** The review's response, or null when there is none. */
  responseOf(reviewId: string): Promise<AppStoreReviewResponse | null>;
  deleteResponse(responseId: string): Promise<void>;
}

/** The API token: ES256, kid = key id, iss = issuer id, aud = appstoreconnect-v1, ≤ 20 minutes. */
export function buildAppStoreToken(options: {
  keyId: string;
  issuerId: string;
  privateKey: string | KeyObject;
  nowSeconds: number;
  lifetimeSeconds?: number;
}): string {
  return signJwt(
    'ES256',
    { kid: options.keyId, typ: 'JWT' },
    {
      iss: options.issuerId,
      iat: options.nowSeconds,
      exp: options.nowSeconds + (options.lifetimeSeconds ?? TOKEN_LIFETIME_S),
      aud: APP_STORE_AUDIENCE,
    },
    options.privateKey,
  );
}

/** App Store Connect API v1: customer reviews of the bank's app and the developer responses. */
export function createAppStoreClient(options: AppStoreClientOptions): AppStoreClient {
  const base = options.apiUrl.replace(/\/+$/, '');
  const origin = new URL(base).origin;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  // Read once: a bad key fails when the channel is connected, not at the first reply.
  const privateKey = readSigningKey(options.privateKeyPem, 'ES256', 'APP_STORE_PRIVATE_KEY');
  let token: { value: string; expiresAt: number } | null = null;

  const bearer = () => {
    const nowSeconds = Math.floor(now() / 1000);
    if (!token || token.expiresAt - RENEW_MARGIN_S <= nowSeconds) {
      token = {
        value: buildAppStoreToken({ keyId: options.keyId, issuerId: options.issuerId, privateKey, nowSeconds }),
        expiresAt: nowSeconds + TOKEN_LIFETIME_S,
      };
    }
    return token.value;
  };

  async function call(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${bearer()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw transportFailure(error, timeoutMs);
    }
    const json = safeJson(text);
    if (response.ok || response.status === 404) return { status: response.status, json };
    if (response.status === 401) token = null;
    throw httpFailure(response, json);
  }

  return {
    async listReviews(nextUrl, limit = 200) {
      // links.next is absolute: follow it only on Apple's own host, the token must not leak.
      if (nextUrl && new URL(nextUrl).origin !== origin)
        throw new DeliveryError('rejected', `App Store : lien de page suivante inattendu (${new URL(nextUrl).origin})`);
      const url =
        nextUrl ??
        `${base}/v1/apps/${encodeURIComponent(options.appId)}/customerReviews?${new URLSearchParams({ sort: '-createdDate', limit: String(limit), include: 'response' })}`;
      const { status, json } = await call('GET', url);
      if (status === 404) throw new DeliveryError('rejected', `App Store Connect ne connaît pas l'application ${options.appId}`);
      return json as AppStoreReviewsPage;
    },
    async respond(reviewId, responseBody) {
      const { status, json } = await call('POST', `${base}/v1/customerReviewResponses`, {
        data: {
          type: 'customerReviewResponses',
          attributes: { responseBody },
          relationships: { review: { data: { type: 'customerReviews', id: reviewId } } },
        },
      });
      if (status === 404) throw new DeliveryError('rejected', 'Cet avis n’existe plus sur l’App Store');
      const data = json.data as AppStoreReviewResponse | undefined;
      if (!data?.id) throw new DeliveryError('server_error', 'App Store Connect a répondu sans identifiant de réponse');
      return data;
    },
    async responseOf(reviewId) {
      const { status, json } = await call('GET', `${base}/v1/customerReviews/${encodeURIComponent(reviewId)}/response`);
      if (status === 404) return null;
      return (json.data as AppStoreReviewResponse | null | undefined) ?? null;
    },
    async deleteResponse(responseId) {
      await call('DELETE', `${base}/v1/customerReviewResponses/${encodeURIComponent(responseId)}`);
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

function transportFailure(error: unknown, timeoutMs: number): DeliveryError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new DeliveryError('timeout', `App Store Connect n'a pas répondu en ${timeoutMs} ms`);
  return new DeliveryError('network', 'App Store Connect injoignable (erreur réseau)');
}

function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** Apple's errors: `{ errors: [{ status, code, title, detail }] }`. */
function httpFailure(response: Response, json: Record<string, unknown>): DeliveryError {
  const first = Array.isArray(json.errors) ? (json.errors[0] as { detail?: string; title?: string } | undefined) : undefined;
  const detail = first?.detail ?? first?.title ?? `HTTP ${response.status}`;
  if (response.status === 429)
    return new DeliveryError('rate_limited', 'App Store Connect limite le débit ; nouvel essai plus tard', retryAfterMs(response.headers));
  if (response.status >= 500) return new DeliveryError('server_error', `App Store Connect en erreur (${response.status})`);
  if (response.status === 401 || response.status === 403)
    return new DeliveryError('rejected', `App Store Connect refuse la clé d'API : ${detail}`);
  return new DeliveryError('rejected', `App Store Connect a refusé la requête : ${detail}`);
}
