import { sql } from 'kysely';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { createWorkLoop, type WorkLoop } from '../../../platform/work-loop.ts';
import { type ListeningExecutor, withListening } from '../listening.tables.ts';
import { publicItemsOfMessages } from '../mentions/item-sources.ts';
import { recordPublicItems } from '../mentions/mention-recorder.ts';
import { dayOf, LISTENING_TIME_ZONE, monthOf } from '../rollups/buckets.ts';
import { MINUTE_RETENTION_MS, rebuildMonths, SketchBuffer } from '../rollups/rollup-writer.ts';
import { termsOf } from '../rollups/terms.ts';
import { loadCompiledQueries } from './queries.repository.ts';
import { type CompiledQuery, matchingQueries, prepareDocument } from './query-matcher.ts';

/** How far back a new or edited query is applied. */
export const BACKFILL_DAYS = 30;
/** Items per transaction: the live intake is never held for long. */
const BATCH = 1000;
/** Channels with a reply API, as item-sources.ts counts them "answerable". */
const ANSWERABLE = ['facebook', 'instagram', 'x', 'trustpilot', 'google_play', 'app_store'];

/** Asks for a backfill of `queryId`, in the transaction that creates or edits it. */
export async function requestBackfill(tx: ListeningExecutor, bankId: string, queryId: string): Promise<void> {
  await tx
    .insertInto('listening_backfills')
    .values({ query_id: queryId, bank_id: bankId, requested_at: new Date() })
    .onConflict((oc) => oc.column('query_id').doUpdateSet({ requested_at: new Date() }))
    .execute();
}

/**
 * Applies a new or edited query to the last 30 days (docs/adr/011), one query at a time:
 * 1. the stored mentions, in batches: matches added where the query now matches, removed where it
 *    no longer does (an edit);
 * 2. the inbox's public messages that were no mention yet (no query matched them then);
 * 3. the query's counters over the window, recomputed from its matches in one transaction that
 *    holds the matches still (the live intake waits for it): exact, whatever ran meanwhile.
 * Term and author counters of the window are rebuilt from what steps 1 and 2 saw.
 */
