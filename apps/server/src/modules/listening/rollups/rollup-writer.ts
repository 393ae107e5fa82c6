import { type RawBuilder, sql } from 'kysely';
import type { ListeningExecutor } from '../listening.tables.ts';
import { dayOf, hourOf, LISTENING_TIME_ZONE, minuteOf, monthOf } from './buckets.ts';

/** What one new mention adds to the counters of one query. */
export interface RollupContribution {
  queryId: string;
  publishedAt: Date;
  channel: string;
  sentiment: string | null;
  intent: string | null;
  rumour: boolean;
  reach: number;
  engagement: number;
  rating: number | null;
  answerable: boolean;
  answered: boolean;
  authorKey: string;
  terms: string[];
}

const CHUNK = 1000;
/** Grains of every counter (volume, terms, authors), written as mentions arrive. */
const GRAINS = [
  ['hour', hourOf],
  ['day', dayOf],
] as const;

/**
 * Volume counters also count by minute, for the last hours' view (crisis follow-up), and only
 * there: a minute row is kept MINUTE_RETENTION_MS after its minute (`pruneMinuteRollups`), and a
 * mention older than that on arrival (history, backfills) gets none.
 */
export const MINUTE_RETENTION_MS = 48 * 3_600_000;
const WITH_MINUTES = [['minute', minuteOf], ...GRAINS] as const;
const volumeGrains = (publishedAt: Date, now: number) => (publishedAt.getTime() >= now - MINUTE_RETENTION_MS ? WITH_MINUTES : GRAINS);

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/**
 * Adds a batch of new mentions to the rollups, in the caller's transaction. The batch is summed
 * in memory first, so each counter row is written once per batch, in key order (two workers
 * never lock the same rows in opposite orders).
 */
export async function addToRollups(
  tx: ListeningExecutor,
  bankId: string,
  contributions: RollupContribution[],
  sketches: SketchBuffer = new SketchBuffer(),
): Promise<void> {
  if (contributions.length === 0) return;
  // Two tables of the same counters: with the intent, for the views filtered by intent, and
  // without it (seven times fewer rows), for every other view and the detectors (docs/adr/013).
  const byIntent = new Map<string, RollupRow>();
  const now = Date.now();

  for (const c of contributions) {
    const sentiment = c.sentiment ?? 'neutral';
    const intent = c.intent ?? 'unknown';
    for (const [grain, of] of volumeGrains(c.publishedAt, now)) {
      const bucket = of(c.publishedAt);
      const key = `${c.queryId}|${grain}|${bucket.getTime()}|${c.channel}|${sentiment}|${intent}`;
      let row = byIntent.get(key);
      if (!row) {
        row = { ...zeroCounters(), query_id: c.queryId, grain, bucket, channel: c.channel, sentiment, intent };
        byIntent.set(key, row);
      }
      row.mentions++;
      row.rumours += c.rumour ? 1 : 0;
      row.reach += c.reach;
      row.engagement += c.engagement;
      if (c.rating !== null) {
        row.rating_sum += c.rating;
        row.rating_count++;
      }
      row.answerable += c.answerable ? 1 : 0;
      row.answered += c.answered ? 1 : 0;
    }
    sketches.add(c);
  }
  // The same counters without the intent: summed from the batch's rows, not its mentions again.
  const byChannel = new Map<string, RollupRow>();
  for (const r of byIntent.values()) {
    const key = `${r.query_id}|${r.grain}|${r.bucket.getTime()}|${r.channel}|${r.sentiment}`;
    const row = byChannel.get(key) ?? { ...r, ...zeroCounters(), intent: ALL_INTENTS };
    for (const k of COUNTERS) row[k] += r[k];
    byChannel.set(key, row);
  }

  await upsertRollups(tx, bankId, sortedValues(byIntent));
  await upsertChannelRollups(tx, bankId, sortedValues(byChannel));
  // Terms and authors: written now, or later by the caller's buffer (see SketchBuffer).
  if (sketches.immediate) await sketches.flush(tx, bankId);
}

/** The intent of a row of `listening_channel_rollups`, which counts every intent together. */
const ALL_INTENTS = '*';
const COUNTERS = ['mentions', 'rumours', 'reach', 'engagement', 'rating_sum', 'rating_count', 'answerable', 'answered'] as const;
const zeroCounters = () => Object.fromEntries(COUNTERS.map((k) => [k, 0])) as Record<(typeof COUNTERS)[number], number>;

