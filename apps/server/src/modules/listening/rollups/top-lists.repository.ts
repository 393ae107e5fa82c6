import type { ListeningAuthor } from '@agora/contracts/listening.schema.ts';
import { sql } from 'kysely';
import type { ListeningExecutor } from '../listening.tables.ts';
import { addDays, dayOf, monthOf } from './buckets.ts';
import { MARK_MIN_LEVEL } from './rollup-writer.ts';

/**
 * Top lists of a dashboard range (top terms, top authors, influencers), read without summing
 * every counter of the range (docs/adr/013).
 *
 * A monthly counter leaves a mark when it first reaches 2^level (8, 16, 32, …). If the k-th best
 * total of the range is T, and the range lies within `cells` (query, month) counters, any key
 * whose total reaches T has at least one such counter of T / cells or more, so it has a mark at
 * every level L with 2^L ≤ T / cells. The reader takes the keys marked at a high level, sums their
 * counters exactly, and lowers the level until that condition holds: the list is then exactly
 * the one a full scan gives. When the proof would need a level below the first mark (a small or
 * flat range), it reads the range in full, which is then cheap.
 */

const START_LEVEL = 12;

export interface RangeCells {
  bankId: string;
  queryIds: string[];
  /** Counter buckets of the range, exactly as the counters are keyed (hours or days). */
  grain: 'hour' | 'day';
  buckets: Date[];
  /** Days the range touches (authors are counted per day, whatever the grain). */
  days: Date[];
  /** Months the range touches: where its marks are. */
  months: Date[];
  /** Months wholly inside a range counted by day: their monthly counters stand for their days. */
  wholeMonths: Date[];
  /** The range's buckets outside those months. */
  rest: Date[];
  /** The range's days outside those months. */
  restDays: Date[];
}

/** The range's buckets at its grain, and the days it touches. */
export function rangeCells(bankId: string, queryIds: string[], from: Date, to: Date, grain: 'hour' | 'day'): RangeCells {
  const days: Date[] = [];
  for (let d = dayOf(from); d < to; d = addDays(d, 1)) days.push(d);
  const buckets: Date[] = [];
  if (grain === 'day') buckets.push(...days);
  else for (let h = from.getTime(); h < to.getTime(); h += 3_600_000) buckets.push(new Date(h));
  const months = [...new Map(days.map((d) => [monthOf(d).getTime(), monthOf(d)])).values()];
  const last = days.at(-1);
  const wholeMonths = last === undefined ? [] : months.filter((m) => m >= days[0]! && monthOf(addDays(m, 32)) <= addDays(last, 1));
  const whole = new Set(wholeMonths.map((m) => m.getTime()));
  const restDays = days.filter((d) => !whole.has(monthOf(d).getTime()));
  return {
    bankId,
    queryIds,
    grain,
    buckets,
    days,
    months,
    // Authors are counted by day whatever the grain; terms by hour in short ranges.
    wholeMonths,
    rest: grain === 'day' ? restDays : buckets,
    restDays,
  };
}

interface Ranked<T> {
  key: string;
  score: number;
  row: T;
}

/** Candidates summed exactly per round trip, in the order of their upper bounds. */
const CHUNK = 64;

/**
 * The proof loop shared by every top list. `marked(level)` gives the keys marked at `level` in
 * the range; `bounds(keys)` an upper bound of each one's total (its monthly counters over the
 * months the range touches); `totals(keys)` their exact totals; `compare` the list's order.
 * Candidates are summed exactly in the order of their bounds, and not at all once their bound is
 * below the k-th exact total found: a flat range has hundreds of candidates, few of which can rank.
 */
