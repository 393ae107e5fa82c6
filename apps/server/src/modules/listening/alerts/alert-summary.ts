import type { AlertSummary } from '@agora/contracts/listening.schema.ts';
import { sql } from 'kysely';
import type { AlertKind, ListeningExecutor } from '../listening.tables.ts';
import { hourOf } from '../rollups/buckets.ts';

const KIND_WORDS: Record<AlertKind, string> = {
  volume_spike: 'Pic de volume',
  term_burst: 'Terme émergent',
  negative_surge: 'Hausse des avis négatifs',
  rumour_surge: 'Vague de rumeurs',
};

/**
 * What an alert says about its wave, read from the rollups and a few mentions of its window:
 * top terms, sentiment split, top authors, example posts. Example bodies were masked when stored.
 */
export async function buildAlertSummary(
  db: ListeningExecutor,
  bankId: string,
  alert: {
    queryId: string;
    queryName: string;
    kind: AlertKind;
    term: string | null;
    windowStart: Date;
    windowEnd: Date;
    observed: number;
    expected: number;
  },
): Promise<AlertSummary> {
  const from = hourOf(alert.windowStart);
  const [terms, sentiments, authors, examples] = await Promise.all([
    db
      .selectFrom('listening_term_rollups')
      .select(['term', sql<string>`sum(mentions)`.as('mentions')])
      .where('bank_id', '=', bankId)
      .where('query_id', '=', alert.queryId)
      .where('grain', '=', 'hour')
      .where('bucket', '>=', from)
      .where('bucket', '<', alert.windowEnd)
      .groupBy('term')
      .orderBy(sql`sum(mentions)`, 'desc')
      .limit(8)
      .execute(),
    db
      .selectFrom('listening_channel_rollups')
      .select(['sentiment', sql<string>`sum(mentions)`.as('mentions')])
      .where('bank_id', '=', bankId)
      .where('query_id', '=', alert.queryId)
      .where('grain', '=', 'hour')
      .where('bucket', '>=', from)
      .where('bucket', '<', alert.windowEnd)
      .groupBy('sentiment')
      .execute(),
    db
      .selectFrom('mention_matches')
      .innerJoin('mentions', 'mentions.id', 'mention_matches.mention_id')
      .select([
        'mentions.author_name',
        'mentions.author_handle',
        sql<number>`max(mentions.author_reach)`.as('reach'),
        sql<string>`count(*)`.as('mentions'),
      ])
      .where('mention_matches.bank_id', '=', bankId)
      .where('mention_matches.query_id', '=', alert.queryId)
      .where('mention_matches.published_at', '>=', alert.windowStart)
      .where('mention_matches.published_at', '<', alert.windowEnd)
      .groupBy(['mentions.author_key', 'mentions.author_name', 'mentions.author_handle'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy(sql`max(mentions.author_reach)`, 'desc')
      .limit(5)
      .execute(),
    (() => {
      let q = db
        .selectFrom('mention_matches')
        .innerJoin('mentions', 'mentions.id', 'mention_matches.mention_id')
        .select(['mentions.id', 'mentions.author_name', 'mentions.body', 'mentions.url', 'mentions.published_at'])
        .where('mention_matches.bank_id', '=', bankId)
        .where('mention_matches.query_id', '=', alert.queryId)
        .where('mention_matches.published_at', '>=', alert.windowStart)
        .where('mention_matches.published_at', '<', alert.windowEnd);
      if (alert.kind === 'negative_surge') q = q.where('mentions.sentiment', '=', 'negative');
      if (alert.kind === 'rumour_surge') q = q.where('mentions.rumour', '=', true);
      if (alert.term) {
        const t = alert.term.replace(/^#/, '');
        q = q.where(sql<boolean>`lower(mentions.body) like ${`%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
      }
      return q.orderBy('mentions.author_reach', 'desc').orderBy('mentions.published_at', 'desc').limit(3).execute();
    })(),
  ]);
  const split = { negative: 0, neutral: 0, positive: 0 };
  for (const s of sentiments) if (s.sentiment in split) split[s.sentiment as keyof typeof split] += Number(s.mentions);
  const what = alert.term ? `« ${alert.term} »` : alert.queryName;
  return {
    headline: `${KIND_WORDS[alert.kind]} — ${what} : ${Math.round(alert.observed)} mention(s) contre ${Math.round(alert.expected)} attendue(s)`,
    topTerms: terms.map((t) => ({ term: t.term, mentions: Number(t.mentions) })),
    sentiment: split,
    topAuthors: authors.map((a) => ({
      name: a.author_name,
      handle: a.author_handle,
      reach: Number(a.reach ?? 0),
      mentions: Number(a.mentions),
    })),
    examples: examples.map((e) => ({
      id: e.id,
      author: e.author_name,
      body: e.body.length > 280 ? `${e.body.slice(0, 279)}…` : e.body,
      url: e.url,
      publishedAt: e.published_at.toISOString(),
    })),
  };
}