type RollupRow = {
  query_id: string;
  grain: 'minute' | 'hour' | 'day';
  bucket: Date;
  channel: string;
  sentiment: string;
  intent: string;
  mentions: number;
  rumours: number;
  reach: number;
  engagement: number;
  rating_sum: number;
  rating_count: number;
  answerable: number;
  answered: number;
};

const counterColumns = (rows: RollupRow[]) => {
  const col = <K extends keyof RollupRow>(k: K) => rows.map((r) => r[k]);
  return sql`${col('mentions')}::int[], ${col('rumours')}::int[], ${col('reach')}::bigint[], ${col('engagement')}::bigint[],
    ${col('rating_sum')}::int[], ${col('rating_count')}::int[], ${col('answerable')}::int[], ${col('answered')}::int[]`;
};
const addCounters = (table: string) =>
  sql.raw(`mentions = ${table}.mentions + excluded.mentions,
      rumours = ${table}.rumours + excluded.rumours,
      reach = ${table}.reach + excluded.reach,
      engagement = ${table}.engagement + excluded.engagement,
      rating_sum = ${table}.rating_sum + excluded.rating_sum,
      rating_count = ${table}.rating_count + excluded.rating_count,
      answerable = ${table}.answerable + excluded.answerable,
      answered = ${table}.answered + excluded.answered`);

/**
 * One statement per batch for all its counter rows: the rows travel as one array per column
 * (`unnest`), so the statement's text and plan do not grow with the batch, unlike a multi-row
 * VALUES with fifteen parameters a row (docs/adr/012).
 */
async function upsertRollups(tx: ListeningExecutor, bankId: string, rows: RollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into listening_rollups (bank_id, query_id, grain, bucket, channel, sentiment, intent, mentions, rumours, reach,
      engagement, rating_sum, rating_count, answerable, answered)
    select ${bankId}::uuid, v.* from unnest(
      ${rows.map((r) => r.query_id)}::uuid[], ${rows.map((r) => r.grain)}::text[],
      ${rows.map((r) => r.bucket.toISOString())}::timestamptz[], ${rows.map((r) => r.channel)}::text[],
      ${rows.map((r) => r.sentiment)}::text[], ${rows.map((r) => r.intent)}::text[], ${counterColumns(rows)}
    ) as v(query_id, grain, bucket, channel, sentiment, intent, mentions, rumours, reach, engagement, rating_sum,
      rating_count, answerable, answered)
    on conflict (bank_id, query_id, grain, bucket, channel, sentiment, intent) do update set
      ${addCounters('listening_rollups')}`.execute(tx);
}

async function upsertChannelRollups(tx: ListeningExecutor, bankId: string, rows: RollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into listening_channel_rollups (bank_id, query_id, grain, bucket, channel, sentiment, mentions, rumours, reach,
      engagement, rating_sum, rating_count, answerable, answered)
    select ${bankId}::uuid, v.* from unnest(
      ${rows.map((r) => r.query_id)}::uuid[], ${rows.map((r) => r.grain)}::text[],
      ${rows.map((r) => r.bucket.toISOString())}::timestamptz[], ${rows.map((r) => r.channel)}::text[],
      ${rows.map((r) => r.sentiment)}::text[], ${counterColumns(rows)}
    ) as v(query_id, grain, bucket, channel, sentiment, mentions, rumours, reach, engagement, rating_sum,
      rating_count, answerable, answered)
    on conflict (bank_id, query_id, grain, bucket, channel, sentiment) do update set
      ${addCounters('listening_channel_rollups')}`.execute(tx);
}

type TermRow = { query_id: string; grain: 'hour' | 'day' | 'month'; bucket: Date; term: string; mentions: number; negative: number };
type AuthorMonthRow = { query_id: string; month: Date; author_key: string; mentions: number; engagement: number };
type AuthorRow = { query_id: string; day: Date; author_key: string; mentions: number; negative: number; engagement: number };
export type AuthorProfile = { author_key: string; channel: string; name: string; handle: string | null; url: string | null; reach: number };

/**
 * Term and author counters: the bulk of rollup rows (a post has a dozen words). Summed in memory
 * and written together. By default a batch writes its own at once; the intake worker under load
 * keeps one buffer across batches and flushes it every few seconds (in a batch's transaction),
 * so a term seen in a hundred batches is one row write. These counters feed "top terms", "top
 * authors" and term bursts: a crash loses at most the last seconds of them, never a mention nor
 * the exact volume counters.
 */
