import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ListeningExecutor } from '../listening.tables.ts';
import { type CompiledQuery, matchingQueries, prepareDocument } from '../queries/query-matcher.ts';
import { addToRollups, type RollupContribution, SketchBuffer } from '../rollups/rollup-writer.ts';
import { termsOf } from '../rollups/terms.ts';
import type { PublicItem } from './public-item.ts';

export interface RecordOutcome {
  /** Items that matched at least one query. */
  matched: number;
  /** New mentions (a replay or an item already held adds none). */
  created: number;
}

/** Items per statement: a 5,000-item batch is two statements, not hundreds. */
const CHUNK = 2500;

/**
 * Matches a batch of public items against the bank's queries and records what matched: the
 * mentions, which queries they matched, and the rollups, in the caller's transaction. Counters
 * grow only for mentions this call inserted, so a replayed batch changes nothing; an item already
 * held only learns its conversation (a stream post the team answered).
 */
export async function recordPublicItems(
  tx: ListeningExecutor,
  bankId: string,
  queries: readonly CompiledQuery[],
  items: PublicItem[],
  /** Term and author counters: written with the batch by default, or kept for a later flush. */
  sketches: SketchBuffer = new SketchBuffer(),
): Promise<RecordOutcome> {
  const matched: { item: PublicItem; queries: CompiledQuery[]; terms: Map<string, string[]> }[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.itemKey)) continue;
    seen.add(item.itemKey);
    const doc = prepareDocument({
      text: item.title ? `${item.title}\n${item.body}` : item.body,
      language: item.language,
      channel: item.channel,
      authorHandle: item.author.handle,
    });
    const hits = matchingQueries(queries, doc, item.addressedToBank === true);
    if (hits.length === 0) continue;
    matched.push({ item, queries: hits, terms: new Map(hits.map((q) => [q.id, termsOf(doc, q.ownWords)])) });
  }
  if (matched.length === 0) return { matched: 0, created: 0 };

  const contributions: RollupContribution[] = [];
  let created = 0;
  for (let i = 0; i < matched.length; i += CHUNK) {
    const chunk = matched.slice(i, i + CHUNK);
    const rows = chunk.map(({ item, queries: hits }) => ({
      id: randomUUID(),
      bank_id: bankId,
      item_key: item.itemKey,
      source: item.source,
      channel: item.channel,
      conversation_id: item.conversationId,
      raw: item.raw,
      url: item.url,
      author_key: item.author.key,
      author_name: item.author.name,
      author_handle: item.author.handle,
      author_reach: item.author.reach,
      engagement: item.engagement,
      title: item.title,
      body: item.body,
      language: item.language,
      intent: item.intent,
      sentiment: item.sentiment,
      sentiment_score: item.sentimentScore,
      urgency: item.urgency,
      rumour: item.rumour,
      rating: item.rating,
      query_ids: JSON.stringify(hits.map((q) => q.id)),
      published_at: item.publishedAt,
    }));
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    // One statement per chunk, one array per column (see rollup-writer.ts, upsertRollups).
    const written = (
      await sql<{ id: string; item_key: string; inserted: boolean }>`
        insert into mentions (id, bank_id, item_key, source, channel, conversation_id, raw, url, author_key, author_name,
          author_handle, author_reach, engagement, title, body, language, intent, sentiment, sentiment_score, urgency, rumour,
          rating, query_ids, published_at)
        select v.id, ${bankId}::uuid, v.item_key, v.source, v.channel, v.conversation_id, v.raw, v.url, v.author_key,
          v.author_name, v.author_handle, v.author_reach, v.engagement, v.title, v.body, v.language, v.intent, v.sentiment,
          v.sentiment_score, v.urgency, v.rumour, v.rating, v.query_ids::jsonb, v.published_at
        from unnest(
          ${col('id')}::uuid[], ${col('item_key')}::text[], ${col('source')}::text[], ${col('channel')}::text[],
          ${col('conversation_id')}::uuid[], ${col('raw')}::text[], ${col('url')}::text[], ${col('author_key')}::text[],
          ${col('author_name')}::text[], ${col('author_handle')}::text[], ${col('author_reach')}::int[],
          ${col('engagement')}::int[], ${col('title')}::text[], ${col('body')}::text[], ${col('language')}::text[],
          ${col('intent')}::text[], ${col('sentiment')}::text[], ${col('sentiment_score')}::real[], ${col('urgency')}::text[],
          ${col('rumour')}::boolean[], ${col('rating')}::smallint[], ${col('query_ids')}::text[],
          ${rows.map((r) => r.published_at.toISOString())}::timestamptz[]
        ) as v(id, item_key, source, channel, conversation_id, raw, url, author_key, author_name, author_handle, author_reach,
          engagement, title, body, language, intent, sentiment, sentiment_score, urgency, rumour, rating, query_ids, published_at)
        on conflict (bank_id, item_key) do update set conversation_id = coalesce(mentions.conversation_id, excluded.conversation_id)
        returning id, item_key, xmax = 0 as inserted`.execute(tx)
    ).rows;
    const insertedIds = new Map(written.filter((w) => w.inserted).map((w) => [w.item_key, w.id]));
    const matchRows: { bank_id: string; query_id: string; mention_id: string; published_at: Date }[] = [];
    for (const { item, queries: hits, terms } of chunk) {
      const mentionId = insertedIds.get(item.itemKey);
      if (!mentionId) continue;
      created++;
      for (const q of hits) {
        matchRows.push({ bank_id: bankId, query_id: q.id, mention_id: mentionId, published_at: item.publishedAt });
        contributions.push({
          queryId: q.id,
          publishedAt: item.publishedAt,
          channel: item.channel,
          sentiment: item.sentiment,
          intent: item.intent,
          rumour: item.rumour,
          reach: item.author.reach,
          engagement: item.engagement,
          rating: item.rating,
          answerable: item.answerable,
          answered: false,
          authorKey: item.author.key,
          terms: terms.get(q.id) ?? [],
        });
      }
    }
    if (matchRows.length)
      await sql`
        insert into mention_matches (bank_id, query_id, mention_id, published_at)
        select ${bankId}::uuid, v.* from unnest(
          ${matchRows.map((m) => m.query_id)}::uuid[], ${matchRows.map((m) => m.mention_id)}::uuid[],
          ${matchRows.map((m) => m.published_at.toISOString())}::timestamptz[]
        ) as v(query_id, mention_id, published_at)
        on conflict do nothing`.execute(tx);
  }
  for (const { item } of matched)
    sketches.addProfile({
      author_key: item.author.key,
      channel: item.channel,
      name: item.author.name,
      handle: item.author.handle,
      url: item.author.url,
      reach: item.author.reach,
    });
  await addToRollups(tx, bankId, contributions, sketches);
  return { matched: matched.length, created };
}
