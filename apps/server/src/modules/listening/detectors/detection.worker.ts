import { sql } from 'kysely';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { createWorkLoop, type WorkLoop } from '../../../platform/work-loop.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import { type ListeningExecutor, type Sensitivity, withListening } from '../listening.tables.ts';
import { addDays, dayOf, hourOf } from '../rollups/buckets.ts';
import { pruneMinuteRollups } from '../rollups/rollup-writer.ts';
import { type DetectionInput, detectSignals, HISTORY_DAYS, SERIES_HOURS, THRESHOLDS } from './signal-detectors.ts';

/** Detection runs this often; the rollups it reads are kept up to date as mentions arrive. */
export const DETECTION_INTERVAL_MS = 5 * 60_000;
const HOUR = 3_600_000;

export interface DetectionWorker extends WorkLoop {
  /** Runs the detectors now on every active query (tests, the demo at start). */
  detectNow(now?: Date): Promise<number>;
}

/**
 * The detectors' inputs for every active query of the bank, read from the rollups in three
 * grouped queries (hourly counts, recent terms, the same terms' daily history).
 */
export async function detectionInputs(
  db: ListeningExecutor,
  bankId: string,
  queries: { id: string; sensitivity: Sensitivity }[],
  now: Date,
): Promise<Map<string, DetectionInput>> {
  const current = hourOf(now);
  const start = new Date(current.getTime() - (SERIES_HOURS - 1) * HOUR);
  const ids = queries.map((q) => q.id);
  const out = new Map<string, DetectionInput>();
  if (ids.length === 0) return out;
  // Without the intent: a seventh of the rows of the detailed counters (docs/adr/013).
  const hourly = await db
    .selectFrom('listening_channel_rollups')
    .select([
      'query_id',
      'bucket',
      sql<string>`sum(mentions)`.as('mentions'),
      sql<string>`sum(case when sentiment = 'negative' then mentions else 0 end)`.as('negative'),
      sql<string>`sum(rumours)`.as('rumours'),
    ])
    .where('bank_id', '=', bankId)
    .where('grain', '=', 'hour')
    .where('query_id', 'in', ids)
    .where('bucket', '>=', start)
    .where('bucket', '<=', current)
    .groupBy(['query_id', 'bucket'])
    .execute();
  // Candidate terms: only those frequent enough to pass the most sensitive threshold.
  const minTerm = THRESHOLDS.more.term.min;
  const recentTerms = await db
    .selectFrom('listening_term_rollups')
    .select([
      'query_id',
      'term',
      sql<string>`sum(mentions)`.as('mentions'),
      sql<string>`sum(mentions) filter (where bucket > ${new Date(current.getTime() - 3 * HOUR)})`.as('now'),
    ])
    .where('bank_id', '=', bankId)
    .where('grain', '=', 'hour')
    .where('query_id', 'in', ids)
    .where('bucket', '>', new Date(current.getTime() - 24 * HOUR))
    .where('bucket', '<=', current)
    .groupBy(['query_id', 'term'])
    .having(sql`sum(mentions)`, '>=', minTerm)
    .execute();
  const today = dayOf(now);
  const firstDay = addDays(today, -HISTORY_DAYS);
  const terms = [...new Set(recentTerms.map((t) => t.term))];
  // One row per query and term, its days as two arrays: a fourteenth of the rows to send and parse.
  const history = terms.length
    ? await db
        .selectFrom('listening_term_rollups')
        .select([
          'query_id',
          'term',
          sql<number[]>`array_agg(extract(epoch from bucket)::float8 * 1000)`.as('buckets'),
          sql<number[]>`array_agg(mentions)`.as('counts'),
        ])
        .where('bank_id', '=', bankId)
        .where('grain', '=', 'day')
        .where('query_id', 'in', ids)
        // A filter on the 14 days' range, not an index condition: as an index condition with a
        // range on the bucket before it, Postgres scans the whole range once per term (thousands
        // of times). One array parameter keeps the statement small and its plan cached.
        .where(sql<boolean>`coalesce(term = any(${terms}::text[]), false)`)
        .where('bucket', '>=', firstDay)
        .where('bucket', '<', today)
        .groupBy(['query_id', 'term'])
        .execute()
    : [];
  const dayIndex = new Map<number, number>();
  for (let d = 0, day = firstDay; d < HISTORY_DAYS; d++, day = addDays(day, 1)) dayIndex.set(day.getTime(), d);

  for (const q of queries) {
    const counts = Array.from({ length: SERIES_HOURS }, () => 0);
    const negative = [...counts];
    const rumour = [...counts];
    for (const r of hourly) {
      if (r.query_id !== q.id) continue;
      const i = Math.round((r.bucket.getTime() - start.getTime()) / HOUR);
      if (i < 0 || i >= SERIES_HOURS) continue;
      counts[i] = Number(r.mentions);
      negative[i] = Number(r.negative);
      rumour[i] = Number(r.rumours);
    }
    const mine = recentTerms.filter((t) => t.query_id === q.id);
    const termsRecent = new Map(mine.map((t) => [t.term, Number(t.mentions)]));
    const termsNow = new Map(mine.filter((t) => Number(t.now ?? 0) > 0).map((t) => [t.term, Number(t.now)]));
    const termsBaseline = new Map<string, number[]>();
    for (const term of termsRecent.keys())
      termsBaseline.set(
        term,
        Array.from({ length: HISTORY_DAYS }, () => 0),
      );
    for (const h of history) {
      if (h.query_id !== q.id) continue;
      const days = termsBaseline.get(h.term);
      h.buckets.forEach((at, i) => {
        const d = dayIndex.get(Number(at));
        if (d !== undefined && days) days[d] = Number(h.counts[i]);
      });
    }
    out.set(q.id, {
      hourly: counts,
      hourlyNegative: negative,
      hourlyRumour: rumour,
      currentHourStart: current,
      termsRecent,
      termsNow,
      termsBaseline,
      sensitivity: q.sensitivity,
    });
  }
  return out;
}

