import { createHmac, randomBytes } from 'node:crypto';

/**
 * OAuth 1.0a request signing (RFC 5849, HMAC-SHA1), as X's user-context auth requires.
 * Only query-string and form-encoded body parameters are signed: X's v2 endpoints take JSON
 * bodies, which RFC 5849 §3.4.1.3 leaves out of the signature.
 */

/** RFC 3986 percent-encoding: encodeURIComponent leaves !'()* alone, OAuth does not. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface OAuthCredentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

export interface SignatureInput {
  method: string;
  /** Full request URL; its query parameters are signed. */
  url: string;
  /** Every oauth_* parameter except oauth_signature. */
  oauthParams: Record<string, string>;
  /** Form-encoded body parameters, if any. */
  bodyParams?: Record<string, string>;
  consumerSecret: string;
  tokenSecret: string;
}

/** The signature base string of RFC 5849 §3.4.1. */
export function signatureBaseString(input: SignatureInput): string {
  const url = new URL(input.url);
  // URL.host lowercases the host and drops the default port, as §3.4.1.2 asks.
  const baseUrl = `${url.protocol}//${url.host}${url.pathname}`;
  const pairs: [string, string][] = [];
  for (const [key, value] of url.searchParams) pairs.push([key, value]);
  for (const [key, value] of Object.entries(input.bodyParams ?? {})) pairs.push([key, value]);
  for (const [key, value] of Object.entries(input.oauthParams)) {
    if (key !== 'oauth_signature' && key !== 'realm') pairs.push([key, value]);
  }
  const encoded = pairs.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  encoded.sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1));
  const paramString = encoded.map(([k, v]) => `${k}=${v}`).join('&');
  return [input.method.toUpperCase(), percentEncode(baseUrl), percentEncode(paramString)].join('&');
}

export function oauthSignature(input: SignatureInput): string {
  const key = `${percentEncode(input.consumerSecret)}&${percentEncode(input.tokenSecret)}`;
  return createHmac('sha1', key).update(signatureBaseString(input)).digest('base64');
}

/** Builds the `Authorization: OAuth …` header for one request; nonce and timestamp are fresh unless given (tests). */
export function buildOAuthHeader(
  method: string,
  url: string,
  credentials: OAuthCredentials,
  fixed: { nonce?: string; timestamp?: string; bodyParams?: Record<string, string> } = {},
): string {
  const oauthParams: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: fixed.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: fixed.timestamp ?? String(Math.floor(Date.now() / 1000)),
    oauth_token: credentials.token,
    oauth_version: '1.0',
  };
  const signature = oauthSignature({
    method,
    url,
    oauthParams,
    bodyParams: fixed.bodyParams,
    consumerSecret: credentials.consumerSecret,
    tokenSecret: credentials.tokenSecret,
  });
  const all = { ...oauthParams, oauth_signature: signature };
  return `OAuth ${Object.entries(all)
    .map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`)
    .join(', ')}`;
}

/** Parses an `OAuth k="v", …` header into decoded parameters; null when it is not one. */
export function parseOAuthHeader(header: string | undefined): Record<string, string> | null {
  if (!header || !/^OAuth\s/i.test(header)) return null;
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z0-9_%.~-]+)="([^"]*)"/g;
  for (const match of header.slice(6).matchAll(pattern)) {
    try {
      params[decodeURIComponent(match[1] ?? '')] = decodeURIComponent(match[2] ?? '');
    } catch {
      return null;
    }
  }
  return Object.keys(params).length > 0 ? params : null;
}
