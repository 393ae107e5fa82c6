import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSimulator, type SimulatorContact } from './simulator.ts';
import { signedHeaders, type WebhookPlatform } from './webhook-signer.ts';

const meta = { appSecret: 'meta-secret-for-tests-000', pageId: '104857600000001', instagramId: '17841400000000001' };
const x = { consumerSecret: 'x-secret-for-tests-00000', accountId: '1500000000000000001' };

function capture(contacts?: SimulatorContact[]) {
  const sent: { platform: WebhookPlatform; raw: string; headers: Record<string, string> }[] = [];
  const simulator = createSimulator({
    baseUrl: 'http://127.0.0.1:9',
    mediaBaseUrl: 'http://127.0.0.1:3001',
    meta,
    x,
    seed: 99,
    contacts,
    // Sign as postWebhook does, then keep the delivery instead of sending it.
    post: async (platform, raw) => {
      sent.push({
        platform,
        raw,
        headers: signedHeaders(platform, raw, { metaAppSecret: meta.appSecret, xConsumerSecret: x.consumerSecret }),
      });
      return 200;
    },
  });
  return { simulator, sent };
}

describe('simulator', () => {
  it('sends every channel, valid JSON, verifiable signatures and unique item ids', async () => {
    const { simulator, sent } = capture();
    const items = [];
    for (let i = 0; i < 300; i++) items.push(await simulator.sendOne());
    expect(new Set(items.map((i) => i.channel))).toEqual(new Set(['facebook', 'messenger', 'instagram', 'instagram_dm', 'x', 'x_dm']));
    expect(new Set(items.map((i) => i.itemId)).size).toBe(items.length);
    for (const delivery of sent) {
      const body = JSON.parse(delivery.raw);
      if (delivery.platform === 'meta') {
        const hex = createHmac('sha256', meta.appSecret).update(Buffer.from(delivery.raw, 'utf8')).digest('hex');
        expect(delivery.headers['x-hub-signature-256']).toBe(`sha256=${hex}`);
        expect(['page', 'instagram']).toContain(body.object);
      } else {
        const b64 = createHmac('sha256', x.consumerSecret).update(Buffer.from(delivery.raw, 'utf8')).digest('base64');
        expect(delivery.headers['x-twitter-webhooks-signature']).toBe(`sha256=${b64}`);
        expect(body.for_user_id).toBe(x.accountId);
      }
    }
    // Some threads continue: fewer distinct threads than messages.
    expect(new Set(items.map((i) => `${i.channel}:${i.threadKey}`)).size).toBeLessThan(items.length * 0.9);
    // Some DMs carry an image served by the demo CDN.
    expect(sent.some((d) => d.raw.includes('http://127.0.0.1:3001/cdn/'))).toBe(true);
  });

  it('builds the documented shapes and backdates them', async () => {
    const { simulator, sent } = capture();
    const at = new Date('2026-03-04T10:11:12Z');
    await simulator.sendOne({ channel: 'x', at, continueShare: 0 });
    const tweet = JSON.parse(sent.at(-1)?.raw ?? '{}').tweet_create_events[0];
    expect(tweet.created_at).toBe('Wed Mar 04 10:11:12 +0000 2026');
    expect(tweet.text).toMatch(/^@BanqueExemple /);
    expect(tweet.entities.user_mentions[0]).toMatchObject({ screen_name: 'BanqueExemple', id_str: x.accountId });

    await simulator.sendOne({ channel: 'messenger', at, continueShare: 0 });
    const messaging = JSON.parse(sent.at(-1)?.raw ?? '{}').entry[0].messaging[0];
    expect(messaging).toMatchObject({ recipient: { id: meta.pageId }, timestamp: at.getTime() });
    expect(messaging.message.mid).toMatch(/^m_/);

    await simulator.sendOne({ channel: 'instagram', at, continueShare: 0 });
    const change = JSON.parse(sent.at(-1)?.raw ?? '{}').entry[0].changes[0];
    expect(change.field).toBe('comments');
    expect(change.value.media.media_product_type).toBe('FEED');

    await simulator.sendOne({ channel: 'x_dm', at, continueShare: 0 });
    const dm = JSON.parse(sent.at(-1)?.raw ?? '{}');
    expect(dm.direct_message_events[0].created_timestamp).toBe(String(at.getTime()));
    expect(dm.users[dm.direct_message_events[0].message_create.sender_id]).toBeDefined();
  });

  it('writes as the known contacts for part of the traffic', async () => {
    const contacts: SimulatorContact[] = [
      { platform: 'x', platformUserId: '4242424242', handle: 'claire_dupont', displayName: 'Claire Dupont' },
      { platform: 'meta', platformUserId: '2000000000000042', handle: null, displayName: 'Paul Morel' },
    ];
    const { simulator, sent } = capture(contacts);
    for (let i = 0; i < 100; i++) await simulator.sendOne();
    const raw = sent.map((d) => d.raw).join('\n');
    expect(raw).toContain('"4242424242"');
    expect(raw).toContain('"2000000000000042"');
  });
});