export function createBackfillWorker(deps: AppDeps): WorkLoop {
  const db = withListening(deps.database.db);
  return createWorkLoop('listening-backfill', deps.logger, async () => {
    const job = await db
      .selectFrom('listening_backfills')
      .select(['query_id', 'requested_at'])
      .where('bank_id', '=', deps.bankId)
      .orderBy('requested_at')
      .limit(1)
      .executeTakeFirst();
    if (!job) return 0;
    const query = (await loadCompiledQueries(db, deps.bankId, deps.logger)).find((q) => q.id === job.query_id);
    const since = dayOf(new Date(Date.now() - BACKFILL_DAYS * 86_400_000));
    if (query) {
      const sketches = new SketchBuffer(false);
      await rematchMentions(query, since, sketches);
      await matchInboxMessages(query, since, sketches);
      await recomputeCounters(query.id, since, sketches);
    }
    await db
      .deleteFrom('listening_backfills')
      .where('query_id', '=', job.query_id)
      // Edited again meanwhile: the newer request stays and runs next.
      .where('requested_at', '=', job.requested_at)
      .execute();
    return 1;
  });

  async function rematchMentions(query: CompiledQuery, since: Date, sketches: SketchBuffer) {
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const cursor: { at: Date; id: string } | null = after;
      const rows = await db
        .selectFrom('mentions')
        .select([
          'id',
          'source',
          'channel',
          'title',
          'body',
          'language',
          'author_handle',
          'author_key',
          'published_at',
          'sentiment',
          'engagement',
        ])
        .where('bank_id', '=', deps.bankId)
        .where('published_at', '>=', since)
        .$if(cursor !== null, (q) => q.where(sql<boolean>`(published_at, id) > (${cursor!.at}, ${cursor!.id})`))
        .orderBy('published_at')
        .orderBy('id')
        .limit(BATCH)
        .execute();
      if (rows.length === 0) return;
      const last: { published_at: Date; id: string } = rows[rows.length - 1]!;
      after = { at: last.published_at, id: last.id };
      const hits = new Set<string>();
      for (const r of rows) {
        const doc = prepareDocument({
          text: r.title ? `${r.title}\n${r.body}` : r.body,
          language: r.language,
          channel: r.channel,
          authorHandle: r.author_handle,
        });
        // Inbox messages and forum posts were written to the bank (item-sources.ts: addressedToBank).
        if (matchingQueries([query], doc, r.source === 'message' || r.source === 'forum').length === 0) continue;
        hits.add(r.id);
        sketches.add({
          queryId: query.id,
          publishedAt: r.published_at,
          channel: r.channel,
          sentiment: r.sentiment,
          intent: null,
          rumour: false,
          reach: 0,
          engagement: r.engagement,
          rating: null,
          answerable: false,
          answered: false,
          authorKey: r.author_key,
          terms: termsOf(doc, query.ownWords),
        });
      }
      await db.transaction().execute(async (tx) => {
        const held = await tx
          .selectFrom('mention_matches')
          .select(['mention_id'])
          .where('query_id', '=', query.id)
          .where(
            'mention_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        const had = new Set(held.map((h) => h.mention_id));
        const added = rows.filter((r) => hits.has(r.id) && !had.has(r.id));
        const removed = [...had].filter((id) => !hits.has(id));
        if (added.length) {
          await tx
            .insertInto('mention_matches')
            .values(added.map((r) => ({ bank_id: deps.bankId, query_id: query.id, mention_id: r.id, published_at: r.published_at })))
            .onConflict((oc) => oc.doNothing())
            .execute();
          await tx
            .updateTable('mentions')
            .set({ query_ids: sql`(query_ids - ${query.id}::text) || jsonb_build_array(${query.id}::text)` })
            .where(
              'id',
              'in',
              added.map((r) => r.id),
            )
            .execute();
        }
        if (removed.length) {
          await tx.deleteFrom('mention_matches').where('query_id', '=', query.id).where('mention_id', 'in', removed).execute();
          await tx
            .updateTable('mentions')
            .set({ query_ids: sql`query_ids - ${query.id}::text` })
            .where('id', 'in', removed)
            .execute();
        }
      });
      if (rows.length < BATCH) return;
    }
  }

  /** Public inbox messages of the window that no query matched when they came: they may match this one. */
  async function matchInboxMessages(query: CompiledQuery, since: Date, sketches: SketchBuffer) {
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const cursor: { at: Date; id: string } | null = after;
      const rows: { id: string; created_at: Date }[] = await db
        .selectFrom('messages')
        .select(['id', 'created_at'])
        .where('bank_id', '=', deps.bankId)
        .where('direction', '=', 'inbound')
        .where('visibility', '=', 'public')
        .where('created_at', '>=', since)
        .$if(cursor !== null, (q) => q.where(sql<boolean>`(created_at, id) > (${cursor!.at}, ${cursor!.id})`))
        .orderBy('created_at')
        .orderBy('id')
        .limit(BATCH)
        .execute();
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      after = { at: last.created_at, id: last.id };
      await db.transaction().execute(async (tx) => {
        const items = await publicItemsOfMessages(
          tx,
          deps.bankId,
          rows.map((r) => r.id),
        );
        // Items already held are left alone (step 1 handled them); new ones become mentions of this query.
        const staged = new SketchBuffer(false);
        await recordPublicItems(tx, deps.bankId, [query], items, staged);
        sketches.merge(staged);
      });
      if (rows.length < BATCH) return;
    }
  }

  async function recomputeCounters(queryId: string, since: Date, sketches: SketchBuffer) {
    await db.transaction().execute(async (tx) => {
      // The live intake writes matches and counters in one transaction: holding the matches still
      // makes the recount see every committed batch and no half of one.
      await sql`lock table mention_matches in share mode`.execute(tx);
      for (const counters of ['listening_rollups', 'listening_channel_rollups'] as const)
        await tx
          .deleteFrom(counters)
          .where('bank_id', '=', deps.bankId)
          .where('query_id', '=', queryId)
          .where('bucket', '>=', since)
          .execute();
      // Minutes only where the live counters keep them (the last MINUTE_RETENTION_MS).
      const minutesSince = new Date(Math.max(since.getTime(), Date.now() - MINUTE_RETENTION_MS));
      for (const grain of ['minute', 'hour', 'day'] as const) {
        const bucket =
          grain === 'day'
            ? sql`(date_trunc('day', m.published_at at time zone ${LISTENING_TIME_ZONE}) at time zone ${LISTENING_TIME_ZONE})`
            : sql`(date_trunc(${grain}, m.published_at at time zone 'UTC') at time zone 'UTC')`;
        const from = grain === 'minute' ? minutesSince : since;
        await sql`
          insert into listening_rollups (bank_id, query_id, grain, bucket, channel, sentiment, intent, mentions, rumours,
            reach, engagement, rating_sum, rating_count, answerable, answered)
          select ${deps.bankId}, ${queryId}, ${grain}, ${bucket}, m.channel, coalesce(m.sentiment, 'neutral'),
            coalesce(m.intent, 'unknown'), count(*), count(*) filter (where m.rumour), coalesce(sum(m.author_reach), 0),
            coalesce(sum(m.engagement), 0), coalesce(sum(m.rating), 0), count(m.rating),
            count(*) filter (where m.channel in (${sql.join(ANSWERABLE)})),
            count(*) filter (where m.answered_at is not null)
          from mention_matches mm join mentions m on m.id = mm.mention_id
          where mm.query_id = ${queryId} and mm.published_at >= ${from}
          group by 4, 5, 6, 7`.execute(tx);
      }
      // The same counters without the intent, from the detailed ones just written.
      await sql`
        insert into listening_channel_rollups (bank_id, query_id, grain, bucket, channel, sentiment, mentions, rumours, reach,
          engagement, rating_sum, rating_count, answerable, answered)
        select bank_id, query_id, grain, bucket, channel, sentiment, sum(mentions), sum(rumours), sum(reach), sum(engagement),
          sum(rating_sum), sum(rating_count), sum(answerable), sum(answered)
        from listening_rollups
        where bank_id = ${deps.bankId} and query_id = ${queryId} and bucket >= ${since}
        group by 1, 2, 3, 4, 5, 6`.execute(tx);
      await tx
        .deleteFrom('listening_term_rollups')
        .where('bank_id', '=', deps.bankId)
        .where('query_id', '=', queryId)
        .where('bucket', '>=', since)
        .execute();
      await tx
        .deleteFrom('listening_author_rollups')
        .where('bank_id', '=', deps.bankId)
        .where('query_id', '=', queryId)
        .where('day', '>=', since)
        .execute();
      await sketches.flush(tx, deps.bankId);
      // The month that began before `since` was counted again from `since` by the flush: its
      // monthly counters and marks (and the later months') are summed again from the days.
      await rebuildMonths(tx, deps.bankId, queryId, monthOf(since));
    });
  }
}
