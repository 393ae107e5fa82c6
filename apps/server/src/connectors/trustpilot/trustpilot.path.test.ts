import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConversationDetail, ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser } from '../../modules/staff/staff.service.ts';
import {
  agoraTargets,
  createTestDatabaseUrl,
  startTestAgora,
  type TestAgora,
  type TestDatabaseUrl,
} from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import type { TrustpilotFakeReview } from './trustpilot.fake-server.ts';

const PASSWORD = 'mot-de-passe-du-test-42';

// The whole path: webhook → inbox, sync with a restart on the same database, replies through the fake.
describe.each(agoraTargets())('Trustpilot through a running Agora on $name', ({ name }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-tp-'));
  let agora: TestAgora;
  let cm: StaffClient;
  // A restart keeps the database: on the server target, one database for both runs.
  let serverDatabase: TestDatabaseUrl | null = null;

  const start = async () => {
    if (name === 'postgres' && !serverDatabase) serverDatabase = await createTestDatabaseUrl(process.env.DATABASE_URL!);
    const env: Record<string, string> = { DATA_DIR: dataDir, ...(serverDatabase ? { DATABASE_URL: serverDatabase.url } : {}) };
    agora = await startTestAgora({ database: 'pglite', env });
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: await socialCare(),
      password: PASSWORD,
    }).catch(() => undefined);
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
    // Let the poll every poller runs at start finish before the test drives its own.
    await agora.pollers!.pollNow('trustpilot');
  };
  const socialCare = async () =>
    (await agora.deps.database.db.selectFrom('teams').select(['id', 'kind']).where('bank_id', '=', agora.deps.bankId).execute())
      .filter((t) => t.kind === 'social_care')
      .map((t) => t.id);
  const webhook = (body: unknown, authorization?: string) =>
    fetch(`${agora.url}/webhooks/trustpilot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
  const basic = (password: string) => `Basic ${Buffer.from(`trustpilot:${password}`).toString('base64')}`;
  const reviewMessages = async (ids: string[]) =>
    agora.deps.database.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.platform_message_id', 'messages.body', 'messages.rating', 'messages.deleted_at'])
      .where('conversations.channel', '=', 'trustpilot')
      .where('messages.platform_message_id', 'in', ids)
      .execute();

  beforeAll(start);
  afterAll(async () => {
    await agora?.stop();
    await serverDatabase?.drop();
  });

  it('stores a review posted with the right credentials, refuses and stores nothing otherwise', async () => {
    const event = (id: string, text: string) => ({
      events: [
        {
          eventName: 'service-review-created',
          version: '1',
          eventData: { id, title: 'Avis', text, stars: 2, createdAt: new Date().toISOString(), consumer: { id: 'c-wh', name: 'Hugo R.' } },
        },
      ],
    });
    expect((await webhook(event('wh-bad', 'Mauvais secret'), basic('pas-le-bon-secret-123'))).status).toBe(401);
    expect((await webhook(event('wh-none', 'Sans identifiants'))).status).toBe(401);
    expect((await webhook(event('wh-ok', 'Application bancaire lente'), basic(agora.config.TRUSTPILOT_WEBHOOK_SECRET!))).status).toBe(200);
    await agora.drain();
    expect((await reviewMessages(['wh-bad', 'wh-none', 'wh-ok'])).map((m) => m.platform_message_id)).toEqual(['wh-ok']);
    const raw = await agora.deps.database.db.selectFrom('raw_deliveries').select(['body']).where('platform', '=', 'trustpilot').execute();
    expect(raw.some((r) => r.body.includes('wh-bad') || r.body.includes('wh-none'))).toBe(false);

    // Updated then deleted: the archive keeps the words, marked.
    const updated = {
      events: [
        {
          eventName: 'service-review-updated',
          version: '1',
          eventData: { id: 'wh-ok', title: 'Avis', text: 'Application réparée', stars: 4, updatedAt: new Date().toISOString() },
        },
      ],
    };
    expect((await webhook(updated, basic(agora.config.TRUSTPILOT_WEBHOOK_SECRET!))).status).toBe(200);
    expect(
      (
        await webhook(
          { events: [{ eventName: 'service-review-deleted', version: '1', eventData: { id: 'wh-ok' } }] },
          basic(agora.config.TRUSTPILOT_WEBHOOK_SECRET!),
        )
      ).status,
    ).toBe(200);
    await agora.drain();
    const [message] = await reviewMessages(['wh-ok']);
    expect(message).toMatchObject({ body: 'Application réparée', rating: 4 });
    expect(message!.deleted_at).not.toBeNull();
  });

  it('syncs every review once, over pages, across polls and a restart', async () => {
    const seeded: TrustpilotFakeReview[] = [];
    const base = Date.parse('2026-04-01T08:00:00.000Z');
    // 230 reviews over three API pages, some created in the same second.
    for (let i = 0; i < 230; i++)
      seeded.push(
        agora.fakes!.trustpilot!.addReview({ id: `sync-${i}`, createdAt: new Date(base + Math.floor(i / 3) * 1000).toISOString() }),
      );
    expect(await agora.pollers!.pollNow('trustpilot')).toBe(3);
    // Ingest runs on this process's event loop (PGlite): let it finish before polling again.
    await agora.drain();
    expect(await agora.pollers!.pollNow('trustpilot')).toBe(0);
    expect(await reviewMessages(seeded.map((r) => r.id))).toHaveLength(230);

    // Restart: a new process with the same database; Trustpilot still holds the same reviews,
    // plus two written meanwhile (one in the last second already seen).
    await agora.close();
    await start();
    for (const review of seeded) agora.fakes!.trustpilot!.addReview(review);
    const late = [
      agora.fakes!.trustpilot!.addReview({ id: 'sync-late-1', createdAt: seeded.at(-1)!.createdAt }),
      agora.fakes!.trustpilot!.addReview({ id: 'sync-late-2', createdAt: new Date(base + 3_600_000).toISOString() }),
    ];
    await agora.pollers!.pollNow('trustpilot');
    await agora.drain();
    const ids = [...seeded, ...late].map((r) => r.id);
    const stored = await reviewMessages(ids);
    expect(stored).toHaveLength(232);
    expect(new Set(stored.map((m) => m.platform_message_id)).size).toBe(232);
  });

  it('replies publicly through the fake after a 429, posted once, and never twice after a crash', async () => {
    const fake = agora.fakes!.trustpilot!;
    const review = fake.addReview({ id: 'reply-1', text: 'Mon conseiller ne répond jamais', stars: 1 });
    expect(await agora.pollers!.pollNow('trustpilot')).toBe(1);
    await agora.drain();
    const { body: list } = await cm.request<{ items: ConversationListItem[] }>('GET', '/api/conversations?limit=100');
    const row = await agora.deps.database.db
      .selectFrom('conversations')
      .select(['id'])
      .where('channel', '=', 'trustpilot')
      .where('thread_key', '=', review.id)
      .executeTakeFirstOrThrow();
    const conversation = list.items.find((c) => c.id === row.id)!;
    expect(conversation).toBeDefined();

    fake.failNext(1, { status: 429, retryAfterSeconds: 1 });
    const text = 'Bonjour, votre conseillère vous appelle aujourd’hui.';
    const sent = await cm.request<{ id: string }>('POST', `/api/conversations/${conversation.id}/replies`, { body: text, mode: 'public' });
    expect(sent.status).toBe(202);
    const status = async () => {
      const { body } = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversation.id}`);
      return body.messages.find((m) => m.id === sent.body.id)!;
    };
    for (let i = 0; i < 100 && (await status()).deliveryStatus !== 'sent'; i++) await new Promise((r) => setTimeout(r, 200));
    expect((await status()).deliveryStatus).toBe('sent');
    expect(fake.replies.filter((r) => r.reviewId === review.id)).toHaveLength(1);

    // A crash between Trustpilot's answer and our commit: the row is still in flight.
    await agora.deps.database.db
      .updateTable('messages')
      .set({ delivery_status: 'retrying', delivery_in_flight: true, next_attempt_at: new Date() })
      .where('id', '=', sent.body.id)
      .execute();
    agora.deps.wakeDelivery();
    await agora.drain();
    expect((await status()).deliveryStatus).toBe('sent');
    expect(fake.replies.filter((r) => r.reviewId === review.id)).toHaveLength(1);
  });
});
