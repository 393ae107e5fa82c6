import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Outgoing alert webhooks are signed as Stripe signs its events: the header
 *
 *   Agora-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * lets the receiver check the sender and refuse replays (reject a `t` older than 5 minutes).
 */
export const SIGNATURE_HEADER = 'agora-signature';

export function signWebhook(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** What a receiver does (and what our tests do): constant-time check, bounded clock skew. */
export function verifyWebhookSignature(secret: string, body: string, header: string, now = new Date(), toleranceS = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || !parts.v1 || Math.abs(now.getTime() / 1000 - t) > toleranceS) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
