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
const packageName = 'fr.banque.test';
const serviceAccountEmail = 'agora-test@banque.iam.gserviceaccount.com';
const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * The whole path, poll → raw delivery → ingest → inbox → reply, on an Agora whose platforms live
 * outside it: the fakes (Google's state) survive a restart of Agora on the same database.
 */
describe.each(agoraTargets())('Google Play reviews through Agora on $name', ({ name }) => {
  let fakes: FakePlatforms;
  let agora: RunningAgora;
  let database: TestDatabaseUrl | null = null;
  let cm: StaffClient;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-gp-'));

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
      APP_STORE_API_URL: `${fakes.url}/app-store`,
      GOOGLE_PLAY_API_URL: `${fakes.url}/google-play`,
      GOOGLE_OAUTH_TOKEN_URL: `${fakes.url}/google-oauth/token`,
      GOOGLE_PLAY_PACKAGE_NAME: packageName,
      GOOGLE_PLAY_SERVICE_ACCOUNT_EMAIL: serviceAccountEmail,
      GOOGLE_PLAY_PRIVATE_KEY: privateKeyPem,
      ...(database ? { DATABASE_URL: database.url } : {}),
    };
    agora = await startAgora(env);
    // The poller ticks once at start: let that first poll finish so each test's poll is its own.
    await agora.pollers?.pollNow('google_play');
    await agora.drain();
  };
  const poll = async () => {
    const pages = await agora.pollers!.pollNow('google_play');
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
      .where('conversations.channel', '=', 'google_play')
      .orderBy('messages.created_at')
      .execute();
  const conversationOf = async (threadKey: string) => (await reviewMessages()).find((m) => m.thread_key === threadKey)!.conversation_id;

  beforeAll(async () => {
    fakes = await startFakePlatforms({
      port: 0,
      meta: { pageAccessToken: 'unused', pageId: '1', instagramId: '2' },
      x: { consumerKey: 'k', consumerSecret: 's', accessToken: '1-t', accessTokenSecret: 'ts' },
      googlePlay: { serviceAccountEmail, packageName, publicKeyPem: publicKeyPemOf(privateKeyPem) },
    });
    if (name === 'postgres') database = await createTestDatabaseUrl(process.env.DATABASE_URL!);
    await start();
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    await createStaffUser(agora.deps, {
      email: 'cm-gp@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [teams.find((t) => t.kind === 'social_care')!.id],
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'cm-gp@test.fr', PASSWORD);
  });
  afterAll(async () => {
    await agora?.close();
    await fakes?.close();
    await database?.drop();
  });

  it('takes every review once across overlapping polls and a restart', async () => {
    const first = fakes.googlePlay!.addReview({
      authorName: 'Camille',
      text: 'Appli instable\tElle se ferme à chaque virement',
      starRating: 2,
    });
    const second = fakes.googlePlay!.addReview({ authorName: 'Hugo', text: 'Très pratique', starRating: 5 });
    expect(await poll()).toBe(1);
    expect(await poll()).toBe(0);

    // Google still lists the first two (7-day window): the next poll takes only the third.
    const third = fakes.googlePlay!.addReview({ authorName: 'Léa', text: 'Où est le RIB ?', starRating: 3 });
    expect(await poll()).toBe(1);

    await agora.close();
    const fourth = fakes.googlePlay!.addReview({ authorName: 'Noé', text: 'Connexion impossible depuis la mise à jour', starRating: 1 });
    await start();
    cm = await signInOverHttp(agora.url, 'cm-gp@test.fr', PASSWORD);
    // The poll at start took the review written while Agora was down, and only it: the cursor
    // survived the restart, so the page stored holds the new review alone.
    const stored = await agora.deps.database.db
      .selectFrom('raw_deliveries')
      .select(['body'])
      .where('platform', '=', 'google_play')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect((JSON.parse(stored.body) as { reviews: { reviewId: string }[] }).reviews.map((r) => r.reviewId)).toEqual([fourth]);

    const messages = await reviewMessages();
    expect(messages.map((m) => m.thread_key).sort()).toEqual([first, second, third, fourth].sort());
    expect(messages.find((m) => m.thread_key === first)).toMatchObject({
      title: 'Appli instable',
      body: 'Elle se ferme à chaque virement',
      rating: 2,
      direction: 'inbound',
    });
    expect(await poll()).toBe(0);
    const fifth = fakes.googlePlay!.addReview({ authorName: 'Inès', text: 'Merci pour la nouvelle version', starRating: 5 });
    expect(await poll()).toBe(1);
    expect((await reviewMessages()).map((m) => m.thread_key).sort()).toEqual([first, second, third, fourth, fifth].sort());
  });

  it('answers a review publicly; an edit of the review after the answer reopens the conversation', async () => {
    const reviewId = fakes.googlePlay!.addReview({ authorName: 'Sarah', text: 'Frais cachés sur ma carte', starRating: 2 });
    await poll();
    const conversationId = await conversationOf(reviewId);
    const { body: detail } = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversationId}`);
    expect(detail.reply).toMatchObject({ modes: ['public'], maxLength: 350 });
    const tooLong = await cm.request('POST', `/api/conversations/${conversationId}/replies`, { body: 'a'.repeat(351), mode: 'public' });
    expect(tooLong.status).toBe(400);

    const sent = await cm.request<{ id: string }>('POST', `/api/conversations/${conversationId}/replies`, {
      body: 'Bonjour Sarah, écrivez-nous en privé, nous regardons vos frais.',
      mode: 'public',
    });
    expect(sent.status).toBe(202);
    await agora.drain();
    expect(fakes.googlePlay!.replies.filter((r) => r.reviewId === reviewId)).toHaveLength(1);
    await cm.request('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });

    fakes.googlePlay!.editReview(reviewId, { text: 'Toujours pas de réponse sur les frais', starRating: 1 });
    expect(await poll()).toBe(1);
    const messages = (await reviewMessages()).filter((m) => m.thread_key === reviewId);
    // The edit replaced the review's text (kept in its history); our reply, listed as the
    // developer's comment, was recognised and not stored a second time.
    expect(messages.map((m) => [m.direction, m.body, m.rating])).toEqual([
      ['inbound', 'Toujours pas de réponse sur les frais', 1],
      ['outbound', expect.stringContaining('Bonjour Sarah, écrivez-nous en privé, nous regardons vos frais.'), null],
    ]);
    expect(messages[0]!.status).toBe('open');
  });

  it('after a crash between the platform call and the commit, finds the reply instead of posting it again', async () => {
    const reviewId = fakes.googlePlay!.addReview({ authorName: 'Yanis', text: 'Plafond de paiement trop bas', starRating: 3 });
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

    // As if the process had died after Google answered but before our commit.
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
    expect(fakes.googlePlay!.replies.filter((r) => r.reviewId === reviewId)).toHaveLength(1);
  });
});
