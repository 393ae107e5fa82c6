import type { Mention, MentionPage } from '@agora/contracts/listening.schema.ts';
import { sql } from 'kysely';
import type { ListeningExecutor } from '../listening.tables.ts';
import { resolveRange } from '../rollups/dashboard.service.ts';

export interface MentionFilter {
  from?: string;
  to?: string;
  queryIds?: string[];
  channels?: string[];
  sentiment?: 'negative' | 'neutral' | 'positive';
  intent?: string;
  term?: string;
  author?: string;
  rumour?: 'true' | 'false';
  before?: string;
  limit: number;
}

const COLUMNS = [
  'mentions.id',
  'mentions.source',
  'mentions.channel',
  'mentions.conversation_id',
  'mentions.url',
  'mentions.author_key',
  'mentions.author_name',
  'mentions.author_handle',
  'mentions.author_reach',
  'mentions.engagement',
  'mentions.title',
  'mentions.body',
  'mentions.language',
  'mentions.intent',
  'mentions.sentiment',
  'mentions.urgency',
  'mentions.rumour',
  'mentions.rating',
  'mentions.query_ids',
  'mentions.published_at',
  'mentions.answered_at',
  'mentions.raw',
  'mentions.item_key',
] as const;

/** Folds accents in SQL the way the matcher folds them, for a term drill-down. */
const FOLD_FROM = 'àâäáãåéèêëíìîïóòôöõúùûüçñœæÀÂÄÁÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑ';
const FOLD_TO = 'aaaaaaeeeeiiiiooooouuuucnoaaaaaaaeeeeiiiiooooouuuucn';

/**
 * The mentions behind a chart (drill-down), newest first, by keyset pages. With queries, the
 * matches index drives the scan; without, the mentions' time index does.
 */
export async function listMentions(db: ListeningExecutor, bankId: string, filter: MentionFilter, now = new Date()): Promise<MentionPage> {
  const { from, to } = resolveRange(filter, now);
  let q = db.selectFrom('mentions').select(COLUMNS).where('mentions.bank_id', '=', bankId);
  // The page's order is the order of a query's matches (mention_matches_time_idx): with one query,
  // the page is read from that index newest first and stops after a page, however rare the other
  // filters (a term) make the rows. Several queries: a mention once, whichever matched.
  const single = filter.queryIds?.length === 1 ? filter.queryIds[0]! : null;
  let time = sql.ref('mentions.published_at');
  let id = sql.ref('mentions.id');
  if (single) {
    q = q
      .innerJoin('mention_matches', 'mention_matches.mention_id', 'mentions.id')
      .where('mention_matches.bank_id', '=', bankId)
      .where('mention_matches.query_id', '=', single);
    time = sql.ref('mention_matches.published_at');
    id = sql.ref('mention_matches.mention_id');
  } else if (filter.queryIds?.length) {
    const ids = filter.queryIds;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('mention_matches')
          .select(sql`1`.as('one'))
          .whereRef('mention_matches.mention_id', '=', 'mentions.id')
          .where('mention_matches.bank_id', '=', bankId)
          .where('mention_matches.query_id', 'in', ids),
      ),
    );
  }
  q = q.where(sql<boolean>`${time} >= ${from}`).where(sql<boolean>`${time} < ${to}`);
  if (filter.channels?.length) q = q.where('mentions.channel', 'in', filter.channels);
  if (filter.sentiment) q = q.where('mentions.sentiment', '=', filter.sentiment);
  if (filter.intent) q = q.where('mentions.intent', '=', filter.intent);
  if (filter.rumour) q = q.where('mentions.rumour', '=', filter.rumour === 'true');
  if (filter.author) q = q.where('mentions.author_key', '=', filter.author);
  if (filter.term) {
    const term = filter.term.replace(/^#/, '').toLowerCase();
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(
      sql<boolean>`translate(lower(coalesce(mentions.title, '') || ' ' || mentions.body), ${FOLD_FROM}, ${FOLD_TO}) like ${pattern}`,
    );
  }
  let beforeAt: Date | null = null;
  if (filter.before) {
    const [atText, beforeId] = filter.before.split('|');
    const at = new Date(atText ?? '');
    if (!Number.isNaN(at.getTime()) && beforeId && /^[0-9a-f-]{36}$/i.test(beforeId)) {
      beforeAt = at;
      q = q.where((eb) => eb.or([sql<boolean>`${time} < ${at}`, sql<boolean>`${time} = ${at} and ${id} < ${beforeId}::uuid`]));
    }
  }
  const page = (w: typeof q, size: number) => w.orderBy(time, 'desc').orderBy(id, 'desc').limit(size).execute();
  const rowFiltered = Boolean(
    filter.channels?.length || filter.sentiment || filter.intent || filter.rumour || filter.author || filter.term,
  );
  let rows: Awaited<ReturnType<typeof page>> = [];
  if (!single || !rowFiltered) rows = await page(q, filter.limit + 1);
  else {
    // A filter on the mentions' own columns (a term) hides how many rows it keeps, and the planner
    // then scans every mention of the period. Instead, the query's matches are taken newest first
    // in windows (2,000, then 16,000, then the rest) bounded by time on its index, until a page is full.
    let upper: Date | null = null;
    for (const size of [2000, 16_000, 0]) {
      let w = upper ? q.where(sql<boolean>`${time} < ${upper}`) : q;
      let lower: Date | null = null;
      if (size) {
        const edge = await db
          .selectFrom('mention_matches')
          .select(['published_at'])
          .where('bank_id', '=', bankId)
          .where('query_id', '=', single)
          .where('published_at', '>=', from)
          .where('published_at', '<', upper ?? to)
          .$if(beforeAt !== null, (e) => e.where('published_at', '<=', beforeAt!))
          .orderBy('published_at', 'desc')
          .orderBy('mention_id', 'desc')
          .offset(size - 1)
          .limit(1)
          .executeTakeFirst();
        lower = edge?.published_at ?? null;
        if (lower) w = w.where(sql<boolean>`${time} >= ${lower}`);
      }
      rows.push(...(await page(w, filter.limit + 1 - rows.length)));
      if (rows.length > filter.limit || !lower) break;
      upper = lower;
    }
  }
  const items = rows.slice(0, filter.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toMention),
    next: rows.length > filter.limit && last ? `${last.published_at.toISOString()}|${last.id}` : null,
  };
}

type Row = Awaited<ReturnType<typeof findMentionRow>> & object;

export function toMention(r: NonNullable<Row>): Mention {
  return {
    id: r.id,
    source: r.source,
    channel: r.channel,
    conversationId: r.conversation_id,
    url: r.url,
    author: { key: r.author_key, name: r.author_name, handle: r.author_handle, reach: r.author_reach },
    engagement: r.engagement,
    title: r.title,
    body: r.body,
    language: r.language,
    intent: r.intent,
    sentiment: r.sentiment,
    urgency: r.urgency,
    rumour: r.rumour,
    rating: r.rating,
    queryIds: typeof r.query_ids === 'string' ? (JSON.parse(r.query_ids) as string[]) : r.query_ids,
    publishedAt: r.published_at.toISOString(),
    answeredAt: r.answered_at ? r.answered_at.toISOString() : null,
    answerable: r.conversation_id !== null || (r.source === 'x_stream' && r.raw !== null),
  };
}

export async function findMentionRow(db: ListeningExecutor, bankId: string, id: string) {
  return db.selectFrom('mentions').select(COLUMNS).where('mentions.bank_id', '=', bankId).where('mentions.id', '=', id).executeTakeFirst();
}
