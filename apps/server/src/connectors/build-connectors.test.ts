import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../config.ts';
import { buildConnectors } from './build-connectors.ts';
import type { ConnectorRegistry } from './connector.types.ts';
import { type FakePlatforms, startFakePlatforms } from './fake-platforms.server.ts';

// End to end through the registry main.ts uses: config -> connectors -> fakes over real HTTP.
let fakes: FakePlatforms;
let config: Config;
let registry: ConnectorRegistry;

beforeAll(async () => {
  const secrets = {
    AGORA_SESSION_SECRET: 'session-secret-0123456789',
    AGORA_MASTER_KEY: 'MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE',
    META_APP_SECRET: 'meta-app-secret-0123456789',
    META_VERIFY_TOKEN: 'meta-verify-token-0123456789',
    META_PAGE_ACCESS_TOKEN: 'meta-page-token-0123456789',
    X_CONSUMER_SECRET: 'x-consumer-secret-0123456789',
    X_ACCESS_TOKEN_SECRET: 'x-token-secret-0123456789',
    META_PAGE_ID: '104857600000001',
    X_CONSUMER_KEY: 'agora-demo-consumer-key',
    X_ACCESS_TOKEN: '1500000000000000001-agorademo',
    X_ACCOUNT_ID: '1500000000000000001',
  };
  const base = loadConfig({
    NODE_ENV: 'production',
    META_GRAPH_URL: 'http://127.0.0.1:1/meta',
    X_API_URL: 'http://127.0.0.1:1/x',
    ...secrets,
  });
  fakes = await startFakePlatforms({
    port: 0,
    meta: { pageAccessToken: base.META_PAGE_ACCESS_TOKEN, pageId: base.META_PAGE_ID, instagramId: base.META_INSTAGRAM_ID },
    x: {
      consumerKey: base.X_CONSUMER_KEY,
      consumerSecret: base.X_CONSUMER_SECRET,
      accessToken: base.X_ACCESS_TOKEN,
      accessTokenSecret: base.X_ACCESS_TOKEN_SECRET,
    },
  });
  config = { ...base, META_GRAPH_URL: `${fakes.url}/meta`, X_API_URL: `${fakes.url}/x` };
  registry = buildConnectors(config);
});
afterAll(() => fakes.close());

describe('buildConnectors with the fake platforms', () => {
  it('registers meta, x, the live chat and the forum (review platforms only when configured)', () => {
    expect([...registry.keys()].sort()).toEqual(['forum', 'live_chat', 'meta', 'x']);
    expect(registry.get('meta')?.platform).toBe('meta');
    expect(registry.get('x')?.platform).toBe('x');
  });

  it('verifies, parses and answers a Messenger message', async () => {
    const meta = registry.get('meta');
    if (!meta) throw new Error('meta missing');
    const body = Buffer.from(
      JSON.stringify({
        object: 'page',
        entry: [
          {
            id: config.META_PAGE_ID,
            time: 1,
            messaging: [
              {
                sender: { id: '7001' },
                recipient: { id: config.META_PAGE_ID },
                timestamp: 1,
                message: { mid: 'm_1', text: 'Ma carte est bloquée' },
              },
            ],
          },
        ],
      }),
    );
    const signature = `sha256=${createHmac('sha256', config.META_APP_SECRET).update(body).digest('hex')}`;
    expect(meta.verify({ rawBody: body, headers: { 'x-hub-signature-256': signature } })).toBe(true);
    const [item] = meta.parse(body);
    if (item?.kind !== 'message') throw new Error('expected a message');
    expect(
      meta.replyOptions(item.channel, {
        conversationKind: item.conversationKind,
        lastInboundAt: new Date(item.createdAt),
        now: new Date(item.createdAt),
      }).modes,
    ).toEqual(['private']);
    const sent = await meta.send({
      channel: item.channel,
      mode: 'private',
      threadKey: item.threadKey,
      replyToPlatformId: item.replyToPlatformId,
      recipientPlatformUserId: item.author.platformUserId,
      body: 'Bonjour, nous vous aidons tout de suite.',
      idempotencyKey: 'k1',
      lastInboundAt: null,
    });
    expect(fakes.meta.posts).toEqual([expect.objectContaining({ id: sent.platformMessageId, recipient: { id: '7001' } })]);
  });

  it('answers a mention on X publicly and the fake records it', async () => {
    const x = registry.get('x');
    if (!x) throw new Error('x missing');
    expect(x.replyOptions('x', { conversationKind: 'public', lastInboundAt: null, now: new Date() }).modes).toEqual(['public', 'private']);
    const sent = await x.send({
      channel: 'x',
      mode: 'public',
      threadKey: '1296887316556980230',
      replyToPlatformId: '1296887316556980230',
      recipientPlatformUserId: '2244994945',
      body: 'Bonjour, écrivez-nous en message privé.',
      idempotencyKey: 'k2',
      lastInboundAt: null,
    });
    expect(fakes.x.posts).toEqual([
      expect.objectContaining({ kind: 'tweet', id: sent.platformMessageId, inReplyToTweetId: '1296887316556980230' }),
    ]);
  });

  it('closes even with a request hanging', async () => {
    const extra = await startFakePlatforms({ port: 0, meta: { pageAccessToken: 't', pageId: '1', instagramId: '2' }, x: fakesOptionsX() });
    extra.meta.failNext(1, { hang: true });
    const pending = fetch(`${extra.url}/meta/v21.0/1/comments`, { method: 'POST' }).catch(() => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await extra.close();
    expect(await pending).toBeDefined();
  });
});

function fakesOptionsX() {
  return { consumerKey: 'k', consumerSecret: 's', accessToken: '1-t', accessTokenSecret: 'ts' };
}

describe('startFakePlatforms extend', () => {
  it('mounts extra routes on the same server', async () => {
    const extra = await startFakePlatforms({
      port: 0,
      meta: { pageAccessToken: 't', pageId: '1', instagramId: '2' },
      x: fakesOptionsX(),
      extend: (app) => app.get('/cdn/:name', async () => 'media'),
    });
    try {
      expect(await (await fetch(`${extra.url}/cdn/a.svg`)).text()).toBe('media');
    } finally {
      await extra.close();
    }
  });
});
