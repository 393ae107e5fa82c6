import type { ListeningDashboard } from '@agora/contracts/listening.schema.ts';
import { type ExpressionBuilder, sql } from 'kysely';
import { badRange } from '../listening.errors.ts';
import type { ListeningDB, ListeningExecutor } from '../listening.tables.ts';
import { addDays, dayOf, hourOf, minuteOf } from './buckets.ts';
import { MINUTE_RETENTION_MS } from './rollup-writer.ts';
import { influencers, rangeCells, topAuthors, topTerms } from './top-lists.repository.ts';

export interface DashboardFilter {
  from?: string;
  to?: string;
  queryIds?: string[];
  channels?: string[];
  sentiment?: 'negative' | 'neutral' | 'positive';
  intent?: string;
}

export interface ResolvedRange {
  from: Date;
  to: Date;
  grain: 'minute' | 'hour' | 'day';
}

const DAY = 86_400_000;
/** Ranges read by minute: the 3-hour view, with room for the moments between its click and the request. */
const MINUTE_VIEW_MS = 4 * 3_600_000;

/**
 * Last 30 days by default; minutes up to 4 hours (within the minute counters' retention), hours up
 * to 4 days, days beyond; a year at most.
 */
export function resolveRange(filter: DashboardFilter, now = new Date()): ResolvedRange {
  const to = filter.to ? new Date(filter.to) : now;
  const from = filter.from ? new Date(filter.from) : addDays(dayOf(now), -29);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to || to.getTime() - from.getTime() > 366 * DAY)
    throw badRange();
  const span = to.getTime() - from.getTime();
  const grain =
    span <= MINUTE_VIEW_MS && from.getTime() >= now.getTime() - MINUTE_RETENTION_MS ? 'minute' : span <= 4 * DAY ? 'hour' : 'day';
  return { from: grain === 'minute' ? minuteOf(from) : grain === 'hour' ? hourOf(from) : dayOf(from), to, grain };
}

const nextBucket = (b: Date, grain: ResolvedRange['grain']) =>
  grain === 'day' ? addDays(b, 1) : new Date(b.getTime() + (grain === 'hour' ? 3_600_000 : 60_000));

const num = (v: unknown) => Number(v ?? 0);

/**
 * Everything the listening dashboard shows, read from the rollups only (never from mentions):
 * a handful of grouped range scans on the rollups' primary keys.
 */
