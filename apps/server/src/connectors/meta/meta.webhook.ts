import { hmacSha256, safeEqual } from '../../platform/crypto.ts';
import { type HandshakeResult, MalformedPayloadError, type NormalizedItem, type WebhookRequest } from '../connector.types.ts';
import { type MetaAccountIds, type MetaDelivery, mapMetaDelivery } from './meta.mapper.ts';

/** Meta's subscription check: echo hub.challenge only to a caller who knows our verify token. */
export function handshakeMeta(verifyToken: string, query: Record<string, string | undefined>): HandshakeResult {
  const token = query['hub.verify_token'] ?? '';
  if (query['hub.mode'] === 'subscribe' && safeEqual(token, verifyToken) && query['hub.challenge'] !== undefined) {
    return { status: 200, contentType: 'text/plain', body: query['hub.challenge'] };
  }
  return { status: 403, contentType: 'text/plain', body: 'Forbidden' };
}

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/** `x-hub-signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, compared in constant time. */
export function verifyMetaSignature(appSecret: string, request: WebhookRequest): boolean {
  const header = request.headers['x-hub-signature-256'];
  if (typeof header !== 'string') return false;
  const match = SIGNATURE.exec(header);
  if (!match?.[1]) return false;
  return safeEqual(match[1].toLowerCase(), hmacSha256(appSecret, request.rawBody).toString('hex'));
}

const isDelivery = (value: unknown): value is MetaDelivery =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { entry?: unknown }).entry);

/**
 * Parses a verified delivery. Meta sends one object; its documentation prints some examples as a
 * one-element array, so an array of deliveries is accepted too.
 */
export function parseMetaWebhook(rawBody: Buffer, ids: MetaAccountIds): NormalizedItem[] {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedPayloadError('Meta : corps JSON illisible');
  }
  const deliveries = Array.isArray(payload) ? payload : [payload];
  if (deliveries.length === 0 || !deliveries.every(isDelivery)) {
    throw new MalformedPayloadError('Meta : la livraison doit être un objet avec entry[]');
  }
  for (const delivery of deliveries) {
    if (!delivery.entry.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) {
      throw new MalformedPayloadError('Meta : chaque entrée doit être un objet');
    }
  }
  return deliveries.flatMap((delivery) => mapMetaDelivery(delivery, ids));
}