export class SketchBuffer {
  private terms = new Map<string, TermRow>();
  private authors = new Map<string, AuthorRow>();
  private profiles = new Map<string, AuthorProfile>();
  private lastFlush = Date.now();

  constructor(readonly immediate = true) {}

  add(c: RollupContribution) {
    const negative = c.sentiment === 'negative' ? 1 : 0;
    // Hours and days; months are summed from the days when the buffer is written.
    for (const [grain, of] of GRAINS) {
      const bucket = of(c.publishedAt);
      for (const term of c.terms) {
        const key = `${c.queryId}|${grain}|${bucket.getTime()}|${term}`;
        const row = this.terms.get(key) ?? { query_id: c.queryId, grain, bucket, term, mentions: 0, negative: 0 };
        row.mentions++;
        row.negative += negative;
        this.terms.set(key, row);
      }
    }
    const day = dayOf(c.publishedAt);
    const akey = `${c.queryId}|${day.getTime()}|${c.authorKey}`;
    const author = this.authors.get(akey) ?? { query_id: c.queryId, day, author_key: c.authorKey, mentions: 0, negative: 0, engagement: 0 };
    author.mentions++;
    author.negative += negative;
    author.engagement += c.engagement;
    this.authors.set(akey, author);
  }

  /** Influencers: the largest reach seen and the latest name. */
  addProfile(p: AuthorProfile) {
    const known = this.profiles.get(p.author_key);
    if (!known || known.reach <= p.reach) this.profiles.set(p.author_key, p);
  }

  get size() {
    return this.terms.size + this.authors.size + this.profiles.size;
  }

  /** Adds another buffer's counters to this one (a committed batch's, or a failed flush's back). */
  merge(other: SketchBuffer) {
    for (const [k, r] of other.terms) {
      const row = this.terms.get(k);
      if (row) {
        row.mentions += r.mentions;
        row.negative += r.negative;
      } else this.terms.set(k, { ...r });
    }
    for (const [k, r] of other.authors) {
      const row = this.authors.get(k);
      if (row) {
        row.mentions += r.mentions;
        row.negative += r.negative;
        row.engagement += r.engagement;
      } else this.authors.set(k, { ...r });
    }
    for (const p of other.profiles.values()) this.addProfile(p);
  }

  /** Empties the buffer into a new one (what a flush writes; merged back if its transaction fails). */
  drain(): SketchBuffer {
    const out = new SketchBuffer(this.immediate);
    out.terms = this.terms;
    out.authors = this.authors;
    out.profiles = this.profiles;
    this.terms = new Map();
    this.authors = new Map();
    this.profiles = new Map();
    this.lastFlush = Date.now();
    return out;
  }

  /**
   * Time to write under load: every 15 s, or when it grows large (a drained queue writes at once).
   * Under load a flush costs about one row per distinct term and hour, whatever the number of
   * mentions: writing every 15 s rather than 5 s divides that cost by three (bench:listening).
   */
  due(maxAgeMs = 15_000, maxRows = 150_000) {
    return this.size > 0 && (Date.now() - this.lastFlush >= maxAgeMs || this.size >= maxRows);
  }

