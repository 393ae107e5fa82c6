import { hmacSha256, safeEqual } from '../../platform/crypto.ts';
import { type HandshakeResult, MalformedPayloadError, type NormalizedItem, type WebhookRequest } from '../connector.types.ts';
import { mapXActivity, mapXStreamPost, type XStreamLine } from './x.mapper.ts';

/** X's Challenge-Response Check: the GET carries crc_token, we prove we hold the consumer secret. */
export function handshakeX(consumerSecret: string, query: Record<string, string | undefined>): HandshakeResult {
  const token = query.crc_token;
  if (!token) {
    return { status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'crc_token manquant' }) };
  }
  const responseToken = `sha256=${hmacSha256(consumerSecret, token).toString('base64')}`;
  return { status: 200, contentType: 'application/json', body: JSON.stringify({ response_token: responseToken }) };
}

/** `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`, compared in constant time. */
export function verifyXSignature(consumerSecret: string, request: WebhookRequest): boolean {
  const header = request.headers['x-twitter-webhooks-signature'];
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = `sha256=${hmacSha256(consumerSecret, request.rawBody).toString('base64')}`;
  return safeEqual(header, expected);
}

/** Parses a verified Account Activity delivery, or a post received on the filtered stream. */
export function parseXWebhook(rawBody: Buffer, accountId: string): NormalizedItem[] {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedPayloadError('X: corps JSON illisible');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new MalformedPayloadError('X: la livraison doit être un objet JSON');
  }
  const body = payload as Record<string, unknown>;
  // A filtered-stream line stored by x-filtered-stream.ts: `{ data, includes, matching_rules }`.
  if (Array.isArray(body.matching_rules) && typeof body.data === 'object' && body.data !== null)
    return [mapXStreamPost(body as XStreamLine, accountId)];
  return mapXActivity(body, accountId);
}