async function exactTop<T>(opts: {
  k: number;
  cells: number;
  marked(level: number): Promise<string[]>;
  bounds(keys: string[]): Promise<Map<string, number>>;
  totals(keys: string[]): Promise<Ranked<T>[]>;
  compare(a: Ranked<T>, b: Ranked<T>): number;
  fullScan(): Promise<T[]>;
  trace?: (path: 'marks' | 'scan') => void;
}): Promise<T[]> {
  const scan = () => {
    opts.trace?.('scan');
    return opts.fullScan();
  };
  const seen = new Set<string>();
  const ranked: Ranked<T>[] = [];
  let pending: { key: string; bound: number }[] = [];
  let level = START_LEVEL;
  for (;;) {
    const fresh = (await opts.marked(level)).filter((key) => !seen.has(key));
    for (const key of fresh) seen.add(key);
    if (fresh.length) {
      const bounds = await opts.bounds(fresh);
      pending = [...pending, ...fresh.map((key) => ({ key, bound: bounds.get(key) ?? Number.POSITIVE_INFINITY }))].sort(
        (a, b) => b.bound - a.bound,
      );
    }
    // The k-th exact total only grows: a candidate whose bound is below it can never rank.
    while (pending.length && (ranked.length < opts.k || pending[0]!.bound >= ranked[opts.k - 1]!.score)) {
      // First the k best bounds and a few more (usually the list itself), then larger chunks.
      const size = ranked.length < opts.k ? opts.k + 4 : CHUNK;
      ranked.push(...(await opts.totals(pending.splice(0, size).map((p) => p.key))));
      ranked.sort(opts.compare);
    }
    if (ranked.length >= opts.k) {
      const kth = ranked[opts.k - 1]!.score;
      // Proven: every key that could reach the k-th total has a mark at this level.
      if (2 ** level * opts.cells <= kth) {
        opts.trace?.('marks');
        return ranked.slice(0, opts.k).map((r) => r.row);
      }
      let next = Math.min(level - 1, Math.floor(Math.log2(kth / opts.cells)));
      while (next >= MARK_MIN_LEVEL && 2 ** next * opts.cells > kth) next--;
      if (next < MARK_MIN_LEVEL) return scan();
      level = next;
    } else {
      if (level <= MARK_MIN_LEVEL) return scan();
      level = Math.max(MARK_MIN_LEVEL, level - 3);
    }
  }
}

export interface TermCount {
  term: string;
  mentions: number;
  negative: number;
}

/** The range's top terms, by all mentions or by negative ones; ties by term. */
export async function topTerms(
  db: ListeningExecutor,
  range: RangeCells,
  measure: 'mentions' | 'negative',
  k = 20,
  trace?: (path: 'marks' | 'scan') => void,
): Promise<TermCount[]> {
  if (range.queryIds.length === 0 || range.buckets.length === 0) return [];
  const { bankId, queryIds, grain, months } = range;
  // Whole months from their monthly counters, the rest from the range's own grain.
  const parts = (terms: string[] | null) =>
    [
      ...(range.wholeMonths.length && grain === 'day' ? [{ grain: 'month' as const, at: range.wholeMonths }] : []),
      ...(range.rest.length ? [{ grain, at: range.rest }] : []),
    ].map((part) =>
      db
        .selectFrom('listening_term_rollups')
        .select(['term', sql<string>`sum(mentions)`.as('mentions'), sql<string>`sum(negative)`.as('negative')])
        .where('bank_id', '=', bankId)
        .where(sql<boolean>`query_id = any(${queryIds}::uuid[])`)
        .where('grain', '=', part.grain)
        // Candidates: one index probe per query, bucket and term rather than a scan of the range.
        .where(sql<boolean>`bucket = any(${part.at.map((b) => b.toISOString())}::timestamptz[])`)
        .$if(terms !== null, (q) => q.where(sql<boolean>`term = any(${terms}::text[])`))
        .groupBy('term')
        .execute(),
    );
  const counters = async (terms: string[] | null) => {
    const sums = new Map<string, { term: string; mentions: number; negative: number }>();
    for (const rows of await Promise.all(parts(terms)))
      for (const r of rows) {
        const t = sums.get(r.term) ?? { term: r.term, mentions: 0, negative: 0 };
        t.mentions += Number(r.mentions);
        t.negative += Number(r.negative);
        sums.set(r.term, t);
      }
    return [...sums.values()];
  };
  const compare = (a: Ranked<TermCount>, b: Ranked<TermCount>) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return exactTop({
    k,
    cells: queryIds.length * months.length,
    marked: async (level) =>
      (
        await db
          .selectFrom('listening_term_marks')
          .select('term')
          .distinct()
          .where('bank_id', '=', bankId)
          .where(sql<boolean>`query_id = any(${queryIds}::uuid[])`)
          .where('measure', '=', measure)
          .where('level', '=', level)
          .where('month', '>=', months[0]!)
          .where('month', '<=', months.at(-1)!)
          .execute()
      ).map((r) => r.term),
    bounds: async (terms) =>
      new Map(
        (
          await db
            .selectFrom('listening_term_rollups')
            .select(['term', sql<string>`sum(${sql.ref(measure)})`.as('total')])
            .where('bank_id', '=', bankId)
            .where(sql<boolean>`query_id = any(${queryIds}::uuid[])`)
            .where('grain', '=', 'month')
            .where(sql<boolean>`bucket = any(${months.map((m) => m.toISOString())}::timestamptz[])`)
            .where(sql<boolean>`term = any(${terms}::text[])`)
            .groupBy('term')
            .execute()
        ).map((r) => [r.term, Number(r.total)]),
      ),
    totals: async (terms) => (await counters(terms)).map((row) => ({ key: row.term, score: row[measure], row })),
    compare,
    fullScan: async () =>
      (await counters(null))
        .map((row) => ({ key: row.term, score: row[measure], row }))
        .sort(compare)
        .slice(0, k)
        .map((r) => r.row),
    trace,
  });
}

