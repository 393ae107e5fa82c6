import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConversationDetail } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser } from '../../modules/staff/staff.service.ts';
import { agoraTargets, createTestDatabaseUrl, TEST_ADMIN, type TestDatabaseUrl } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { type RunningAgora, startAgora } from '../../server.ts';
import { type FakePlatforms, startFakePlatforms } from '../fake-platforms.server.ts';
import { publicKeyPemOf } from '../jwt-signing.ts';

const PASSWORD = 'mot-de-passe-du-test-42';
const ids = { keyId: 'TESTKEY001', issuerId: '69a6de70-0000-47e3-e053-5b8c7c11a4d1', appId: '987654321' };
const privateKeyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * The whole path, poll → raw delivery → ingest → inbox → reply, on an Agora whose platforms live
 * outside it: the fakes (Apple's state) survive a restart of Agora on the same database.
 */
describe.each(agoraTargets())('App Store reviews through Agora on $name', ({ name }) => {
  let fakes: FakePlatforms;
  let agora: RunningAgora;
  let database: TestDatabaseUrl | null = null;
  let cm: StaffClient;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-as-'));

  const start = async () => {
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      AGORA_SIMULATOR: 'off',
      AGORA_DEMO_SEED: 'off',
      AGORA_ADMIN_EMAIL: TEST_ADMIN.email,
      AGORA_ADMIN_PASSWORD: TEST_ADMIN.password,
      // Platform URLs given: Agora starts no fakes of its own and talks to ours.
      META_GRAPH_URL: `${fakes.url}/meta`,
      X_API_URL: `${fakes.url}/x`,
      TRUSTPILOT_API_URL: `${fakes.url}/trustpilot`,
      GOOGLE_PLAY_API_URL: `${fakes.url}/google-play`,
      GOOGLE_OAUTH_TOKEN_URL: `${fakes.url}/google-oauth/token`,
      APP_STORE_API_URL: `${fakes.url}/app-store`,
      APP_STORE_APP_ID: ids.appId,
      APP_STORE_KEY_ID: ids.keyId,
      APP_STORE_ISSUER_ID: ids.issuerId,
      APP_STORE_PRIVATE_KEY: privateKeyPem,
      ...(database ? { DATABASE_URL: database.url } : {}),
    };
    agora = await startAgora(env);
    // The poller ticks once at start: let that first poll finish so each test's poll is its own.
    await agora.pollers?.pollNow('app_store');
    await agora.drain();
  };
  const poll = async () => {
    const pages = await agora.pollers!.pollNow('app_store');
    await agora.drain();
    return pages;
  };
  const reviewMessages = () =>
    agora.deps.database.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'messages.platform_message_id',
        'messages.body',
        'messages.title',
        'messages.rating',
        'messages.direction',
        'conversations.thread_key',
        'conversations.status',
        'conversations.id as conversation_id',
      ])
      .where('conversations.channel', '=', 'app_store')
      .orderBy('messages.created_at')
      .execute();
  const conversationOf = async (threadKey: string) => (await reviewMessages()).find((m) => m.thread_key === threadKey)!.conversation_id;

  beforeAll(async () => {
    fakes = await startFakePlatforms({
      port: 0,
      meta: { pageAccessToken: 'unused', pageId: '1', instagramId: '2' },
      x: { consumerKey: 'k', consumerSecret: 's', accessToken: '1-t', accessTokenSecret: 'ts' },
      appStore: { ...ids, publicKeyPem: publicKeyPemOf(privateKeyPem) },
    });
    if (name === 'postgres') database = await createTestDatabaseUrl(process.env.DATABASE_URL!);
    await start();
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    await createStaffUser(agora.deps, {
      email: 'cm-as@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [teams.find((t) => t.kind === 'social_care')!.id],
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'cm-as@test.fr', PASSWORD);
  });
  afterAll(async () => {
    await agora?.close();
    await fakes?.close();
    await database?.drop();
  });

  it('takes every review once across overlapping polls and a restart', async () => {
    const first = fakes.appStore!.addReview({
      reviewerNickname: 'Camille',
      title: 'Appli instable',
      body: 'Elle se ferme à chaque virement',
      rating: 2,
    });
    const second = fakes.appStore!.addReview({ reviewerNickname: 'Hugo', body: 'Très pratique', rating: 5, territory: 'BEL' });
    expect(await poll()).toBe(1);
    expect(await poll()).toBe(0);

    // The listing still starts with the first two: the next poll stops at them and takes the third.
    const third = fakes.appStore!.addReview({ reviewerNickname: 'Léa', body: 'Où est le RIB ?', rating: 3 });
    expect(await poll()).toBe(1);

    await agora.close();
    const fourth = fakes.appStore!.addReview({ reviewerNickname: 'Noé', body: 'Connexion impossible depuis la mise à jour', rating: 1 });
    await start();
    cm = await signInOverHttp(agora.url, 'cm-as@test.fr', PASSWORD);
    // The poll at start took the review written while Agora was down, and only it: the cursor
    // survived the restart, so the page stored holds the new review alone.
    const stored = await agora.deps.database.db
      .selectFrom('raw_deliveries')
      .select(['body'])
      .where('platform', '=', 'app_store')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect((JSON.parse(stored.body) as { data: { id: string }[] }).data.map((r) => r.id)).toEqual([fourth]);

    const messages = await reviewMessages();
    expect(messages.map((m) => m.thread_key).sort()).toEqual([first, second, third, fourth].sort());
    expect(messages.find((m) => m.thread_key === first)).toMatchObject({
      title: 'Appli instable',
      body: 'Elle se ferme à chaque virement',
      rating: 2,
      direction: 'inbound',
    });
    expect(await poll()).toBe(0);
    const fifth = fakes.appStore!.addReview({ reviewerNickname: 'Inès', body: 'Merci pour la nouvelle version', rating: 5 });
    expect(await poll()).toBe(1);
    expect((await reviewMessages()).map((m) => m.thread_key).sort()).toEqual([first, second, third, fourth, fifth].sort());
  });

  it('answers a review with one developer response; a second answer replaces it on the App Store', async () => {
    const reviewId = fakes.appStore!.addReview({ reviewerNickname: 'Sarah', title: 'Frais', body: 'Frais cachés sur ma carte', rating: 2 });
    await poll();
    const conversationId = await conversationOf(reviewId);
    const { body: detail } = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversationId}`);
    expect(detail.reply).toMatchObject({ modes: ['public'], maxLength: 5970 });
    expect(detail.messages[0]).toMatchObject({ rating: 2, title: 'Frais' });
    const tooLong = await cm.request('POST', `/api/conversations/${conversationId}/replies`, { body: 'a'.repeat(5971), mode: 'public' });
    expect(tooLong.status).toBe(400);

    await cm.request('POST', `/api/conversations/${conversationId}/replies`, {
      body: 'Bonjour Sarah, écrivez-nous en privé.',
      mode: 'public',
    });
    await agora.drain();
    await cm.request('POST', `/api/conversations/${conversationId}/replies`, {
      body: 'Bonjour Sarah, les frais vous ont été remboursés.',
      mode: 'public',
    });
    await agora.drain();
    expect(fakes.appStore!.posts.filter((p) => p.reviewId === reviewId).map((p) => p.kind)).toEqual(['create', 'update']);
    expect(fakes.appStore!.responseOf(reviewId)?.attributes?.responseBody).toContain('les frais vous ont été remboursés');
    const outbound = (await reviewMessages()).filter((m) => m.thread_key === reviewId && m.direction === 'outbound');
    expect(outbound).toHaveLength(2);
    expect(new Set(outbound.map((m) => m.platform_message_id)).size).toBe(2);
  });

  it('after a crash between the platform call and the commit, finds the response instead of posting it again', async () => {
    const reviewId = fakes.appStore!.addReview({ reviewerNickname: 'Yanis', body: 'Plafond de paiement trop bas', rating: 3 });
    await poll();
    const conversationId = await conversationOf(reviewId);
    const sent = await cm.request<{ id: string }>('POST', `/api/conversations/${conversationId}/replies`, {
      body: 'Bonjour Yanis, le plafond se règle dans l’appli.',
      mode: 'public',
    });
    await agora.drain();
    const { db } = agora.deps.database;
    const posted = await db
      .selectFrom('messages')
      .select(['platform_message_id', 'delivery_status'])
      .where('id', '=', sent.body.id)
      .executeTakeFirstOrThrow();
    expect(posted.delivery_status).toBe('sent');

    // As if the process had died after Apple answered but before our commit.
    await db
      .updateTable('messages')
      .set({ delivery_status: 'retrying', delivery_in_flight: true, next_attempt_at: new Date(), platform_message_id: null })
      .where('id', '=', sent.body.id)
      .execute();
    agora.deps.wakeDelivery();
    await agora.drain();

    const after = await db
      .selectFrom('messages')
      .select(['platform_message_id', 'delivery_status'])
      .where('id', '=', sent.body.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(posted);
    expect(fakes.appStore!.posts.filter((p) => p.reviewId === reviewId)).toHaveLength(1);
  });
});
