/**
 * Listening benchmark, on Postgres (and PGlite with --only pglite):
 *
 *   npm run bench:listening -- [--mentions 1000000] [--live 100000] [--only postgres|pglite] [--runs 20]
 *
 * 1. Mentions/s through matching and rollups: public items (texts of a realistic mix, their NLU
 *    reading already made, as the intake worker gets them) go through `recordPublicItems` in
 *    batches of 1,000 — matching against five queries, mentions, matches, minute/hour/day
 *    rollups, term and author rollups — one transaction per batch, as the worker does. They are
 *    spread over 90 days, which also builds the data set of step 2.
 *    Limit measured in the same run: a plain batched INSERT of as many rows into `mentions`
 *    (no matching, no rollup). The ratio says what listening costs over bare storage.
 * 2. Dashboard p95 over those mentions: each dashboard read (30 days brand, 7 days all queries,
 *    24 h by hour, 90 days competitors by channel, negative only), the drill-down's first page
 *    (by query, by term) and the detectors' inputs, run --runs times each. The target is the
 *    dashboards' and drill-downs'; the detectors' inputs (a background read every few minutes)
 *    are printed beside them.
 * Postgres: DATABASE_URL or postgres://postgres@127.0.0.1:5432/test (a fresh database is
 * created, then dropped). Targets: ≥ 5,000 mentions/s; dashboard p95 ≤ 100 ms on Postgres.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { detectionInputs } from '../apps/server/src/modules/listening/detectors/detection.worker.ts';
import { withListening } from '../apps/server/src/modules/listening/listening.tables.ts';
import { recordPublicItems } from '../apps/server/src/modules/listening/mentions/mention-recorder.ts';
import { listMentions } from '../apps/server/src/modules/listening/mentions/mentions.repository.ts';
import type { PublicItem } from '../apps/server/src/modules/listening/mentions/public-item.ts';
import { compileQuery } from '../apps/server/src/modules/listening/queries/query-matcher.ts';
import { dayOf } from '../apps/server/src/modules/listening/rollups/buckets.ts';
import { readDashboard } from '../apps/server/src/modules/listening/rollups/dashboard.service.ts';
import { SketchBuffer } from '../apps/server/src/modules/listening/rollups/rollup-writer.ts';
import { type Database, openDatabase } from '../apps/server/src/platform/db/database.ts';
import { migrate } from '../apps/server/src/platform/db/migrate.ts';
import { createSeededRandom } from '../tools/simulator/seeded-random.ts';

const { values } = parseArgs({
  options: {
    mentions: { type: 'string', default: '1000000' },
    live: { type: 'string', default: '100000' },
    only: { type: 'string' },
    runs: { type: 'string', default: '20' },
    // Leaves the database in place (and prints its name) to study the reads afterwards.
    keep: { type: 'boolean', default: false },
  },
});
const TOTAL = Math.max(10_000, Number(values.mentions));
const RUNS = Math.max(3, Number(values.runs));
const BATCH = 5000; // the intake worker's batch on a Postgres server
const DAYS = 90;
const TARGETS = { mentionsPerSec: 5000, p95Ms: 100 };
const LIVE = Math.max(5000, Number(values.live));

const QUERIES = [
  { id: randomUUID(), name: 'Banque Exemple', kind: 'brand', expression: '"Banque Exemple" OR #BanqueExemple OR @BanqueExemple' },
  { id: randomUUID(), name: 'Crédit Horizon', kind: 'competitor', expression: '"Crédit Horizon" OR #CreditHorizon' },
  { id: randomUUID(), name: 'Néobanque Nova', kind: 'competitor', expression: '"Néobanque Nova" OR #NovaBanque' },
  { id: randomUUID(), name: 'Appli', kind: 'topic', expression: '(appli OR application) AND (panne OR bug OR lente) -recrutement' },
  { id: randomUUID(), name: 'Fraude', kind: 'topic', expression: '(fraude OR arnaque OR "faux conseiller") lang:fr' },
];
const SUBJECTS = ['Banque Exemple', 'Crédit Horizon', 'Néobanque Nova', '#BanqueExemple', '#CreditHorizon', '@BanqueExemple'];
const PHRASES = [
  'mon appli est en panne depuis ce matin',
  'virement instantané reçu, merci',
  'encore des frais de tenue de compte',
  'attention arnaque au faux conseiller',
  'prêt immobilier accepté en dix jours',
  'carte refusée au supermarché',
  'conseillère très à l’écoute',
  'application lente et bug à la connexion',
];
const CHANNELS = ['x', 'x', 'x', 'facebook', 'instagram', 'trustpilot', 'google_play', 'app_store', 'rss'];
const INTENTS = [
  'card_not_working',
  'transfer_not_received_by_recipient',
  'complaint_fees',
  'app_outage',
  'question_credit',
  'praise',
  'unknown',
];
// A vocabulary of 3,000 word-like tokens: top terms and term rollups see realistic variety.
const SYLLABLES = [
  'ban',
  'que',
  'cre',
  'dit',
  'vir',
  'ment',
  'car',
  'te',
  'fra',
  'is',
  'com',
  'pte',
  'app',
  'li',
  'sol',
  'de',
  'ta',
  'ux',
  'pr',
  'et',
];
const VOCAB = Array.from(
  { length: 3000 },
  (_, i) => SYLLABLES[i % 20]! + SYLLABLES[Math.floor(i / 20) % 20]! + SYLLABLES[Math.floor(i / 400) % 20]!,
);

/**
 * An author's reach is their audience: one figure per author (heavy-tailed, a few large accounts),
 * not a new draw per post, which gave every prolific author the cap and hundreds of ties.
 */
