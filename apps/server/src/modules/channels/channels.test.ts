import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChannelView } from '@agora/contracts/channels.schema.ts';
import type { ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainDump } from '../../platform/crypto/plain-dump.ts';
import { messengerDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, TEST_ADMIN, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { startAgora } from '../../server.ts';
import { createPollers } from '../ingest/poller.worker.ts';
import { createStaffUser } from '../staff/staff.service.ts';

type Items = { items: ChannelView[] };
type ApiError = { error: { code: string; message: string; details?: unknown } };
const PASSWORD = 'mot-de-passe-du-test-42';
const secret = (label: string) => `${label}-${randomBytes(16).toString('hex')}`;

async function handshake(baseUrl: string, verifyToken: string) {
  const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': 'defi-1234' });
  const response = await fetch(`${baseUrl}/webhooks/meta?${query}`);
  return { status: response.status, body: await response.text() };
}

describe.each(agoraTargets())('channel settings on $name', ({ name }) => {
  let agora: TestAgora;
  let admin: StaffClient;
  let cm: StaffClient;
  let supervisor: StaffClient;

  const channel = async (platform: string) =>
    (await admin.request<Items>('GET', '/api/admin/channels')).body.items.find((c) => c.platform === platform)!;
  const rawStatus = async (mid: string) =>
    (await agora.deps.database.db.selectFrom('raw_deliveries').select(['status', 'body']).execute()).find((r) => r.body.includes(mid))
      ?.status;

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const socialCare = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id'])
      .where('kind', '=', 'social_care')
      .executeTakeFirstOrThrow();
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [socialCare.id],
      password: PASSWORD,
    });
    await createStaffUser(agora.deps, {
      email: 'superviseur@test.fr',
      displayName: 'Nadia Benali',
      firstName: 'Nadia',
      role: 'supervisor',
      teamIds: [],
      password: PASSWORD,
    });
    admin = await signInOverHttp(agora.url, TEST_ADMIN.email, TEST_ADMIN.password);
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
    supervisor = await signInOverHttp(agora.url, 'superviseur@test.fr', PASSWORD);
  });
  afterAll(async () => agora?.stop());

  it('is for admins only: others get 403 on every route, and nothing changes', async () => {
    for (const client of [cm, supervisor]) {
      expect((await client.request('GET', '/api/admin/channels')).status).toBe(403);
      expect((await client.request('PUT', '/api/admin/channels/meta', { credentials: { verifyToken: secret('vt') } })).status).toBe(403);
      expect((await client.request('POST', '/api/admin/channels/meta/pause')).status).toBe(403);
      expect((await client.request('POST', '/api/admin/channels/meta/resume')).status).toBe(403);
    }
    expect((await channel('meta')).status).toBe('active');
    const anonymous = await fetch(`${agora.url}/api/admin/channels`);
    expect(anonymous.status).toBe(401);
  });

  it('lists every platform with its status, connection and masked credentials from the environment', async () => {
    const { status, body } = await admin.request<Items>('GET', '/api/admin/channels');
    expect(status).toBe(200);
    expect(body.items.map((c) => c.platform)).toEqual(['meta', 'x', 'trustpilot', 'google_play', 'app_store', 'live_chat', 'forum']);
    const meta = body.items[0]!;
    expect(meta).toMatchObject({
      displayName: 'Facebook et Instagram',
      status: 'active',
      connected: true,
      credentialsSource: 'environment',
    });
    expect(meta.maskedCredentials.pageId).toBe(agora.config.META_PAGE_ID);
    expect(meta.maskedCredentials.appSecret).toBe(`••••••${agora.config.META_APP_SECRET.slice(-4)}`);
    const text = JSON.stringify(body);
    for (const value of [
      agora.config.META_APP_SECRET,
      agora.config.META_PAGE_ACCESS_TOKEN,
      agora.config.X_CONSUMER_SECRET,
      agora.config.TRUSTPILOT_API_SECRET!,
    ]) {
      expect(text).not.toContain(value);
    }
    expect(body.items.find((c) => c.platform === 'app_store')!.maskedCredentials.privateKey).toMatch(/^••••••.{4}$/);
  });

  it('stores credentials encrypted, shows them masked, audits without values and answers the handshake with the new token at once', async () => {
    const verifyToken = secret('verify');
    const appSecret = secret('appsecret');
    const oldVerifyToken = agora.config.META_VERIFY_TOKEN;
    expect((await handshake(agora.url, oldVerifyToken)).status).toBe(200);

    const { status, body } = await admin.request<ChannelView>('PUT', '/api/admin/channels/meta', {
      credentials: { verifyToken, appSecret },
    });
    expect(status).toBe(200);
    expect(body.credentialsSource).toBe('stored');
    expect(body.maskedCredentials.verifyToken).toBe(`••••••${verifyToken.slice(-4)}`);
    // Fields left out keep their value (here the environment's).
    expect(body.maskedCredentials.pageAccessToken).toBe(`••••••${agora.config.META_PAGE_ACCESS_TOKEN.slice(-4)}`);
    expect(JSON.stringify(body)).not.toContain(verifyToken);

    const dump = await plainDump(agora.deps.database);
    expect(dump).not.toContain(verifyToken);
    expect(dump).not.toContain(appSecret);
    const row = await agora.deps.database.db
      .selectFrom('channels')
      .select(['credentials_ciphertext', 'credentials_key_id'])
      .where('platform', '=', 'meta')
      .executeTakeFirstOrThrow();
    expect(row.credentials_ciphertext).toMatch(/^v1\./);
    expect(row.credentials_ciphertext!.split('.')[1]).toBe(row.credentials_key_id);

    const audit = await agora.deps.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'channel.credentials_updated')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toEqual({ platform: 'meta', fields: ['appSecret', 'verifyToken'] });

    // The connector was rebuilt: the new token answers Meta's handshake, the old one no longer does.
    expect(await handshake(agora.url, verifyToken)).toEqual({ status: 200, body: 'defi-1234' });
    expect((await handshake(agora.url, oldVerifyToken)).status).toBe(403);
    const raw = JSON.stringify(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Signé avec le nouveau secret' }).body);
    expect((await postSigned(agora.url, 'meta', raw, agora.config.META_APP_SECRET)).status).toBe(401);
    expect((await postSigned(agora.url, 'meta', raw, appSecret)).status).toBe(200);
    // Put the environment's secret back (stored, this time) for the tests below.
    expect(
      (await admin.request('PUT', '/api/admin/channels/meta', { credentials: { appSecret: agora.config.META_APP_SECRET } })).status,
    ).toBe(200);
  });

  it('refuses invalid or incomplete credentials with a reason, never echoing a value', async () => {
    const shortSecret = 'court';
    const tooShort = await admin.request<ApiError>('PUT', '/api/admin/channels/x', { credentials: { consumerSecret: shortSecret } });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.message).toMatch(/consumerSecret.*16 caractères/);
    expect(JSON.stringify(tooShort.body)).not.toContain(shortSecret);
    const unknown = await admin.request<ApiError>('PUT', '/api/admin/channels/x', { credentials: { password: 'x' } });
    expect(unknown.status).toBe(400);
    const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const wrongKey = await admin.request<ApiError>('PUT', '/api/admin/channels/app_store', { credentials: { privateKey: rsaKey } });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.body.error.code).toBe('credentials_unusable');
    expect((await admin.request('PUT', '/api/admin/channels/live_chat', { credentials: {} })).status).toBe(400);
    expect((await admin.request('PUT', '/api/admin/channels/myspace', { credentials: {} })).status).toBe(404);
  });

  it('pause: deliveries are stored but wait, replies are refused (409), and resume ingests what waited', async () => {
    const first = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Bonjour, ma carte est bloquée' });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(first.body), agora.config.META_APP_SECRET)).status).toBe(200);
    await agora.drain();
    const conversations = (await admin.request<{ items: ConversationListItem[] }>('GET', '/api/conversations?search=carte')).body.items;
    const conversation = conversations.find((c) => c.excerpt.includes('ma carte est bloquée'))!;
    expect(conversation).toBeDefined();
    expect((await channel('meta')).health.lastEventAt).not.toBeNull();

    const paused = await admin.request<ChannelView>('POST', '/api/admin/channels/meta/pause');
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');

    const refused = await admin.request<ApiError>('POST', `/api/conversations/${conversation.id}/replies`, {
      body: 'Nous regardons cela.',
      mode: 'private',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'channel_paused' });
    expect(refused.body.error.message).toMatch(/en pause/);

    const waiting = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Message pendant la pause du canal' });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(waiting.body), agora.config.META_APP_SECRET)).status).toBe(200);
    await agora.drain();
    expect(await rawStatus(waiting.mid)).toBe('new');
    expect((await channel('meta')).health.pendingDeliveries).toBe(1);
    // Other channels go on.
    expect((await channel('x')).status).toBe('active');

    const resumed = await admin.request<ChannelView>('POST', '/api/admin/channels/meta/resume');
    expect(resumed.body.status).toBe('active');
    await agora.drain();
    expect(await rawStatus(waiting.mid)).toBe('done');
    const found = (await admin.request<{ items: ConversationListItem[] }>('GET', '/api/conversations?search=pause')).body.items;
    expect(found.map((c) => c.excerpt)).toContain('Message pendant la pause du canal');
    expect(
      (await admin.request('POST', `/api/conversations/${conversation.id}/replies`, { body: 'Nous regardons cela.', mode: 'private' }))
        .status,
    ).toBe(202);

    const actions = (
      await agora.deps.database.db.selectFrom('audit_log').select(['action']).where('target_type', '=', 'channel').orderBy('id').execute()
    ).map((r) => r.action);
    expect(actions.filter((a) => a !== 'channel.credentials_updated')).toEqual(['channel.paused', 'channel.resumed']);
  });

  it('health shows the last failed reply, with its reason and the 24-hour count', async () => {
    const delivery = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Question sur mon prêt immobilier' });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(delivery.body), agora.config.META_APP_SECRET)).status).toBe(200);
    await agora.drain();
    const conversation = (await admin.request<{ items: ConversationListItem[] }>('GET', '/api/conversations?search=immobilier')).body
      .items[0];
    expect(conversation).toBeDefined();
    const before = await channel('meta');
    // A 400 from Graph: rejected for good, not retried. The fake serves any status; its type
    // names only the transient ones.
    agora.fakes?.meta.failNext(1, { status: 400 as 500 });
    const sent = await admin.request('POST', `/api/conversations/${conversation?.id}/replies`, {
      body: 'Un conseiller vous répond.',
      mode: 'private',
    });
    expect(sent.status).toBe(202);
    await agora.drain();
    const after = await channel('meta');
    expect(after.health.lastError).toBeTruthy();
    expect(after.health.lastErrorAt).not.toBeNull();
    expect(after.health.failedRepliesLast24h).toBe(before.health.failedRepliesLast24h + 1);
  });

  it('a paused review platform is not polled', async () => {
    const lastPolled = async () =>
      (
        await agora.deps.database.db
          .selectFrom('poll_cursors')
          .select(['last_polled_at'])
          .where('platform', '=', 'google_play')
          .executeTakeFirstOrThrow()
      ).last_polled_at;
    await agora.pollers!.pollNow('google_play');
    const before = await lastPolled();
    expect(before).not.toBeNull();
    await admin.request('POST', '/api/admin/channels/google_play/pause');
    expect(await agora.pollers!.pollNow('google_play')).toBe(0);
    expect(await lastPolled()).toEqual(before);
    await admin.request('POST', '/api/admin/channels/google_play/resume');
  });

  it('a review platform connected after start is polled without a restart', async () => {
    const lastPolled = async () =>
      (
        await agora.deps.database.db
          .selectFrom('poll_cursors')
          .select(['last_polled_at'])
          .where('platform', '=', 'google_play')
          .executeTakeFirst()
      )?.last_polled_at?.getTime() ?? 0;
    // This Agora's own pollers would hold the platform's lease now and then: out of the way.
    await agora.pollers?.stop();
    // A process whose registry had no Google Play connector when its pollers started.
    const connectors = new Map(agora.deps.connectors);
    const googlePlay = connectors.get('google_play');
    connectors.delete('google_play');
    const pollers = createPollers({ ...agora.deps, connectors }, { recheckMs: 20 });
    const before = await lastPolled();
    pollers.start();
    try {
      // What saving its credentials on the settings screen does: the registry gets the connector.
      if (googlePlay) connectors.set('google_play', googlePlay);
      let after = before;
      // Up to 30 s: generous on a loaded machine, still bounded.
      for (let i = 0; i < 600 && after === before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        after = await lastPolled();
      }
      expect(after).toBeGreaterThan(before);
    } finally {
      await pollers.stop();
    }
  });
});

