import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerXFake, type XFakeControl } from './x.fake-server.ts';
import { parseXWebhook } from './x.webhook.ts';
import { startXFilteredStream, type XFilteredStream, xStreamRules } from './x-filtered-stream.ts';

const ACCOUNT_ID = '1500000000000000001';
const BEARER = 'app-only-bearer-token-0123456789';
let app: FastifyInstance;
let fake: XFakeControl;
let apiUrl: string;
let stream: XFilteredStream | null = null;

beforeAll(async () => {
  app = Fastify({ logger: false, forceCloseConnections: true });
  fake = registerXFake(app, {
    consumerKey: 'ck',
    consumerSecret: 'consumer-secret-0123456789',
    accessToken: `${ACCOUNT_ID}-token`,
    accessTokenSecret: 'token-secret-0123456789',
    bearerToken: BEARER,
    streamKeepAliveMs: 50,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/x`;
});
afterEach(async () => {
  await stream?.stop();
  stream = null;
  fake.reset();
});
afterAll(() => app.close());

/** Bounded wait on a condition the stream reaches asynchronously. */
async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`jamais atteint : ${what}`);
}

const logs: { level: string; message: string }[] = [];
const logger = {
  info: (_: object, message: string) => logs.push({ level: 'info', message }),
  warn: (_: object, message: string) => logs.push({ level: 'warn', message }),
};
const fast = { networkMs: 5, httpMs: 5, rateLimitMs: 10, maxMs: 50 };
const rules = xStreamRules({ bankName: 'Banque Exemple', accountId: ACCOUNT_ID });

describe('X filtered stream', () => {
  it('builds rules on the bank name and hashtag, never its own posts nor retweets', () => {
    expect(rules).toEqual([
      { value: `"Banque Exemple" -is:retweet -from:${ACCOUNT_ID}`, tag: 'agora:1' },
      { value: `#BanqueExemple -is:retweet -from:${ACCOUNT_ID}`, tag: 'agora:2' },
    ]);
    expect(
      xStreamRules({ bankName: 'Banque Exemple', accountId: '1', configured: ' "prêt immo" Banque ; #BEX ' }).map((r) => r.value),
    ).toEqual(['"prêt immo" Banque -is:retweet -from:1', '#BEX -is:retweet -from:1']);
  });

  it('ensures the rules, then stores each post it receives and skips keep-alives', async () => {
    fake.streamRules.splice(
      0,
      fake.streamRules.length,
      { id: 'old', value: 'ancienne règle', tag: 'agora:9' },
      { id: 'keep', value: rules[0]!.value, tag: rules[0]!.tag },
    );
    const received: Buffer[] = [];
    stream = startXFilteredStream({
      apiUrl,
      bearerToken: BEARER,
      rules,
      onPost: async (raw) => void received.push(raw),
      logger,
      backoff: fast,
    });
    await until(() => fake.connectedStreams() === 1, 'stream connecté');
    expect(fake.streamRules.map((r) => r.value).sort()).toEqual(rules.map((r) => r.value).sort());
    expect(fake.streamRules.find((r) => r.value === rules[0]!.value)?.id).toBe('keep');

    // Several keep-alives pass (every 50 ms) before and between posts.
    await new Promise((r) => setTimeout(r, 120));
    fake.emit({
      data: {
        id: '1800000000000000001',
        text: 'La Banque Exemple a encore augmenté ses frais…',
        author_id: '42',
        conversation_id: '1800000000000000001',
      },
      includes: { users: [{ id: '42', name: 'Chloé B.', username: 'chloe_b' }] },
    });
    fake.emit({ data: { id: '1800000000000000002', text: '#BanqueExemple appli en panne ?', author_id: '43' } });
    await until(() => received.length === 2, 'deux posts reçus');

    const [first] = parseXWebhook(received[0]!, ACCOUNT_ID);
    expect(first).toMatchObject({
      kind: 'message',
      itemId: '1800000000000000001',
      channel: 'x',
      conversationKind: 'public',
      threadKey: '1800000000000000001',
      replyToPlatformId: '1800000000000000001',
      fromBank: false,
      body: 'La Banque Exemple a encore augmenté ses frais…',
      author: { platformUserId: '42', handle: 'chloe_b', displayName: 'Chloé B.', profileUrl: 'https://x.com/chloe_b' },
    });
    expect(JSON.parse(received[0]!.toString()).matching_rules).toHaveLength(1);
  });

  it('reconnects after the server drops the stream and after a 429', async () => {
    const received: Buffer[] = [];
    stream = startXFilteredStream({
      apiUrl,
      bearerToken: BEARER,
      rules,
      onPost: async (raw) => void received.push(raw),
      logger,
      backoff: fast,
    });
    await until(() => fake.connectedStreams() === 1, 'stream connecté');
    fake.failNext(1, { status: 429, retryAfterSeconds: 0 });
    fake.dropStreams();
    await until(() => fake.connectedStreams() === 1, 'stream reconnecté après 429');
    fake.emit({ data: { text: 'Banque Exemple toujours là', author_id: '44' } });
    await until(() => received.length === 1, 'post reçu après reconnexion');
  });

  it('reconnects when the stream falls silent beyond the stall timeout', async () => {
    logs.length = 0;
    const received: Buffer[] = [];
    // Keep-alives every 50 ms are not enough for a 1 ms stall limit: every connection looks dead.
    stream = startXFilteredStream({
      apiUrl,
      bearerToken: BEARER,
      rules,
      onPost: async (raw) => void received.push(raw),
      logger,
      backoff: fast,
      stallTimeoutMs: 1,
    });
    await until(() => logs.filter((l) => l.message.includes('reconnecting')).length >= 2, 'deux reconnexions');
  });

  it('is refused without the right bearer token and stores nothing', async () => {
    logs.length = 0;
    const received: Buffer[] = [];
    stream = startXFilteredStream({
      apiUrl,
      bearerToken: 'wrong-token-0123456789',
      rules,
      onPost: async (raw) => void received.push(raw),
      logger,
      backoff: fast,
    });
    await until(() => logs.filter((l) => l.message.includes('reconnecting')).length >= 2, 'deux refus');
    expect(fake.connectedStreams()).toBe(0);
    expect(received).toEqual([]);
  });

  it('fake rules endpoint answers the documented shape', async () => {
    const documented = JSON.parse(readFileSync(new URL('./fixtures/x_filtered_stream_rules_add_response.json', import.meta.url), 'utf8'));
    const response = await fetch(`${apiUrl}/2/tweets/search/stream/rules`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BEARER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ add: [{ value: 'cat has:images', tag: 'cats with images' }] }),
    });
    const body = await response.json();
    const keys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(keys)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys(v)]))
          : typeof value;
    expect(keys(body)).toEqual(keys(documented));
  });
});