type AuthorTotals = { author_key: string; mentions: number; engagement: number };

/** Mentions and engagement of the range per author: whole months from their counters, other days from theirs. */
async function authorTotals(db: ListeningExecutor, range: RangeCells, keys: string[] | null): Promise<AuthorTotals[]> {
  const [months, days] = await Promise.all([
    range.wholeMonths.length
      ? db
          .selectFrom('listening_author_months')
          .select(['author_key', sql<string>`sum(mentions)`.as('mentions'), sql<string>`sum(engagement)`.as('engagement')])
          .where('bank_id', '=', range.bankId)
          .where(sql<boolean>`query_id = any(${range.queryIds}::uuid[])`)
          .where(sql<boolean>`month = any(${range.wholeMonths.map((m) => m.toISOString())}::timestamptz[])`)
          .$if(keys !== null, (q) => q.where(sql<boolean>`author_key = any(${keys}::text[])`))
          .groupBy('author_key')
          .execute()
      : [],
    range.restDays.length
      ? db
          .selectFrom('listening_author_rollups')
          .select(['author_key', sql<string>`sum(mentions)`.as('mentions'), sql<string>`sum(engagement)`.as('engagement')])
          .where('bank_id', '=', range.bankId)
          .where(sql<boolean>`query_id = any(${range.queryIds}::uuid[])`)
          .where(sql<boolean>`day = any(${range.restDays.map((d) => d.toISOString())}::timestamptz[])`)
          .$if(keys !== null, (q) => q.where(sql<boolean>`author_key = any(${keys}::text[])`))
          .groupBy('author_key')
          .execute()
      : [],
  ]);
  const sums = new Map<string, AuthorTotals>();
  for (const r of [...months, ...days]) {
    const t = sums.get(r.author_key) ?? { author_key: r.author_key, mentions: 0, engagement: 0 };
    t.mentions += Number(r.mentions);
    t.engagement += Number(r.engagement);
    sums.set(r.author_key, t);
  }
  return [...sums.values()];
}

type Profile = { author_key: string; name: string; handle: string | null; channel: string; reach: number; url: string | null };

