import { safeEqual } from '../../platform/crypto.ts';
import { MalformedPayloadError, type NormalizedItem, type WebhookRequest } from '../connector.types.ts';
import { mapTrustpilotEvents, mapTrustpilotReviewPage } from './trustpilot.mapper.ts';

/** The user name of the credentials put in the subscription URL (`https://trustpilot:<secret>@…`). */
export const TRUSTPILOT_WEBHOOK_USER = 'trustpilot';

/**
 * Trustpilot signs nothing: a subscription is a URL, and the documented way to authenticate it
 * is HTTP Basic credentials written into that URL, which Trustpilot sends as
 * `Authorization: Basic base64(user:password)`. The password is TRUSTPILOT_WEBHOOK_SECRET; both
 * parts are compared in constant time (see fixtures/SOURCES.md).
 */
export function verifyTrustpilotBasicAuth(secret: string, request: WebhookRequest): boolean {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !/^basic /i.test(header)) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both comparisons always run, so a wrong user name takes as long as a wrong password.
  const userOk = safeEqual(decoded.slice(0, colon), TRUSTPILOT_WEBHOOK_USER);
  const passwordOk = safeEqual(decoded.slice(colon + 1), secret);
  return userOk && passwordOk;
}

/** Parses a webhook delivery `{ events }` or a page of the reviews API `{ reviews }` (the sync). */
export function parseTrustpilot(rawBody: Buffer): NormalizedItem[] {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedPayloadError('Trustpilot : corps JSON illisible');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new MalformedPayloadError('Trustpilot : la livraison doit être un objet JSON');
  }
  const body = payload as { events?: unknown; reviews?: unknown };
  if (Array.isArray(body.events)) return mapTrustpilotEvents(body.events);
  if (Array.isArray(body.reviews)) return mapTrustpilotReviewPage(body.reviews);
  throw new MalformedPayloadError('Trustpilot : ni `events` ni `reviews`');
}
