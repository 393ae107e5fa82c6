import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, type WebhookPlatform } from '../../../../../tools/simulator/webhook-signer.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { DEMO_STAFF, listKnownSimulatorContacts, seedDemoBank } from './demo-seed.service.ts';

describe.each(agoraTargets())('demo seed on $name', ({ name }) => {
  let agora: TestAgora;
  const deliveries: string[] = [];
  const post = (platform: WebhookPlatform, body: string) => {
    deliveries.push(platform);
    const secrets = {
      metaAppSecret: agora.config.META_APP_SECRET,
      xConsumerSecret: agora.config.X_CONSUMER_SECRET,
      trustpilotWebhookSecret: agora.config.TRUSTPILOT_WEBHOOK_SECRET,
    };
    return postWebhook(agora.url.replace('localhost', '127.0.0.1'), platform, body, secrets);
  };

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
  });
  afterAll(() => agora?.stop());

  it('creates staff, clients and conversations for both teams through the webhooks, once', async () => {
    const result = await seedDemoBank(agora.deps, { postWebhook: post, conversations: 60 });
    expect(result).toMatchObject({ seeded: true, clients: 50, contacts: 30, failedDeliveries: 0 });
    await agora.drain();
    const { db } = agora.deps.database;
    const staff = await db.selectFrom('staff_users').select(['email', 'role']).where('bank_id', '=', agora.deps.bankId).execute();
    for (const member of DEMO_STAFF) expect(staff).toContainEqual({ email: member.email, role: member.role });
    const byTeam = await db
      .selectFrom('conversations')
      .innerJoin('teams', 'teams.id', 'conversations.team_id')
      .select(['teams.kind', db.fn.countAll<string>().as('n')])
      .groupBy('teams.kind')
      .execute();
    const count = (kind: string) => Number(byTeam.find((r) => r.kind === kind)?.n ?? 0);
    expect(count('social_care') + count('advisors')).toBeGreaterThanOrEqual(55);
    expect(count('advisors')).toBeGreaterThan(3);
    expect(count('social_care')).toBeGreaterThan(count('advisors'));
    const messages = await db.selectFrom('messages').select(['created_at']).execute();
    expect(messages.length).toBe(result.deliveries);
    const oldest = Math.min(...messages.map((m) => new Date(m.created_at).getTime()));
    expect(Date.now() - oldest).toBeGreaterThan(5 * 86_400_000);

    const known = await listKnownSimulatorContacts(agora.deps);
    expect(known).toHaveLength(30);
    expect(new Set(known.map((c) => c.platform))).toEqual(new Set(['meta', 'x']));

    const again = await seedDemoBank(agora.deps, { postWebhook: post, conversations: 60 });
    expect(again.seeded).toBe(false);
    expect(deliveries.length).toBe(result.deliveries);
  });
});

describe('demo seed on every channel', () => {
  let agora: TestAgora;
  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
  });
  afterAll(() => agora?.stop());

  it('fills every channel through its real path: webhooks, the fakes with their pollers, the stream, the live chat', async () => {
    const fakes = agora.fakes;
    const pollers = agora.pollers;
    if (!fakes || !pollers) throw new Error('fakes and pollers expected in tests');
    const base = agora.url.replace('localhost', '127.0.0.1');
    const secrets = {
      metaAppSecret: agora.config.META_APP_SECRET,
      xConsumerSecret: agora.config.X_CONSUMER_SECRET,
      trustpilotWebhookSecret: agora.config.TRUSTPILOT_WEBHOOK_SECRET,
    };
    const result = await seedDemoBank(agora.deps, {
      postWebhook: (platform, body) => postWebhook(base, platform, body, secrets),
      conversations: 30,
      reviews: 12,
      fakes,
      pollNow: (platform) => pollers.pollNow(platform),
      liveChatBaseUrl: base,
    });
    expect(result.failedDeliveries).toBe(0);
    await agora.drain();
    const { db } = agora.deps.database;
    const rows = await db
      .selectFrom('conversations')
      .select(['channel', db.fn.countAll<string>().as('n')])
      .groupBy('channel')
      .execute();
    const channels = Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
    for (const channel of [
      'facebook',
      'messenger',
      'instagram',
      'instagram_dm',
      'x',
      'x_dm',
      'trustpilot',
      'google_play',
      'app_store',
      'live_chat',
    ])
      expect(channels[channel], channel).toBeGreaterThan(0);
    expect((channels.trustpilot ?? 0) + (channels.google_play ?? 0) + (channels.app_store ?? 0)).toBe(12);
    expect(channels.live_chat).toBe(3);

    // Every review on a fake became a message with its stars, webhook or not.
    const reviews = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['conversations.channel', 'conversations.thread_key', 'messages.rating'])
      .where('conversations.channel', 'in', ['trustpilot', 'google_play', 'app_store'])
      .execute();
    expect(reviews.every((r) => typeof r.rating === 'number' && r.rating >= 1 && r.rating <= 5)).toBe(true);
    const trustpilotIds = new Set(reviews.filter((r) => r.channel === 'trustpilot').map((r) => r.thread_key));
    expect(fakes.trustpilot?.reviews.map((r) => r.id).every((id) => trustpilotIds.has(id))).toBe(true);
    const deleted = await db.selectFrom('messages').select(['id']).where('deleted_at', 'is not', null).execute();
    expect(deleted.length).toBeGreaterThan(0);
  });
});