async function profilesOf(db: ListeningExecutor, bankId: string, keys: string[]): Promise<Map<string, Profile>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('listening_authors')
    .select(['author_key', 'name', 'handle', 'channel', 'reach', 'url'])
    .where('bank_id', '=', bankId)
    .where(sql<boolean>`author_key = any(${keys}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.author_key, r]));
}

const asAuthor = (p: Profile, t: AuthorTotals): ListeningAuthor => ({
  key: p.author_key,
  name: p.name,
  handle: p.handle,
  channel: p.channel,
  reach: p.reach,
  mentions: Number(t.mentions),
  engagement: Number(t.engagement),
  url: p.url,
});

const byMentions = (a: ListeningAuthor, b: ListeningAuthor) =>
  b.mentions - a.mentions || b.reach - a.reach || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byReach = (a: ListeningAuthor, b: ListeningAuthor) =>
  b.reach - a.reach || b.engagement - a.engagement || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

async function withProfiles(db: ListeningExecutor, bankId: string, totals: AuthorTotals[]): Promise<ListeningAuthor[]> {
  const profiles = await profilesOf(
    db,
    bankId,
    totals.map((t) => t.author_key),
  );
  return totals.flatMap((t) => {
    const p = profiles.get(t.author_key);
    return p ? [asAuthor(p, t)] : [];
  });
}

/** Who spoke most in the range (ties: larger reach first). Authors without a profile are left out. */
export async function topAuthors(
  db: ListeningExecutor,
  range: RangeCells,
  k = 10,
  trace?: (path: 'marks' | 'scan') => void,
): Promise<ListeningAuthor[]> {
  if (range.queryIds.length === 0 || range.days.length === 0) return [];
  const ranked = (authors: ListeningAuthor[]) => authors.map((a) => ({ key: a.key, score: a.mentions, row: a }));
  return exactTop({
    k,
    cells: range.queryIds.length * range.months.length,
    marked: async (level) =>
      (
        await db
          .selectFrom('listening_author_marks')
          .select('author_key')
          .distinct()
          .where('bank_id', '=', range.bankId)
          .where(sql<boolean>`query_id = any(${range.queryIds}::uuid[])`)
          .where('level', '=', level)
          .where('month', '>=', range.months[0]!)
          .where('month', '<=', range.months.at(-1)!)
          .execute()
      ).map((r) => r.author_key),
    bounds: async (keys) =>
      new Map(
        (
          await db
            .selectFrom('listening_author_months')
            .select(['author_key', sql<string>`sum(mentions)`.as('total')])
            .where('bank_id', '=', range.bankId)
            .where(sql<boolean>`query_id = any(${range.queryIds}::uuid[])`)
            .where(sql<boolean>`month = any(${range.months.map((m) => m.toISOString())}::timestamptz[])`)
            .where(sql<boolean>`author_key = any(${keys}::text[])`)
            .groupBy('author_key')
            .execute()
        ).map((r) => [r.author_key, Number(r.total)]),
      ),
    totals: async (keys) => ranked(await withProfiles(db, range.bankId, await authorTotals(db, range, keys))),
    compare: (a, b) => byMentions(a.row, b.row),
    fullScan: async () => (await withProfiles(db, range.bankId, await authorTotals(db, range, null))).sort(byMentions).slice(0, k),
    trace,
  });
}

const INFLUENCER_PAGE = 100;
const INFLUENCER_PAGES = 20;

/**
 * The largest audiences among the range's authors (ties: more engagement in the range). Authors
 * are read in reach order and kept when they spoke in the range, until the k-th kept one's reach
 * is above every author not yet read; past a few pages (most large accounts silent in the range),
 * the range is read in full.
 */
export async function influencers(db: ListeningExecutor, range: RangeCells, k = 10): Promise<ListeningAuthor[]> {
  if (range.queryIds.length === 0 || range.days.length === 0) return [];
  const kept: ListeningAuthor[] = [];
  let after: { reach: number; key: string } | null = null;
  for (let page = 0; page < INFLUENCER_PAGES; page++) {
    const profiles: Profile[] = await db
      .selectFrom('listening_authors')
      .select(['author_key', 'name', 'handle', 'channel', 'reach', 'url'])
      .where('bank_id', '=', range.bankId)
      .$if(after !== null, (q) => q.where(sql<boolean>`(reach, author_key) < (${after!.reach}, ${after!.key})`))
      // Reach order, walked backwards on the reach index; the row comparison above is its keyset.
      .orderBy('reach', 'desc')
      .orderBy('author_key', 'desc')
      .limit(INFLUENCER_PAGE)
      .execute();
    if (profiles.length === 0) return kept.sort(byReach).slice(0, k);
    const totals = new Map(
      (
        await authorTotals(
          db,
          range,
          profiles.map((p) => p.author_key),
        )
      ).map((t) => [t.author_key, t]),
    );
    for (const p of profiles) {
      const t = totals.get(p.author_key);
      if (t) kept.push(asAuthor(p, t));
    }
    const last = profiles.at(-1)!;
    kept.sort(byReach);
    // Done when k are kept and no unread author can tie the k-th one's reach.
    if ((kept.length >= k && last.reach < kept[k - 1]!.reach) || profiles.length < INFLUENCER_PAGE) return kept.slice(0, k);
    after = { reach: last.reach, key: last.author_key };
  }
  return (await withProfiles(db, range.bankId, await authorTotals(db, range, null))).sort(byReach).slice(0, k);
}
