import type { ListeningDashboard, ListeningQuery } from '@agora/contracts/listening.schema.ts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, buildTestServer, type SignedIn, signIn, type TestDeps } from '../../platform/testing/test-app.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import type { WorkLoop } from '../../platform/work-loop.ts';
import { registerStaffRoutes } from '../staff/staff.routes.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { registerListeningRoutes } from './listening.routes.ts';
import { withListening } from './listening.tables.ts';
import { recordPublicItems } from './mentions/mention-recorder.ts';
import type { PublicItem } from './mentions/public-item.ts';
import { insertQuery, loadCompiledQueries } from './queries/queries.repository.ts';
import { createBackfillWorker } from './queries/query-backfill.worker.ts';
import { dayOf } from './rollups/buckets.ts';
import { MINUTE_RETENTION_MS } from './rollups/rollup-writer.ts';

const DAY = 86_400_000;
const CHANNELS = ['x', 'facebook', 'rss'] as const;
const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;

function item(n: number, body: string, publishedAt: Date): PublicItem {
  return {
    itemKey: `x:backfill-${n}`,
    source: 'x_stream',
    channel: CHANNELS[n % 3]!,
    conversationId: null,
    raw: null,
    url: null,
    author: { key: `x:auteur-${n % 5}`, name: `Auteur ${n % 5}`, handle: null, url: null, reach: 10 * n },
    engagement: n % 4,
    title: null,
    body,
    language: 'fr',
    intent: n % 2 ? 'fees' : 'card_not_working',
    sentiment: SENTIMENTS[n % 3 === 0 ? 0 : n % 2]!,
    sentimentScore: 0,
    urgency: 'normal',
    rumour: n % 7 === 0,
    rating: null,
    answerable: n % 3 !== 2,
    publishedAt,
  };
}

