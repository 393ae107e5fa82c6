import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, signMeta, signX } from './webhook-signer.ts';

const secrets = { metaAppSecret: 'meta-app-secret-for-tests', xConsumerSecret: 'x-consumer-secret-for-tests' };
const received: { url: string; headers: IncomingMessage['headers']; body: Buffer }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
    res.end('ok');
  });
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('webhook signatures', () => {
  it('matches the X CRC test vector (same HMAC, base64)', () => {
    // From the platform-payloads SOURCE.md: HMAC of the crc_token with the documented secret.
    const value = signX('z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu', '9b4507b3-9040-4669-9ca3-6b94edb50553');
    expect(value).toBe('sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8=');
  });

  it('signs Meta deliveries with lowercase hex over the exact bytes sent, accents included', async () => {
    const status = await postWebhook(baseUrl, 'meta', { object: 'page', entry: [{ message: 'Dépôt refusé à l’agence 😡' }] }, secrets);
    expect(status).toBe(200);
    const last = received.at(-1);
    expect(last?.url).toBe('/webhooks/meta');
    const expected = createHmac('sha256', secrets.metaAppSecret)
      .update(last?.body ?? Buffer.alloc(0))
      .digest('hex');
    expect(last?.headers['x-hub-signature-256']).toBe(`sha256=${expected}`);
    expect(JSON.parse(last?.body.toString('utf8') ?? '').entry[0].message).toBe('Dépôt refusé à l’agence 😡');
  });

  it('signs X deliveries with base64 and posts to /webhooks/x', async () => {
    const raw = JSON.stringify({ for_user_id: '1', direct_message_events: [] });
    await postWebhook(`${baseUrl}/`, 'x', raw, secrets);
    const last = received.at(-1);
    expect(last?.url).toBe('/webhooks/x');
    expect(last?.body.toString('utf8')).toBe(raw);
    const expected = createHmac('sha256', secrets.xConsumerSecret).update(raw).digest('base64');
    expect(last?.headers['x-twitter-webhooks-signature']).toBe(`sha256=${expected}`);
    expect(signMeta(secrets.metaAppSecret, raw)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
