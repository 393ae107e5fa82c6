import { createHmac } from 'node:crypto';

export type WebhookPlatform = 'meta' | 'x' | 'trustpilot';

export interface WebhookSecrets {
  /** Meta App Secret: key of X-Hub-Signature-256. */
  metaAppSecret: string;
  /** X consumer (API) secret: key of x-twitter-webhooks-signature. */
  xConsumerSecret: string;
  /** Password of the Basic credentials Trustpilot puts on its deliveries (user `trustpilot`). */
  trustpilotWebhookSecret?: string;
}

/** Meta: `sha256=` + lowercase hex HMAC-SHA256 of the raw body bytes. */
export function signMeta(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex')}`;
}

/** X: `sha256=` + base64 HMAC-SHA256 of the raw body bytes. */
export function signX(consumerSecret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', consumerSecret).update(rawBody, 'utf8').digest('base64')}`;
}

/**
 * The headers a platform sends with a delivery of `rawBody`. Trustpilot signs nothing: the
 * credentials written in the subscription URL come back as `Authorization: Basic`.
 */
export function signedHeaders(platform: WebhookPlatform, rawBody: string, secrets: WebhookSecrets): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (platform === 'meta') headers['x-hub-signature-256'] = signMeta(secrets.metaAppSecret, rawBody);
  else if (platform === 'x') headers['x-twitter-webhooks-signature'] = signX(secrets.xConsumerSecret, rawBody);
  else headers.authorization = `Basic ${Buffer.from(`trustpilot:${secrets.trustpilotWebhookSecret ?? ''}`).toString('base64')}`;
  return headers;
}

/**
 * POSTs one delivery. The body is serialised once and that exact string is both signed and
 * sent: re-serialising would change bytes (accents, key order) and break the signature.
 */
export async function postWebhook(baseUrl: string, platform: WebhookPlatform, body: unknown, secrets: WebhookSecrets): Promise<number> {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${baseUrl.replace(/\/$/, '')}/webhooks/${platform}`, {
    method: 'POST',
    headers: signedHeaders(platform, rawBody, secrets),
    body: rawBody,
  });
  // Drain the body so the keep-alive socket is reused.
  await response.arrayBuffer();
  return response.status;
}