/** A new or edited query is applied to the stored last 30 days; its counters equal a direct count. */
describe.each(testDatabaseTargets())('listening backfill on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;
  let cm: SignedIn;
  let backfill: WorkLoop;

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database);
    app = await buildTestServer(deps, async (a) => {
      await registerStaffRoutes(a, deps);
      await registerListeningRoutes(a, deps);
    });
    await createStaffUser(deps, {
      email: 'cm@banque.test',
      password: 'mot de passe du personnel',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [deps.testBank.teamIds[0]!],
    });
    cm = await signIn(app, 'cm@banque.test', 'mot de passe du personnel');
    await insertQuery(
      withListening(database.db),
      deps.bankId,
      { name: 'Marque', kind: 'brand', expression: '"Banque Exemple"', sensitivity: 'balanced', active: true },
      null,
    );
    // History heard by the brand query alone: a third also names a rival nobody followed yet.
    const now = Date.now();
    const items: PublicItem[] = [];
    for (let n = 0; n < 90; n++) {
      const ageDays = n < 80 ? (n * 29) / 80 : 35 + (n - 80);
      const rival = n % 3 === 0 ? ` et Banque Nouvelle${n % 2 ? ' et ses frais' : ''}` : '';
      items.push(item(n, `Banque Exemple${rival}, qu'en pensez-vous ?`, new Date(now - ageDays * DAY - 60_000)));
    }
    await withListening(database.db)
      .transaction()
      .execute(async (tx) => recordPublicItems(tx, deps.bankId, await loadCompiledQueries(tx, deps.bankId), items));
    backfill = createBackfillWorker(deps);
    backfill.start(50);
  });
  afterAll(async () => {
    await backfill?.stop();
    await app?.close();
    await database?.close();
  });

  const since = () => dayOf(new Date(Date.now() - 30 * DAY));

  async function backfilled() {
    for (let i = 0; i < 400; i++) {
      const left = await withListening(database.db).selectFrom('listening_backfills').select(['query_id']).execute();
      if (left.length === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('backfill never finished');
  }

  /** Counters of the query per grain, channel and sentiment, beside a direct count of the mentions. */
  async function compare(queryId: string, bodyPattern: string) {
    const direct = await sql<{ channel: string; sentiment: string; mentions: string; answered: string }>`
      select channel, sentiment, count(*) as mentions, count(*) filter (where rumour) as rumours
      from mentions where bank_id = ${deps.bankId} and published_at >= ${since()} and body like ${bodyPattern}
      group by 1, 2 order by 1, 2`.execute(database.db);
    for (const [table, grain] of [
      ['listening_rollups', 'hour'],
      ['listening_rollups', 'day'],
      ['listening_channel_rollups', 'hour'],
      ['listening_channel_rollups', 'day'],
    ] as const) {
      const rolled = await sql<{ channel: string; sentiment: string; mentions: string }>`
        select channel, sentiment, sum(mentions) as mentions, sum(rumours) as rumours
        from ${sql.table(table)} where bank_id = ${deps.bankId} and query_id = ${queryId} and grain = ${grain}
        group by 1, 2 order by 1, 2`.execute(database.db);
      expect(rolled.rows.map((r) => ({ ...r, mentions: Number(r.mentions) }))).toEqual(
        direct.rows.map((r) => ({ ...r, mentions: Number(r.mentions) })).map((r) => ({ ...r, rumours: expect.anything() })),
      );
      expect(rolled.rows.map((r) => Number((r as unknown as { rumours: string }).rumours))).toEqual(
        direct.rows.map((r) => Number((r as unknown as { rumours: string }).rumours)),
      );
    }
    // Minute counters (the last hours' view) for what lies within their retention.
    const recent = await sql<{ n: string }>`
      select count(*) as n from mentions where bank_id = ${deps.bankId} and body like ${bodyPattern}
        and published_at >= ${new Date(Date.now() - MINUTE_RETENTION_MS + 60_000)}`.execute(database.db);
    for (const table of ['listening_rollups', 'listening_channel_rollups'] as const) {
      const minutes = await sql<{ n: string | null }>`
        select sum(mentions) as n from ${sql.table(table)}
        where bank_id = ${deps.bankId} and query_id = ${queryId} and grain = 'minute'`.execute(database.db);
      expect(Number(minutes.rows[0]!.n ?? 0), `${table} minutes`).toBe(Number(recent.rows[0]!.n));
    }
    expect(Number(recent.rows[0]!.n)).toBeGreaterThan(0);
    // Monthly counters (what the top lists read for whole months) are the sums of the days.
    const months = await sql<{ term: string; month: Date; mentions: string }>`
      select term, bucket as month, mentions from listening_term_rollups
      where bank_id = ${deps.bankId} and query_id = ${queryId} and grain = 'month' order by 1, 2`.execute(database.db);
    const summed = await sql<{ term: string; month: Date; mentions: string }>`
      select term, date_trunc('month', bucket at time zone 'Europe/Paris') at time zone 'Europe/Paris' as month, sum(mentions) as mentions
      from listening_term_rollups where bank_id = ${deps.bankId} and query_id = ${queryId} and grain = 'day'
      group by 1, 2 order by 1, 2`.execute(database.db);
    const shape = (rows: { term: string; month: Date; mentions: string }[]) =>
      rows.map((r) => `${r.term}|${new Date(r.month).toISOString()}|${Number(r.mentions)}`);
    expect(shape(months.rows)).toEqual(shape(summed.rows));
    expect(months.rows.length).toBeGreaterThan(0);
    return direct.rows.reduce((sum, r) => sum + Number(r.mentions), 0);
  }

  it('shows a new competitor query’s last 30 days at once, equal to a direct count, and follows its edit', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/listening/queries',
      headers: cm.headers,
      payload: { name: 'Banque Nouvelle', kind: 'competitor', expression: '"Banque Nouvelle"' },
    });
    expect(created.statusCode).toBe(201);
    const rival = created.json() as ListeningQuery;
    await backfilled();
    const expected = await compare(rival.id, '%Banque Nouvelle%');
    // 27 of the 80 recent posts name the rival; the 10 older than 30 days are not replayed.
    expect(expected).toBe(27);
    const matches = await withListening(database.db)
      .selectFrom('mention_matches')
      .select(['mention_id'])
      .where('query_id', '=', rival.id)
      .execute();
    expect(matches).toHaveLength(27);
    const dashboard = (
      await app.inject({ method: 'GET', url: `/api/listening/dashboard?queryIds=${rival.id}`, headers: cm.headers })
    ).json() as ListeningDashboard;
    expect(dashboard.totals.mentions).toBe(27);
    expect(dashboard.topTerms.map((t) => t.term)).toContain('frais');
    const listed = await app.inject({ method: 'GET', url: `/api/listening/mentions?queryIds=${rival.id}&limit=100`, headers: cm.headers });
    expect(listed.json().items).toHaveLength(27);

    // Narrowed: the mentions it no longer matches leave its counters and its list.
    const edited = await app.inject({
      method: 'PUT',
      url: `/api/listening/queries/${rival.id}`,
      headers: cm.headers,
      payload: {
        name: 'Banque Nouvelle',
        kind: 'competitor',
        expression: '"Banque Nouvelle" AND frais',
        sensitivity: 'balanced',
        active: true,
      },
    });
    expect(edited.statusCode).toBe(200);
    await backfilled();
    const narrowed = await compare(rival.id, '%Banque Nouvelle et ses frais%');
    expect(narrowed).toBe(13);
    const relisted = await app.inject({
      method: 'GET',
      url: `/api/listening/mentions?queryIds=${rival.id}&limit=100`,
      headers: cm.headers,
    });
    expect(relisted.json().items).toHaveLength(13);
    const stale = await sql<{ n: string }>`
      select count(*) as n from mentions where bank_id = ${deps.bankId} and query_ids ? ${rival.id} and body not like '%frais%'`.execute(
      database.db,
    );
    expect(Number(stale.rows[0]!.n)).toBe(0);
  });
});