  async flush(tx: ListeningExecutor, bankId: string): Promise<void> {
    // Writes without emptying: a caller that may roll back drains first and merges back on failure.
    const terms = sortedValues(this.terms);
    const authors = sortedValues(this.authors);
    // Monthly counters (the top lists' marks) from the daily ones of this buffer.
    const termMonths = new Map<string, TermRow>();
    for (const r of this.terms.values()) {
      if (r.grain !== 'day') continue;
      const month = monthOf(r.bucket);
      const key = `${r.query_id}|${month.getTime()}|${r.term}`;
      const row = termMonths.get(key) ?? { ...r, grain: 'month', bucket: month, mentions: 0, negative: 0 };
      row.mentions += r.mentions;
      row.negative += r.negative;
      termMonths.set(key, row);
    }
    const monthsOfAuthors = new Map<string, AuthorMonthRow>();
    for (const r of this.authors.values()) {
      const month = monthOf(r.day);
      const key = `${r.query_id}|${month.getTime()}|${r.author_key}`;
      const row = monthsOfAuthors.get(key) ?? { query_id: r.query_id, month, author_key: r.author_key, mentions: 0, engagement: 0 };
      row.mentions += r.mentions;
      row.engagement += r.engagement;
      monthsOfAuthors.set(key, row);
    }
    const authorMonths = sortedValues(monthsOfAuthors);
    const profiles = sortedValues(this.profiles);
    // Hours and days: plain counters. Months: counters that leave marks (a separate statement, so
    // that only their few rows come back from the upsert).
    const monthly = sortedValues(termMonths);
    if (terms.length)
      await sql`
        insert into listening_term_rollups (bank_id, query_id, grain, bucket, term, mentions, negative)
        select ${bankId}::uuid, v.* from unnest(${termColumns(terms)}) as v(query_id, grain, bucket, term, mentions, negative)
        ${addTermCounts}`.execute(tx);
    if (monthly.length)
      await sql`
        with v as (
          select * from unnest(${termColumns(monthly)}) as v(query_id, grain, bucket, term, mentions, negative)
        ), counted as (
          insert into listening_term_rollups (bank_id, query_id, grain, bucket, term, mentions, negative)
          select ${bankId}::uuid, v.* from v
          ${addTermCounts}
          returning query_id, bucket, term, mentions, negative
        )
        insert into listening_term_marks (bank_id, query_id, measure, level, month, term)
        select ${bankId}::uuid, c.query_id, m.measure, l.level, c.bucket, c.term
        from counted c
        join v on v.query_id = c.query_id and v.bucket = c.bucket and v.term = c.term
        cross join lateral (values ('mentions', c.mentions, v.mentions), ('negative', c.negative, v.negative))
          as m(measure, total, added)
        cross join lateral ${levelsCrossed(sql`m.total`, sql`m.added`)} as l(level)
        where m.total >= ${2 ** MARK_MIN_LEVEL}
        on conflict do nothing`.execute(tx);
    if (authors.length)
      await sql`
        insert into listening_author_rollups (bank_id, query_id, day, author_key, mentions, negative, engagement)
        select ${bankId}::uuid, v.* from unnest(
          ${authors.map((r) => r.query_id)}::uuid[], ${authors.map((r) => r.day.toISOString())}::timestamptz[],
          ${authors.map((r) => r.author_key)}::text[], ${authors.map((r) => r.mentions)}::int[],
          ${authors.map((r) => r.negative)}::int[], ${authors.map((r) => r.engagement)}::bigint[]
        ) as v(query_id, day, author_key, mentions, negative, engagement)
        on conflict (bank_id, query_id, day, author_key) do update set
          mentions = listening_author_rollups.mentions + excluded.mentions,
          negative = listening_author_rollups.negative + excluded.negative,
          engagement = listening_author_rollups.engagement + excluded.engagement`.execute(tx);
    if (authorMonths.length)
      await sql`
        with v as (
          select * from unnest(
            ${authorMonths.map((r) => r.query_id)}::uuid[], ${authorMonths.map((r) => r.month.toISOString())}::timestamptz[],
            ${authorMonths.map((r) => r.author_key)}::text[], ${authorMonths.map((r) => r.mentions)}::int[],
            ${authorMonths.map((r) => r.engagement)}::bigint[]
          ) as v(query_id, month, author_key, mentions, engagement)
        ), counted as (
          insert into listening_author_months (bank_id, query_id, month, author_key, mentions, engagement)
          select ${bankId}::uuid, v.* from v
          on conflict (bank_id, query_id, month, author_key) do update set
            mentions = listening_author_months.mentions + excluded.mentions,
            engagement = listening_author_months.engagement + excluded.engagement
          returning query_id, month, author_key, mentions
        )
        insert into listening_author_marks (bank_id, query_id, level, month, author_key)
        select ${bankId}::uuid, c.query_id, l.level, c.month, c.author_key
        from counted c
        join v on v.query_id = c.query_id and v.month = c.month and v.author_key = c.author_key
        cross join lateral ${levelsCrossed(sql`c.mentions`, sql`v.mentions`)} as l(level)
        where c.mentions >= ${2 ** MARK_MIN_LEVEL}
        on conflict do nothing`.execute(tx);
    if (profiles.length)
      await sql`
        insert into listening_authors (bank_id, author_key, channel, name, handle, url, reach)
        select ${bankId}::uuid, v.* from unnest(
          ${profiles.map((p) => p.author_key)}::text[], ${profiles.map((p) => p.channel)}::text[],
          ${profiles.map((p) => p.name)}::text[], ${profiles.map((p) => p.handle)}::text[],
          ${profiles.map((p) => p.url)}::text[], ${profiles.map((p) => p.reach)}::int[]
        ) as v(author_key, channel, name, handle, url, reach)
        on conflict (bank_id, author_key) do update set
          name = excluded.name,
          handle = coalesce(excluded.handle, listening_authors.handle),
          url = coalesce(excluded.url, listening_authors.url),
          reach = greatest(listening_authors.reach, excluded.reach),
          updated_at = now()
        -- A known author whose reach and name did not change costs no new row version.
        where excluded.reach > listening_authors.reach or excluded.name <> listening_authors.name`.execute(tx);
  }
}