/**
 * Runs the detectors on every active query every few minutes (worker processes only) and raises
 * alerts through the alerts service, which de-duplicates them.
 */
export function createDetectionWorker(deps: AppDeps, alerts: AlertsService): DetectionWorker {
  const db = withListening(deps.database.db);
  let lastRun = 0;

  async function detectNow(now = new Date()): Promise<number> {
    const queries = await db
      .selectFrom('listening_queries')
      .select(['id', 'name', 'kind', 'sensitivity'])
      .where('bank_id', '=', deps.bankId)
      .where('active', '=', true)
      .execute();
    const inputs = await detectionInputs(db, deps.bankId, queries, now);
    let created = 0;
    for (const q of queries) {
      const input = inputs.get(q.id);
      if (!input) continue;
      for (const signal of detectSignals(input)) {
        const outcome = await alerts.raise(q, signal, now);
        if (outcome.created) created++;
      }
    }
    // Minute counters are for the last hours' view only (rollups/rollup-writer.ts).
    const every = await db.selectFrom('listening_queries').select(['id']).where('bank_id', '=', deps.bankId).execute();
    await pruneMinuteRollups(
      db,
      deps.bankId,
      every.map((q) => q.id),
      now,
    );
    await db
      .insertInto('listening_cursor')
      .values({ bank_id: deps.bankId, last_detection_at: now })
      .onConflict((oc) => oc.column('bank_id').doUpdateSet({ last_detection_at: now }))
      .execute();
    return created;
  }

  const loop = createWorkLoop('listening-detection', deps.logger, async () => {
    // The loop wakes on its idle poll; detection itself runs at its own pace.
    if (Date.now() - lastRun < DETECTION_INTERVAL_MS - 1000) return 0;
    lastRun = Date.now();
    await detectNow();
    return 0;
  });
  return { ...loop, start: () => loop.start(DETECTION_INTERVAL_MS), detectNow };
}