const REACH = (() => {
  const rng = createSeededRandom(99);
  return Array.from({ length: 50_000 }, () => Math.round(20 / Math.max(0.0001, rng.next())));
})();

/**
 * Items come in time order, as a live stream does (at 5,000/s a batch holds a few seconds of
 * posts); the run compresses 90 days into its length.
 */
function itemsBatch(rng: ReturnType<typeof createSeededRandom>, offset: number, count: number, now: number, total: number): PublicItem[] {
  const out: PublicItem[] = [];
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const words = Array.from({ length: 6 }, () => VOCAB[Math.floor(rng.next() ** 2 * VOCAB.length)]!).join(' ');
    const body = `${rng.pick(SUBJECTS)} ${rng.pick(PHRASES)} ${words}`;
    const channel = rng.pick(CHANNELS);
    const author = Math.floor(rng.next() ** 3 * 50_000);
    const sentiment = rng.weighted([
      ['negative', 3],
      ['neutral', 4],
      ['positive', 3],
    ] as const);
    out.push({
      itemKey: `${channel}:bench${n}`,
      source: channel === 'rss' ? 'rss' : 'x_stream',
      channel,
      conversationId: null,
      raw: null,
      url: null,
      author: {
        key: `x:a${author}`,
        name: `Auteur ${author}`,
        handle: `auteur${author}`,
        url: null,
        reach: REACH[author]!,
      },
      engagement: rng.int(0, 40),
      title: null,
      body,
      language: rng.chance(0.9) ? 'fr' : 'en',
      intent: rng.pick(INTENTS),
      sentiment,
      sentimentScore: 0,
      urgency: 'normal',
      rumour: rng.chance(0.01),
      rating: ['trustpilot', 'google_play', 'app_store'].includes(channel) ? rng.int(1, 5) : null,
      publishedAt: new Date(now - DAYS * 86_400_000 + ((n % total) / total) * DAYS * 86_400_000 + rng.int(0, 60_000)),
      answerable: channel !== 'rss',
    });
  }
  return out;
}

