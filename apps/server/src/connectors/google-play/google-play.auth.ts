import type { KeyObject } from 'node:crypto';
import { DeliveryError } from '../connector.types.ts';
import { readSigningKey, signJwt } from '../jwt-signing.ts';
import { httpFailure, readJson, transportFailure } from './google-play.http.ts';

export const ANDROID_PUBLISHER_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google accepts assertions valid for at most one hour. */
const ASSERTION_LIFETIME_S = 3600;
/** Renew a little before Google's expiry so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

export interface GoogleTokenSourceOptions {
  tokenUrl: string;
  serviceAccountEmail: string;
  privateKeyPem: string;
  timeoutMs?: number;
  now?: () => number;
}

export interface GoogleTokenSource {
  /** A valid access token, fetched once and reused until shortly before it expires. */
  accessToken(): Promise<string>;
  /** Forgets the cached token (after a 401: revoked or rotated key). */
  invalidate(): void;
  /** When the cached token expires (channel health), or null. */
  readonly expiresAt: Date | null;
}

/** The service-account assertion: RS256 JWT, iss = the account, aud = the token endpoint. */
export function buildServiceAccountAssertion(options: {
  tokenUrl: string;
  serviceAccountEmail: string;
  privateKey: KeyObject | string;
  nowSeconds: number;
}): string {
  return signJwt(
    'RS256',
    { typ: 'JWT' },
    {
      iss: options.serviceAccountEmail,
      scope: ANDROID_PUBLISHER_SCOPE,
      aud: options.tokenUrl,
      iat: options.nowSeconds,
      exp: options.nowSeconds + ASSERTION_LIFETIME_S,
    },
    options.privateKey,
  );
}

/**
 * OAuth 2.0 for service accounts (two-legged): sign an assertion, exchange it at the token
 * endpoint for an access token. Concurrent callers share one exchange.
 */
export function createGoogleTokenSource(options: GoogleTokenSourceOptions): GoogleTokenSource {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const privateKey = readSigningKey(options.privateKeyPem, 'RS256', 'GOOGLE_PLAY_PRIVATE_KEY');
  let cached: { token: string; expiresAtMs: number } | null = null;
  let pending: Promise<string> | null = null;

  async function exchange(): Promise<string> {
    const assertion = buildServiceAccountAssertion({ ...options, privateKey, nowSeconds: Math.floor(now() / 1000) });
    let response: Response;
    try {
      response = await fetch(options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw transportFailure(error, timeoutMs);
    }
    const json = await readJson(response, timeoutMs);
    if (!response.ok) {
      const failure = httpFailure(response, json);
      if (failure.kind === 'rejected') {
        throw new DeliveryError(
          'rejected',
          `Google refuse le compte de service : ${String(json.error_description ?? json.error ?? response.status)}`,
        );
      }
      throw failure;
    }
    const token = json.access_token;
    const expiresIn = Number(json.expires_in);
    if (typeof token !== 'string' || !token || !Number.isFinite(expiresIn))
      throw new DeliveryError('server_error', 'Google a répondu sans jeton d’accès');
    cached = { token, expiresAtMs: now() + expiresIn * 1000 };
    return token;
  }

  return {
    async accessToken() {
      if (cached && cached.expiresAtMs - EXPIRY_MARGIN_MS > now()) return cached.token;
      pending ??= exchange().finally(() => {
        pending = null;
      });
      return pending;
    },
    invalidate() {
      cached = null;
    },
    get expiresAt() {
      return cached ? new Date(cached.expiresAtMs) : null;
    },
  };
}
