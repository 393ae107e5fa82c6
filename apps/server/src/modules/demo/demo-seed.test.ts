import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../../../../tools/simulator/webhook-signer.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { DEMO_STAFF, listKnownSimulatorContacts, seedDemoBank } from './demo-seed.service.ts';

describe.each(agoraTargets())('demo seed on $name', ({ name }) => {
  let agora: TestAgora;
  const deliveries: string[] = [];
  const post = (platform: 'meta' | 'x', body: string) => {
    deliveries.push(platform);
    const secrets = { metaAppSecret: agora.config.META_APP_SECRET, xConsumerSecret: agora.config.X_CONSUMER_SECRET };
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