async function openTarget(name: 'postgres' | 'pglite'): Promise<{ database: Database; drop(): Promise<void> }> {
  if (name === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrate(database);
    return { database, drop: async () => undefined };
  }
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = `agora_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(dbName)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  await migrate(database);
  if (values.keep) console.log(`  database kept after the run: ${dbName}`);
  return {
    database,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${pg.escapeIdentifier(dbName)} with (force)`);
      await c.end();
    },
  };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function benchTarget(name: 'postgres' | 'pglite') {
  const total = name === 'pglite' ? Math.min(TOTAL, 200_000) : TOTAL;
  const { database, drop } = await openTarget(name);
  try {
    const db = withListening(database.db);
    const bankId = randomUUID();
    if (values.keep) console.log(`  bank ${bankId}`);
    await db
      .insertInto('banks')
      .values({ id: bankId, slug: `bench-${bankId.slice(0, 8)}`, name: 'Banque Exemple' })
      .execute();
    await db
      .insertInto('listening_queries')
      .values(QUERIES.map((q) => ({ id: q.id, bank_id: bankId, name: q.name, kind: q.kind as 'brand', expression: q.expression })))
      .execute();
    const compiled = QUERIES.map(compileQuery);
    const rng = createSeededRandom(42);
    const now = Date.now();

    const sketches = new SketchBuffer(false);
    // 1a. Live traffic: items of the last minutes, as the stream and the connectors bring them.
    const live = Math.min(LIVE, total);
    let liveMs = 0;
    for (let offset = 0; offset < live; offset += BATCH) {
      const items = itemsBatch(rng, offset, Math.min(BATCH, live - offset), now, total).map((i, k) => ({
        ...i,
        itemKey: `live:${offset + k}`,
        publishedAt: new Date(now - 120_000 + ((offset + k) / live) * 120_000),
      }));
      const t0 = performance.now();
      await database.db.transaction().execute(async (tx) => {
        await recordPublicItems(withListening(tx), bankId, compiled, items, sketches);
        // As the intake worker does: term and author counters every few seconds, and at the end.
        if (sketches.due() || offset + BATCH >= live) await sketches.drain().flush(withListening(tx), bankId);
      });
      liveMs += performance.now() - t0;
    }
    const itemsPerSec = live / (liveMs / 1000);
    process.stdout.write(`  live traffic: ${live} items in ${(liveMs / 1000).toFixed(1)} s\n`);

    // 1b. History: 90 days in time order, the same path, to build the dashboards' data set.
    let matched = 0;
    let busyMs = 0;
    const started = performance.now();
    for (let offset = 0; offset < total; offset += BATCH) {
      const items = itemsBatch(rng, offset, Math.min(BATCH, total - offset), now, total);
      const t0 = performance.now();
      const outcome = await database.db.transaction().execute(async (tx) => {
        const result = await recordPublicItems(withListening(tx), bankId, compiled, items, sketches);
        if (sketches.due() || offset + BATCH >= total) await sketches.drain().flush(withListening(tx), bankId);
        return result;
      });
      busyMs += performance.now() - t0;
      matched += outcome.created;
      if ((offset / BATCH) % 40 === 0 && offset > 0)
        process.stdout.write(`  history: ${offset} items, ${Math.round(offset / (busyMs / 1000))} items/s so far\n`);
    }
    const wallS = (performance.now() - started) / 1000;
    const historyPerSec = total / (busyMs / 1000);

    // The limit: the same number of mention rows, plainly inserted in batches of 1,000 — for
    // another bank, so that they stay out of the dashboard reads (deleting them would be slow).
    const rawBank = randomUUID();
    await db
      .insertInto('banks')
      .values({ id: rawBank, slug: `raw-${rawBank.slice(0, 8)}`, name: 'Banque brute' })
      .execute();
    const rawCount = Math.min(total, 200_000);
    const rawStart = performance.now();
    const rawRng = createSeededRandom(7);
    // Batches of 1,000 rows: as many parameters as one statement may carry.
    for (let offset = 0; offset < rawCount; offset += 1000) {
      const items = itemsBatch(rawRng, offset, Math.min(1000, rawCount - offset), now, rawCount);
      await database.db.transaction().execute((tx) =>
        withListening(tx)
          .insertInto('mentions')
          .values(
            items.map((i) => ({
              id: randomUUID(),
              bank_id: rawBank,
              item_key: `raw:${i.itemKey}`,
              source: i.source,
              channel: i.channel,
              author_key: i.author.key,
              author_name: i.author.name,
              author_reach: i.author.reach,
              body: i.body,
              language: i.language,
              intent: i.intent,
              sentiment: i.sentiment,
              published_at: i.publishedAt,
            })),
          )
          .execute(),
      );
    }
    const rawPerSec = rawCount / ((performance.now() - rawStart) / 1000);
    // Fresh statistics, as autovacuum would have them on a database that has lived a little.
    await sql`analyze`.execute(database.db);

    // 2. Dashboard reads.
    const day = 86_400_000;
    const brand = QUERIES[0]!.id;
    const competitors = [QUERIES[1]!.id, QUERIES[2]!.id];
    const queries = QUERIES.map(({ id, name: n, kind }) => ({ id, name: n, kind }));
    const iso = (ms: number) => new Date(ms).toISOString();
    const reads: [string, () => Promise<unknown>][] = [
      ['dashboard 30 d, brand', () => readDashboard(db, bankId, { from: iso(now - 30 * day) }, queries)],
      [
        'dashboard 7 d, all queries',
        () => readDashboard(db, bankId, { from: iso(now - 7 * day), queryIds: QUERIES.map((q) => q.id) }, queries),
      ],
      ['dashboard 24 h by hour', () => readDashboard(db, bankId, { from: iso(now - day) }, queries)],
      [
        'dashboard 90 d, competitors, X',
        () => readDashboard(db, bankId, { from: iso(now - 89 * day), queryIds: competitors, channels: ['x'] }, queries),
      ],
      ['dashboard 30 d, negative', () => readDashboard(db, bankId, { from: iso(now - 30 * day), sentiment: 'negative' }, queries)],
      ['drill-down: mentions page', () => listMentions(db, bankId, { queryIds: [brand], from: iso(now - 30 * day), limit: 30 })],
      ['drill-down: term', () => listMentions(db, bankId, { queryIds: [brand], from: iso(now - 7 * day), term: 'panne', limit: 30 })],
      [
        'detectors: inputs of 5 queries',
        () =>
          detectionInputs(
            db,
            bankId,
            QUERIES.map((q) => ({ id: q.id, sensitivity: 'balanced' as const })),
            new Date(now),
          ),
      ],
    ];
    const timings: { read: string; p50: number; p95: number }[] = [];
    for (const [label, run] of reads) {
      await run();
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await run();
        ms.push(performance.now() - t0);
      }
      timings.push({ read: label, p50: percentile(ms, 50), p95: percentile(ms, 95) });
    }
    // The drill-down walks the brand's matches in windows: its page must be the direct query's.
    const page = await listMentions(db, bankId, { queryIds: [brand], from: iso(now - 7 * day), term: 'panne', limit: 30 });
    const direct = await sql<{ id: string }>`
      select m.id from mentions m join mention_matches mm on mm.mention_id = m.id and mm.query_id = ${brand}
      where m.bank_id = ${bankId} and m.published_at >= ${dayOf(new Date(now - 7 * day))} and m.published_at < ${new Date()}
        and m.body ilike '%panne%'
      order by m.published_at desc, m.id desc limit 30`.execute(database.db);
    const same = JSON.stringify(page.items.map((m) => m.id)) === JSON.stringify(direct.rows.map((r) => r.id));
    process.stdout.write(`  drill-down by term equals the direct query: ${same ? 'yes' : 'NO'}\n`);
    const rollupRows = await db.selectFrom('listening_rollups').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const termRows = await db.selectFrom('listening_term_rollups').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return {
      name,
      total,
      matched,
      itemsPerSec,
      historyPerSec,
      wallS,
      rawPerSec,
      timings,
      rollupRows: Number(rollupRows.n),
      termRows: Number(termRows.n),
    };
  } finally {
    await database.close();
    if (!values.keep) await drop();
  }
}

