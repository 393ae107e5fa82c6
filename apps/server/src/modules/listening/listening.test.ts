import { createServer, type Server } from 'node:http';
import type { ListeningAlert, ListeningDashboard, ListeningQuery, Mention, MentionPage } from '@agora/contracts/listening.schema.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageCommentDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { addStaff, agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { verifyWebhookSignature } from './alerts/webhook-signing.ts';
import { withListening } from './listening.tables.ts';
import { recordPublicItems } from './mentions/mention-recorder.ts';
import type { PublicItem } from './mentions/public-item.ts';
import { loadCompiledQueries } from './queries/queries.repository.ts';
import { hourOf, minuteOf } from './rollups/buckets.ts';
import { MINUTE_RETENTION_MS, pruneMinuteRollups } from './rollups/rollup-writer.ts';

const PASSWORD = 'mot-de-passe-du-test-42';
const HOUR = 3_600_000;

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`jamais atteint : ${what}`);
}

function item(over: Partial<PublicItem> & { itemKey: string; body: string; publishedAt: Date }): PublicItem {
  return {
    source: 'x_stream',
    channel: 'x',
    conversationId: null,
    raw: null,
    url: null,
    author: { key: `x:${over.itemKey}`, name: 'Quelqu’un', handle: null, url: null, reach: 100 },
    engagement: 1,
    title: null,
    language: 'fr',
    intent: 'card_not_working',
    sentiment: 'neutral',
    sentimentScore: 0,
    urgency: 'normal',
    rumour: false,
    rating: null,
    answerable: true,
    ...over,
  };
}