export async function readDashboard(
  db: ListeningExecutor,
  bankId: string,
  filter: DashboardFilter,
  queries: { id: string; name: string; kind: string }[],
  now = new Date(),
): Promise<ListeningDashboard> {
  const { from, to, grain } = resolveRange(filter, now);
  const queryIds = filter.queryIds?.length
    ? filter.queryIds.filter((id) => queries.some((q) => q.id === id))
    : queries.filter((q) => q.kind === 'brand').map((q) => q.id);
  const ids = queryIds.length ? queryIds : queries.map((q) => q.id);
  // Terms and authors have no minute counters: a minute view's top lists cover its whole hours.
  const cells = grain === 'minute' ? rangeCells(bankId, ids, hourOf(from), to, 'hour') : rangeCells(bankId, ids, from, to, grain);

  const scope = (eb: ExpressionBuilder<ListeningDB, 'listening_rollups'>, g = grain, only = ids) =>
    eb.and([
      eb('bank_id', '=', bankId),
      eb('query_id', 'in', only.length ? only : ['00000000-0000-0000-0000-000000000000']),
      eb('grain', '=', g),
      eb('bucket', '>=', from),
      eb('bucket', '<', to),
      ...(filter.channels?.length ? [eb('channel', 'in', filter.channels)] : []),
      ...(filter.sentiment ? [eb('sentiment', '=', filter.sentiment)] : []),
      ...(filter.intent ? [eb('intent', '=', filter.intent)] : []),
    ]);

  // The counters without the intent hold a seventh of the rows: every view reads them unless it
  // filters by intent. Both tables have the same columns but the intent, which no query below
  // names unless it reads the detailed table.
  const counters = (filter.intent ? 'listening_rollups' : 'listening_channel_rollups') as 'listening_rollups';

  const [series, byQuery, byChannel, dissatisfaction, ratings, terms, authors, reach] = await Promise.all([
    db
      .selectFrom(counters)
      .select([
        'bucket',
        'sentiment',
        sql<string>`sum(mentions)`.as('mentions'),
        sql<string>`sum(rumours)`.as('rumours'),
        sql<string>`sum(reach)`.as('reach'),
        sql<string>`sum(answerable)`.as('answerable'),
        sql<string>`sum(answered)`.as('answered'),
      ])
      .where((eb) => scope(eb))
      .groupBy(['bucket', 'sentiment'])
      .orderBy('bucket')
      .execute(),
    // Share of voice compares the bank with its competitors, whatever queries are selected; at the
    // range's grain (by day, a 24-hour range counted only the day in progress).
    db
      .selectFrom(counters)
      .select(['query_id', sql<string>`sum(mentions)`.as('mentions')])
      .where((eb) =>
        scope(
          eb,
          grain,
          queries.filter((q) => q.kind !== 'topic').map((q) => q.id),
        ),
      )
      .groupBy('query_id')
      .execute(),
    db
      .selectFrom(counters)
      .select(['channel', sql<string>`sum(mentions)`.as('mentions')])
      .where((eb) => scope(eb))
      .groupBy('channel')
      .orderBy(sql`sum(mentions)`, 'desc')
      .execute(),
    db
      .selectFrom('listening_rollups')
      .select(['intent', sql<string>`sum(mentions)`.as('mentions')])
      .where((eb) => eb.and([scope(eb), eb('sentiment', '=', 'negative'), eb('intent', '<>', 'unknown')]))
      .groupBy('intent')
      .orderBy(sql`sum(mentions)`, 'desc')
      .limit(8)
      .execute(),
    db
      .selectFrom(counters)
      .select(['bucket', 'channel', sql<string>`sum(rating_sum)`.as('rating_sum'), sql<string>`sum(rating_count)`.as('rating_count')])
      .where((eb) => eb.and([scope(eb), eb('rating_count', '>', 0)]))
      .groupBy(['bucket', 'channel'])
      .orderBy('bucket')
      .execute(),
    topTerms(db, cells, filter.sentiment === 'negative' ? 'negative' : 'mentions'),
    topAuthors(db, cells),
    influencers(db, cells),
  ]);

  const points = new Map<string, { bucket: string; total: number; negative: number; neutral: number; positive: number }>();
  const totals = { mentions: 0, negative: 0, positive: 0, rumours: 0, reach: 0, answerable: 0, answered: 0 };
  for (const r of series) {
    const key = r.bucket.toISOString();
    const p = points.get(key) ?? { bucket: key, total: 0, negative: 0, neutral: 0, positive: 0 };
    const n = num(r.mentions);
    p.total += n;
    if (r.sentiment === 'negative' || r.sentiment === 'positive' || r.sentiment === 'neutral') p[r.sentiment] += n;
    points.set(key, p);
    totals.mentions += n;
    if (r.sentiment === 'negative') totals.negative += n;
    if (r.sentiment === 'positive') totals.positive += n;
    totals.rumours += num(r.rumours);
    totals.reach += num(r.reach);
    totals.answerable += num(r.answerable);
    totals.answered += num(r.answered);
  }
  // Empty buckets are drawn as zeros, not skipped: a quiet day is information.
  const filled: ListeningDashboard['series'] = [];
  for (let b = from; b < to; b = nextBucket(b, grain)) {
    filled.push(points.get(b.toISOString()) ?? { bucket: b.toISOString(), total: 0, negative: 0, neutral: 0, positive: 0 });
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    grain,
    totals,
    series: filled,
    shareOfVoice: queries
      .filter((q) => q.kind !== 'topic')
      .map((q) => ({ queryId: q.id, name: q.name, kind: q.kind, mentions: num(byQuery.find((r) => r.query_id === q.id)?.mentions) }))
      .sort((a, b) => b.mentions - a.mentions),
    channels: byChannel.map((r) => ({ channel: r.channel, mentions: num(r.mentions) })),
    topTerms: terms,
    topAuthors: authors,
    influencers: reach,
    dissatisfaction: dissatisfaction.map((d) => ({ intent: d.intent, mentions: num(d.mentions) })),
    ratings: ratings.map((r) => ({
      bucket: r.bucket.toISOString(),
      channel: r.channel,
      average: Math.round((num(r.rating_sum) / Math.max(1, num(r.rating_count))) * 100) / 100,
      count: num(r.rating_count),
    })),
    responseRate: totals.answerable ? Math.round((totals.answered / totals.answerable) * 1000) / 1000 : null,
  };
}