/** Marks start at 2^3: below eight mentions a day, a top list is cheap to read in full anyway. */
export const MARK_MIN_LEVEL = 3;

const log2 = (x: RawBuilder<unknown>) => sql`floor(ln(${x}::float8) / ln(2::float8) + 1e-9)::int`;

/**
 * The levels a counter passed when it went from `total - added` to `total`: every power of
 * two in (total - added, total], from 2^MARK_MIN_LEVEL. Floating log2 is exact enough here: for
 * counts below 2^30 a non-power is never within 1e-9 of an integer.
 */
function levelsCrossed(total: RawBuilder<unknown>, added: RawBuilder<unknown>) {
  return sql`generate_series(
    greatest(${MARK_MIN_LEVEL}, case when ${total} - ${added} < 1 then 0 else ${log2(sql`${total} - ${added}`)} + 1 end),
    ${log2(total)})`;
}

/**
 * Monthly counters and marks of one query from `month` on, summed again from its daily counters:
 * after a backfill has recounted the days, so that whole months read by the top lists are exact.
 */
export async function rebuildMonths(tx: ListeningExecutor, bankId: string, queryId: string, month: Date): Promise<void> {
  const monthOfDay = (column: string) =>
    sql.raw(`date_trunc('month', ${column} at time zone '${LISTENING_TIME_ZONE}') at time zone '${LISTENING_TIME_ZONE}'`);
  await sql`delete from listening_term_rollups
    where bank_id = ${bankId} and query_id = ${queryId} and grain = 'month' and bucket >= ${month}`.execute(tx);
  await sql`insert into listening_term_rollups (bank_id, query_id, grain, bucket, term, mentions, negative)
    select bank_id, query_id, 'month', ${monthOfDay('bucket')}, term, sum(mentions), sum(negative)
    from listening_term_rollups where bank_id = ${bankId} and query_id = ${queryId} and grain = 'day' and bucket >= ${month}
    group by 1, 2, 4, 5`.execute(tx);
  await sql`delete from listening_author_months where bank_id = ${bankId} and query_id = ${queryId} and month >= ${month}`.execute(tx);
  await sql`insert into listening_author_months (bank_id, query_id, month, author_key, mentions, engagement)
    select bank_id, query_id, ${monthOfDay('day')}, author_key, sum(mentions), sum(engagement)
    from listening_author_rollups where bank_id = ${bankId} and query_id = ${queryId} and day >= ${month}
    group by 1, 2, 3, 4`.execute(tx);
  await sql`delete from listening_term_marks where bank_id = ${bankId} and query_id = ${queryId} and month >= ${month}`.execute(tx);
  await sql`insert into listening_term_marks (bank_id, query_id, measure, level, month, term)
    select r.bank_id, r.query_id, m.measure, l.level, r.bucket, r.term
    from listening_term_rollups r
    cross join lateral (values ('mentions', r.mentions), ('negative', r.negative)) as m(measure, total)
    cross join lateral ${levelsCrossed(sql`m.total`, sql`m.total`)} as l(level)
    where r.bank_id = ${bankId} and r.query_id = ${queryId} and r.grain = 'month' and r.bucket >= ${month}
      and m.total >= ${2 ** MARK_MIN_LEVEL}`.execute(tx);
  await sql`delete from listening_author_marks where bank_id = ${bankId} and query_id = ${queryId} and month >= ${month}`.execute(tx);
  await sql`insert into listening_author_marks (bank_id, query_id, level, month, author_key)
    select r.bank_id, r.query_id, l.level, r.month, r.author_key
    from listening_author_months r
    cross join lateral ${levelsCrossed(sql`r.mentions`, sql`r.mentions`)} as l(level)
    where r.bank_id = ${bankId} and r.query_id = ${queryId} and r.month >= ${month} and r.mentions >= ${2 ** MARK_MIN_LEVEL}`.execute(tx);
}