const targets = values.only ? [values.only as 'postgres' | 'pglite'] : (['postgres'] as const);
for (const target of targets) {
  console.log(
    `\nbench:listening on ${target} — ${target === 'pglite' ? Math.min(TOTAL, 200_000) : TOTAL} public items over ${DAYS} days, 5 queries`,
  );
  const r = await benchTarget(target);
  const ratio = r.itemsPerSec / r.rawPerSec;
  console.log(`\n  matching + rollups, live traffic: ${Math.round(r.itemsPerSec)} items/s`);
  console.log(
    `  matching + rollups, 90 days of history in time order: ${Math.round(r.historyPerSec)} items/s (${r.matched} mentions stored; wall ${r.wallS.toFixed(0)} s incl. generation)`,
  );
  console.log(`  raw insert limit (same run): ${Math.round(r.rawPerSec)} mention rows/s — ratio ${ratio.toFixed(2)}`);
  console.log(`  rollup rows: ${r.rollupRows}, term rollup rows: ${r.termRows}`);
  console.log(`  target ≥ ${TARGETS.mentionsPerSec} mentions/s: ${r.itemsPerSec >= TARGETS.mentionsPerSec ? 'MET' : 'NOT MET'}`);
  console.log(`\n  ${'read'.padEnd(34)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
  for (const t of r.timings) console.log(`  ${t.read.padEnd(34)} ${t.p50.toFixed(1).padStart(8)} ${t.p95.toFixed(1).padStart(8)}`);
  // The target is the dashboards' (what a person waits for); the detectors' inputs are read by a
  // background worker every few minutes and are printed beside them, not judged by it.
  const worst = Math.max(...r.timings.filter((t) => !t.read.startsWith('detectors')).map((t) => t.p95));
  console.log(
    `  target p95 ≤ ${TARGETS.p95Ms} ms (Postgres), dashboard and drill-down reads: worst p95 ${worst.toFixed(1)} ms — ${worst <= TARGETS.p95Ms ? 'MET' : 'NOT MET'}`,
  );
}