describe.each(agoraTargets())('listening on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;
  let supervisor: StaffClient;
  let agent: StaffClient;
  let advisor: StaffClient;
  let brand: ListeningQuery;
  let rival: ListeningQuery;
  const hooks: { body: string; signature: string; eventId: string }[] = [];
  let receiver: Server;
  let receiverUrl = '';
  let failNextHook = 1;

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    await addStaff(agora, {
      email: 'cm@test.fr',
      password: PASSWORD,
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
    });
    await addStaff(agora, {
      email: 'sup@test.fr',
      password: PASSWORD,
      displayName: 'Sophie Martin',
      firstName: 'Sophie',
      role: 'supervisor',
    });
    await addStaff(agora, { email: 'agent@test.fr', password: PASSWORD, displayName: 'Karim Haddad', firstName: 'Karim', role: 'agent' });
    await addStaff(
      agora,
      { email: 'adv@test.fr', password: PASSWORD, displayName: 'Léa Roux', firstName: 'Léa', role: 'advisor' },
      'advisors',
    );
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
    supervisor = await signInOverHttp(agora.url, 'sup@test.fr', PASSWORD);
    agent = await signInOverHttp(agora.url, 'agent@test.fr', PASSWORD);
    advisor = await signInOverHttp(agora.url, 'adv@test.fr', PASSWORD);
    // A receiver of alert webhooks that fails once (the retry must deliver).
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failNextHook-- > 0) {
          res.writeHead(503, { 'retry-after': '0' }).end();
          return;
        }
        hooks.push({ body, signature: String(req.headers['agora-signature']), eventId: String(req.headers['agora-event-id']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
  });
  afterAll(async () => {
    await agora?.stop();
    receiver?.close();
  });

  it('lets editors write boolean queries, refuses bad syntax with its position, audits the change; advisors see nothing', async () => {
    const listed = await cm.request<ListeningQuery[]>('GET', '/api/listening/queries');
    // The bank listens to its own name from the start.
    brand = listed.body.find((q) => q.kind === 'brand')!;
    expect(brand.expression).toBe('"Banque Exemple" OR #BanqueExemple');
    const bad = await cm.request<{ error: { code: string; message: string } }>('POST', '/api/listening/queries', {
      name: 'Cassée',
      kind: 'topic',
      expression: '(banque OR crédit',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Parenthèse non fermée.*position 1/);
    const created = await cm.request<ListeningQuery>('POST', '/api/listening/queries', {
      name: 'Banque Rivale',
      kind: 'competitor',
      expression: '("Banque Rivale" OR #BanqueRivale) -recrutement',
    });
    expect(created.status).toBe(201);
    rival = created.body;
    const dup = await cm.request('POST', '/api/listening/queries', { name: 'Banque Rivale', kind: 'competitor', expression: 'rivale' });
    expect(dup.status).toBe(409);
    const check = await cm.request<{ valid: boolean; matchesSample: boolean }>('POST', '/api/listening/queries/check', {
      expression: 'appli AND (panne OR bug)',
      sample: "L'APPLI est en PANNE",
    });
    expect(check.body).toEqual({ valid: true, matchesSample: true });
    expect((await agent.request('POST', '/api/listening/queries', { name: 'x', kind: 'topic', expression: 'x' })).status).toBe(403);
    expect((await advisor.request('GET', '/api/listening/mentions')).status).toBe(403);
    const audit = await agora.deps.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', '=', 'listening.query_created')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('turns matching public comments into mentions with their reading, after commit, once; private messages never', async () => {
    const comment = pageCommentDelivery({
      pageId: agora.config.META_PAGE_ID,
      text: 'La Banque Exemple a encore bloqué ma carte, inadmissible',
      fromName: 'Jeanne D.',
    });
    const raw = JSON.stringify(comment.body);
    expect((await postSigned(agora.url, 'meta', raw, agora.config.META_APP_SECRET)).status).toBe(200);
    // Replayed delivery: one message, one mention.
    await postSigned(agora.url, 'meta', raw, agora.config.META_APP_SECRET);
    const other = pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Bonjour, quels sont vos horaires ?' });
    await postSigned(agora.url, 'meta', JSON.stringify(other.body), agora.config.META_APP_SECRET);
    const page = await until(async () => {
      await agora.drain();
      const { body } = await cm.request<MentionPage>('GET', `/api/listening/mentions?queryIds=${brand.id}`);
      return body.items.length >= 2 ? body : null;
    }, 'mentions des commentaires');
    // A comment on the bank's own Page is about the bank even without its name.
    expect(page.items).toHaveLength(2);
    const m = page.items.find((i) => i.body.includes('bloqué ma carte'))!;
    expect(m).toMatchObject({ source: 'message', channel: 'facebook', sentiment: 'negative', queryIds: [brand.id], answerable: true });
    expect(m.conversationId).toBeTruthy();
    expect(m.language).toBe('fr');
  });

  it('keeps rollups equal to a direct count of mentions, per query, channel and sentiment', async () => {
    const db = withListening(agora.deps.database.db);
    const queries = await loadCompiledQueries(db, agora.deps.bankId);
    const now = new Date();
    const items: PublicItem[] = [];
    for (let i = 0; i < 120; i++) {
      const text =
        i % 3 === 0 ? 'La Banque Rivale : recrutement ouvert' : i % 2 ? 'Banque Exemple, super appli' : '#BanqueRivale trop de frais';
      items.push(
        item({
          itemKey: `x:rollup${i}`,
          body: text,
          publishedAt: new Date(now.getTime() - (i % 48) * HOUR - 60_000),
          sentiment: i % 4 === 0 ? 'negative' : 'positive',
          channel: i % 5 === 0 ? 'instagram' : 'x',
          rating: i % 7 === 0 ? 4 : null,
        }),
      );
    }
    await agora.deps.database.db.transaction().execute((tx) => recordPublicItems(withListening(tx), agora.deps.bankId, queries, items));
    // Again: a replay adds nothing.
    await agora.deps.database.db.transaction().execute((tx) => recordPublicItems(withListening(tx), agora.deps.bankId, queries, items));
    const direct = await db
      .selectFrom('mention_matches')
      .innerJoin('mentions', 'mentions.id', 'mention_matches.mention_id')
      .select([
        'mention_matches.query_id',
        'mentions.channel',
        sql<string>`coalesce(mentions.sentiment, 'neutral')`.as('sentiment'),
        sql<string>`count(*)`.as('n'),
      ])
      .where('mentions.bank_id', '=', agora.deps.bankId)
      .groupBy(['mention_matches.query_id', 'mentions.channel', sql`coalesce(mentions.sentiment, 'neutral')`])
      .execute();
    for (const table of ['listening_rollups', 'listening_channel_rollups'] as const)
      for (const grain of ['minute', 'hour', 'day'] as const) {
        const rolled = await db
          .selectFrom(table as 'listening_channel_rollups')
          .select(['query_id', 'channel', 'sentiment', sql<string>`sum(mentions)`.as('n')])
          .where('bank_id', '=', agora.deps.bankId)
          .where('grain', '=', grain)
          .groupBy(['query_id', 'channel', 'sentiment'])
          .execute();
        const key = (r: { query_id: string; channel: string; sentiment: string; n: string }) =>
          `${r.query_id}|${r.channel}|${r.sentiment}|${Number(r.n)}`;
        expect(rolled.map(key).sort(), `${table} ${grain}`).toEqual(direct.map(key).sort());
      }
    // "-recrutement" excludes the job posts from the rival's query.
    const rivalCount = direct.filter((r) => r.query_id === rival.id).reduce((s, r) => s + Number(r.n), 0);
    expect(rivalCount).toBe(items.filter((i) => i.body.includes('#BanqueRivale')).length);
    const dash = await cm.request<ListeningDashboard>(
      'GET',
      `/api/listening/dashboard?queryIds=${rival.id}&from=${new Date(now.getTime() - 72 * HOUR).toISOString()}`,
    );
    expect(dash.status).toBe(200);
    expect(dash.body.grain).toBe('hour');
    expect(dash.body.totals.mentions).toBe(rivalCount);
    expect(dash.body.series.reduce((s, p) => s + p.total, 0)).toBe(rivalCount);
    expect(dash.body.shareOfVoice.map((s) => s.name).sort()).toEqual(['Banque Exemple', 'Banque Rivale']);
    expect(dash.body.topTerms.map((t) => t.term)).toEqual(expect.arrayContaining(['frais']));
    expect(dash.body.topTerms.map((t) => t.term)).not.toContain('rivale');

    // The last 3 hours, by minute (crisis follow-up), from the minute counters.
    const since = new Date(now.getTime() - 3 * HOUR);
    const recent = await cm.request<ListeningDashboard>(
      'GET',
      `/api/listening/dashboard?queryIds=${rival.id}&from=${since.toISOString()}&to=${now.toISOString()}`,
    );
    expect(recent.status).toBe(200);
    expect(recent.body.grain).toBe('minute');
    const inLastHours = items.filter((i) => i.body.includes('#BanqueRivale') && i.publishedAt >= minuteOf(since)).length;
    expect(inLastHours).toBeGreaterThan(0);
    expect(recent.body.totals.mentions).toBe(inLastHours);
    expect(recent.body.series).toHaveLength(Math.ceil((now.getTime() - minuteOf(since).getTime()) / 60_000));
    expect(recent.body.series.reduce((s, p) => s + p.total, 0)).toBe(inLastHours);

    // Minute counters are forgotten after their retention; hours and days stay.
    const minutes = () =>
      db
        .selectFrom('listening_channel_rollups')
        .select(sql<string>`count(*)`.as('n'))
        .where('bank_id', '=', agora.deps.bankId)
        .where('grain', '=', 'minute')
        .executeTakeFirstOrThrow();
    expect(Number((await minutes()).n)).toBeGreaterThan(0);
    const every = await db.selectFrom('listening_queries').select(['id']).where('bank_id', '=', agora.deps.bankId).execute();
    await pruneMinuteRollups(
      db,
      agora.deps.bankId,
      every.map((q) => q.id),
      new Date(now.getTime() + MINUTE_RETENTION_MS + HOUR),
    );
    expect(Number((await minutes()).n)).toBe(0);
  });

  it('polls feeds politely (ETag, 304) and turns matching articles into mentions that cannot be answered here', async () => {
    const feedFake = agora.feedFake!;
    feedFake.publish('eco', [
      {
        guid: 'a1',
        title: 'Banque Exemple relève ses frais',
        link: 'https://eco.example/a1',
        description: 'Les frais de tenue de compte augmentent.',
        publishedAt: new Date(Date.now() - HOUR),
      },
      { guid: 'a2', title: 'La météo de demain', link: 'https://eco.example/a2', description: 'Soleil.', publishedAt: new Date() },
    ]);
    const url = `${agora.fakes!.url}/feeds/eco.xml`;
    expect((await cm.request('POST', '/api/listening/feeds', { url })).status).toBe(201);
    await agora.listening!.feeds.pollAllNow();
    await agora.listening!.feeds.pollAllNow();
    const requests = feedFake.requests.filter((r) => r.feed === 'eco');
    expect(requests.map((r) => r.status)).toEqual([200, 304]);
    expect(requests[1]!.ifNoneMatch).toBeTruthy();
    const article = await until(async () => {
      await agora.drain();
      const { body } = await cm.request<MentionPage>('GET', '/api/listening/mentions?channels=rss');
      return body.items[0];
    }, 'mention RSS');
    expect(article).toMatchObject({
      source: 'rss',
      title: 'Banque Exemple relève ses frais',
      url: 'https://eco.example/a1',
      answerable: false,
    });
    const answer = await cm.request<{ error: { code: string } }>('POST', `/api/listening/mentions/${article.id}/conversation`, {});
    expect(answer.body.error.code).toBe('mention_not_answerable');
  });

  it('raises one de-duplicated alert on a spike, with its summary, in the bell, and a signed webhook delivered after a retry', async () => {
    const created = await fetch(`${agora.url}/api/listening/webhooks`, {
      method: 'POST',
      headers: { cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrfToken, origin: agora.url, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiverUrl }),
    });
    expect(created.status).toBe(403); // admins only
    const admin = await signInOverHttp(agora.url, 'admin@agora.test', 'mot-de-passe-admin-test');
    const hook = await admin.request<{ secret: string }>('POST', '/api/listening/webhooks', { url: receiverUrl });
    expect(hook.status).toBe(201);
    expect(hook.body.secret).toMatch(/^whsec_/);

    // 15 days of a quiet brand, then a burst in the hour in progress.
    const db = withListening(agora.deps.database.db);
    const queries = await loadCompiledQueries(db, agora.deps.bankId);
    const now = new Date();
    const items: PublicItem[] = [];
    for (let h = 15 * 24; h >= 1; h--) {
      for (let k = 0; k < 3; k++)
        items.push(
          item({
            itemKey: `x:calm${h}-${k}`,
            body: 'Banque Exemple, rien à signaler',
            publishedAt: new Date(hourOf(now).getTime() - h * HOUR + k * 60_000),
          }),
        );
    }
    for (let k = 0; k < 60; k++)
      items.push(
        item({
          itemKey: `x:wave${k}`,
          body: 'Banque Exemple en panne, impossible de payer #pannegenerale',
          publishedAt: new Date(Math.max(hourOf(now).getTime(), now.getTime() - 30_000) + k),
          sentiment: 'negative',
          author: { key: `x:angry${k % 7}`, name: `Client ${k % 7}`, handle: `client${k % 7}`, url: null, reach: 1000 * (k % 7) },
        }),
      );
    await agora.deps.database.db.transaction().execute((tx) => recordPublicItems(withListening(tx), agora.deps.bankId, queries, items));
    const at = new Date(now.getTime() + 1000);
    expect(await agora.listening!.detection.detectNow(at)).toBeGreaterThan(0);
    // Detecting again on the same wave updates the alert: nothing new.
    expect(await agora.listening!.detection.detectNow(new Date(at.getTime() + 60_000))).toBe(0);
    const { body: alerts } = await supervisor.request<ListeningAlert[]>('GET', '/api/listening/alerts');
    const spike = alerts.find((a) => a.kind === 'volume_spike' && a.queryId === brand.id)!;
    expect(spike).toBeDefined();
    expect(alerts.filter((a) => a.kind === 'volume_spike' && a.queryId === brand.id)).toHaveLength(1);
    expect(spike.summary.headline).toMatch(/Pic de volume/);
    expect(spike.summary.sentiment.negative).toBeGreaterThanOrEqual(60);
    expect(spike.summary.topTerms.map((t) => t.term)).toContain('#pannegenerale');
    expect(spike.summary.examples.length).toBeGreaterThan(0);
    expect(spike.summary.topAuthors[0]!.name).toMatch(/Client/);
    expect(spike.link).toContain(`queryIds=${brand.id}`);
    // Warning and critical alerts are e-mailed too, queued in the alert's transaction (platform/mail).
    const mails = await sql<{ to_address: string; subject: string; text_body: string }>`
      select to_address, subject, text_body from outgoing_mail where kind = 'listening.alert'`.execute(agora.deps.database.db);
    const toSupervisor = mails.rows.filter((m) => m.to_address === 'sup@test.fr' && m.subject.includes('Pic de volume'));
    expect(toSupervisor).toHaveLength(1);
    expect(toSupervisor[0]!.text_body).toContain(`/listening?queryIds=${brand.id}`);
    expect(mails.rows.some((m) => m.to_address === 'agent@test.fr')).toBe(false);
    const bell = await supervisor.request<{ items: { kind: string; text: string }[] }>('GET', '/api/notifications');
    expect(bell.body.items.filter((n) => n.kind === 'listening_alert').length).toBe(alerts.length);

    // The receiver failed the first attempt (503): the delivery waits for its retry, which we bring forward.
    const failed = await until(
      () =>
        db
          .selectFrom('listening_webhook_deliveries')
          .select(['id', 'attempts', 'status'])
          .where('alert_id', '=', spike.id)
          .where('last_status', '=', 503)
          .executeTakeFirst(),
      'première tentative refusée',
    );
    expect(failed).toMatchObject({ attempts: 1, status: 'pending' });
    await db.updateTable('listening_webhook_deliveries').set({ next_attempt_at: new Date() }).where('id', '=', failed.id).execute();
    await until(async () => hooks.some((h) => h.eventId === `alert-${spike.id}`), 'webhook livré');
    const delivered = hooks.find((h) => h.eventId === `alert-${spike.id}`)!;
    expect(verifyWebhookSignature(hook.body.secret, delivered.body, delivered.signature)).toBe(true);
    expect(verifyWebhookSignature('whsec_autre', delivered.body, delivered.signature)).toBe(false);
    const payload = JSON.parse(delivered.body) as { type: string; data: ListeningAlert };
    expect(payload.type).toBe('listening.alert.created');
    expect(payload.data.link.startsWith('http')).toBe(true);

    const ack = await cm.request<ListeningAlert>('POST', `/api/listening/alerts/${spike.id}/acknowledge`, {});
    expect(ack.body.acknowledgedAt).not.toBeNull();
  });

  it('exports mentions as CSV (formulas neutralised) and the weekly report as a PDF', async () => {
    const db = withListening(agora.deps.database.db);
    const queries = await loadCompiledQueries(db, agora.deps.bankId);
    await agora.deps.database.db
      .transaction()
      .execute((tx) =>
        recordPublicItems(withListening(tx), agora.deps.bankId, queries, [
          item({ itemKey: 'x:formula', body: '=HYPERLINK("x") Banque Exemple', publishedAt: new Date() }),
        ]),
      );
    const csv = await fetch(`${agora.url}/api/listening/mentions.csv?queryIds=${brand.id}`, { headers: { cookie: cm.cookie } });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toContain('date;canal;source;auteur');
    expect(text).toContain(`"'=HYPERLINK(""x"") Banque Exemple"`);
    const pdf = await fetch(`${agora.url}/api/listening/reports/weekly.pdf`, { headers: { cookie: cm.cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(3000);
  });

  it('crisis mode, switched on from an alert, makes every public reply to a mention wait for approval (audited)', async () => {
    const { body: page } = await cm.request<MentionPage>('GET', `/api/listening/mentions?queryIds=${brand.id}&channels=facebook`);
    const mention = page.items.find((i) => i.body.includes('bloqué ma carte')) as Mention;
    const on = await supervisor.request<{ crisisMode: boolean }>('PUT', '/api/settings/rules', { crisisMode: true });
    expect(on.body.crisisMode).toBe(true);
    const { body: opened } = await cm.request<{ conversationId: string }>('POST', `/api/listening/mentions/${mention.id}/conversation`, {});
    expect(opened.conversationId).toBe(mention.conversationId);
    const reply = await cm.request<{ id: string }>('POST', `/api/conversations/${opened.conversationId}/replies`, {
      body: 'Bonjour Jeanne, écrivez-nous en message privé, nous regardons votre carte.',
      mode: 'public',
    });
    expect(reply.status).toBe(202);
    const row = await agora.deps.database.db
      .selectFrom('messages')
      .select(['approval_state'])
      .where('id', '=', reply.body.id)
      .executeTakeFirstOrThrow();
    expect(row.approval_state).toBe('pending');
    await supervisor.request('PUT', '/api/settings/rules', { crisisMode: false });
    const audit = await agora.deps.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', 'in', ['crisis_mode.on', 'crisis_mode.off'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['crisis_mode.off', 'crisis_mode.on']);
  });
});