/** Term counters add up on conflict, whichever grain. */
const addTermCounts = sql`on conflict (bank_id, query_id, grain, bucket, term) do update set
  mentions = listening_term_rollups.mentions + excluded.mentions,
  negative = listening_term_rollups.negative + excluded.negative`;

/** A batch of term counters as one array per column, for `unnest`. */
function termColumns(rows: TermRow[]) {
  return sql`${rows.map((r) => r.query_id)}::uuid[], ${rows.map((r) => r.grain)}::text[],
    ${rows.map((r) => r.bucket.toISOString())}::timestamptz[], ${rows.map((r) => r.term)}::text[],
    ${rows.map((r) => r.mentions)}::int[], ${rows.map((r) => r.negative)}::int[]`;
}

/** Key order: two writers never lock the same counter rows in opposite orders. */
function sortedValues<T>(m: Map<string, T>): T[] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** A mention was answered after the fact: its buckets count one more answered mention. */
export async function addAnswered(
  tx: ListeningExecutor,
  bankId: string,
  answered: { queryIds: string[]; publishedAt: Date; channel: string; sentiment: string | null; intent: string | null }[],
): Promise<void> {
  const rows = new Map<
    string,
    {
      query_id: string;
      grain: 'minute' | 'hour' | 'day';
      bucket: Date;
      channel: string;
      sentiment: string;
      intent: string;
      answered: number;
    }
  >();
  const now = Date.now();
  for (const a of answered) {
    for (const queryId of a.queryIds) {
      for (const [grain, of] of volumeGrains(a.publishedAt, now)) {
        const bucket = of(a.publishedAt);
        const sentiment = a.sentiment ?? 'neutral';
        const intent = a.intent ?? 'unknown';
        const key = `${queryId}|${grain}|${bucket.getTime()}|${a.channel}|${sentiment}|${intent}`;
        const row = rows.get(key) ?? { query_id: queryId, grain, bucket, channel: a.channel, sentiment, intent, answered: 0 };
        row.answered++;
        rows.set(key, row);
      }
    }
  }
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  await inChunks(sorted, (chunk) =>
    tx
      .insertInto('listening_rollups')
      .values(chunk.map((r) => ({ bank_id: bankId, ...r })))
      .onConflict((oc) =>
        oc
          .columns(['bank_id', 'query_id', 'grain', 'bucket', 'channel', 'sentiment', 'intent'])
          .doUpdateSet({ answered: sql`listening_rollups.answered + excluded.answered` }),
      )
      .execute(),
  );
  // The same answers without the intent, summed by channel and sentiment.
  const byChannel = new Map<string, Omit<(typeof sorted)[number], 'intent'>>();
  for (const { intent: _intent, ...r } of sorted) {
    const key = `${r.query_id}|${r.grain}|${r.bucket.getTime()}|${r.channel}|${r.sentiment}`;
    const row = byChannel.get(key);
    if (row) row.answered += r.answered;
    else byChannel.set(key, { ...r });
  }
  await inChunks(sortedValues(byChannel), (chunk) =>
    tx
      .insertInto('listening_channel_rollups')
      .values(chunk.map((r) => ({ bank_id: bankId, ...r })))
      .onConflict((oc) =>
        oc
          .columns(['bank_id', 'query_id', 'grain', 'bucket', 'channel', 'sentiment'])
          .doUpdateSet({ answered: sql`listening_channel_rollups.answered + excluded.answered` }),
      )
      .execute(),
  );
}

/**
 * Forgets the minute counters older than MINUTE_RETENTION_MS (the detection worker calls it every
 * few minutes): one primary-key range per query and table.
 */
export async function pruneMinuteRollups(db: ListeningExecutor, bankId: string, queryIds: string[], now = new Date()): Promise<void> {
  const before = new Date(now.getTime() - MINUTE_RETENTION_MS);
  for (const queryId of queryIds)
    for (const counters of ['listening_rollups', 'listening_channel_rollups'] as const)
      await db
        .deleteFrom(counters)
        .where('bank_id', '=', bankId)
        .where('query_id', '=', queryId)
        .where('grain', '=', 'minute')
        .where('bucket', '<', before)
        .execute();
}