describe('stored credentials after a restart', () => {
  it('win over the environment when Agora starts again', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-channels-'));
    const first = await startTestAgora({ database: 'pglite', env: { DATA_DIR: dataDir } });
    const verifyToken = secret('verify-restart');
    try {
      const admin = await signInOverHttp(first.url, TEST_ADMIN.email, TEST_ADMIN.password);
      expect((await admin.request('PUT', '/api/admin/channels/meta', { credentials: { verifyToken } })).status).toBe(200);
    } finally {
      await first.stop();
    }
    const second = await startTestAgora({ database: 'pglite', env: { DATA_DIR: dataDir } });
    try {
      expect((await handshake(second.url, verifyToken)).status).toBe(200);
      expect((await handshake(second.url, second.config.META_VERIFY_TOKEN)).status).toBe(403);
    } finally {
      await second.stop();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('credentials saved through another process', () => {
  it('reach another web node within seconds, without a restart', async () => {
    const first = await startTestAgora({ database: 'postgres' });
    // A second web node on the same database, secrets and fake platforms: no worker loop runs
    // there, only webhooks read the channel states.
    const second = await startAgora(
      {
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        AGORA_SIMULATOR: 'off',
        AGORA_DEMO_SEED: 'off',
        DATA_DIR: first.config.DATA_DIR,
        DATABASE_URL: first.config.DATABASE_URL ?? '',
        META_GRAPH_URL: first.config.META_GRAPH_URL,
        X_API_URL: first.config.X_API_URL,
      },
      'web',
    );
    try {
      const verifyToken = secret('verify-elsewhere');
      const admin = await signInOverHttp(first.url, TEST_ADMIN.email, TEST_ADMIN.password);
      expect((await admin.request('PUT', '/api/admin/channels/meta', { credentials: { verifyToken } })).status).toBe(200);
      let status = 0;
      // The states are cached a few seconds: a bounded wait, with Meta's handshake as the probe.
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = (await handshake(second.url, verifyToken)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      expect((await handshake(second.url, second.config.META_VERIFY_TOKEN)).status).toBe(403);
    } finally {
      await second.close();
      await first.stop();
    }
  });
});
