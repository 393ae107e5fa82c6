import { sql } from 'kysely';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { createWorkLoop, sideWork, type WorkLoop } from '../../../platform/work-loop.ts';
import { getPublicPost } from '../../community/community-public.ts';
import { type ListeningExecutor, withListening } from '../listening.tables.ts';
import { loadCompiledQueries } from '../queries/queries.repository.ts';
import type { CompiledQuery } from '../queries/query-matcher.ts';
import { addAnswered, SketchBuffer } from '../rollups/rollup-writer.ts';
import { publicItemOfFeedEntry, publicItemOfForumPost, publicItemOfStreamPost, publicItemsOfMessages } from './item-sources.ts';
import { recordPublicItems } from './mention-recorder.ts';
import type { PublicItem } from './public-item.ts';

/**
 * Items per transaction. PGlite has one connection (webhooks wait while a batch holds it); on a
 * Postgres server large batches make each counter row (a minute, an hour, a term) written once
 * for many mentions.
 */
const batchSizeOf = (kind: 'pglite' | 'postgres') => (kind === 'pglite' ? 200 : 5000);
/** A restart re-reads the committed events of a little before the last pass (at-least-once). */
const CATCH_UP_MARGIN_MS = 10 * 60_000;

export interface ListeningIntake extends WorkLoop {
  /** Messages announced but not yet matched (tests, metrics). */
  pendingCount(): number;
}

/**
 * Listening's consumer of committed events (docs/adr/010): every `message.created` of the bus
 * names a message that is already committed; the worker matches them in batches, outside the
 * ingest transaction, together with what the X stream and the feeds left in `listening_intake`.
 * At start it re-reads the outbox from a little before its last pass, so events published while
 * it was down are not lost (replays add nothing: mentions are unique per item).
 */
export function createListeningIntakeWorker(deps: AppDeps): ListeningIntake {
  const db = withListening(deps.database.db);
  const pending = new Set<string>();
  // Forum posts announced by `community.post_published` (at least once: the mention's key dedupes).
  const pendingPosts = new Set<string>();
  let caughtUp = false;
  // Term and author counters of committed batches not written yet: under load they are written
  // every few seconds rather than every batch (rollup-writer.ts, SketchBuffer).
  const sketches = new SketchBuffer(false);

  const loop = createWorkLoop(
    'listening-intake',
    deps.logger,
    async () => {
      if (!caughtUp) {
        await catchUp();
        caughtUp = true;
      }
      const size = batchSizeOf(deps.database.kind);
      const ids = [...pending].slice(0, size);
      for (const id of ids) pending.delete(id);
      const postIds = [...pendingPosts].slice(0, size);
      for (const id of postIds) pendingPosts.delete(id);
      const queries = await loadCompiledQueries(db, deps.bankId, deps.logger);
      let forumItems: PublicItem[];
      try {
        // Read through the community's extension point, before the transaction (PGlite has one connection).
        forumItems = queries.length ? await forumPostItems(postIds) : [];
      } catch (error) {
        for (const id of postIds) pendingPosts.add(id);
        for (const id of ids) pending.add(id);
        throw error;
      }
      // This batch's term and author counters join the shared buffer only once the batch commits.
      const staged = new SketchBuffer(false);
      let flushing: SketchBuffer | null = null;
      let done: number;
      try {
        done = await db.transaction().execute(async (tx) => {
          const items: PublicItem[] = queries.length ? await publicItemsOfMessages(tx, deps.bankId, ids) : [];
          items.push(...forumItems);
          await markAnswered(tx, ids, queries);
          const claimed = await claimIntake(tx, size);
          items.push(...claimed);
          if (items.length && queries.length) await recordPublicItems(tx, deps.bankId, queries, items, staged);
          // A short batch means the queue is drained: counters are written now (screens see them at once).
          const drained = ids.length + claimed.length < size && postIds.length < size;
          if (sketches.due() || drained) {
            sketches.merge(staged);
            staged.drain();
            flushing = sketches.drain();
            await flushing.flush(tx, deps.bankId);
          }
          await tx
            .insertInto('listening_cursor')
            .values({ bank_id: deps.bankId, last_pass_at: new Date() })
            .onConflict((oc) => oc.column('bank_id').doUpdateSet({ last_pass_at: new Date() }))
            .execute();
          return ids.length + claimed.length + postIds.length;
        });
      } catch (error) {
        // Nothing of the batch committed: its messages and posts are matched again on the next pass.
        for (const id of ids) pending.add(id);
        for (const id of postIds) pendingPosts.add(id);
        if (flushing) sketches.merge(flushing);
        throw error;
      }
      sketches.merge(staged);
      return done;
    },
    { ...sideWork(deps), batch: batchSizeOf(deps.database.kind) },
  );

  /** Public forum posts; a post no longer public (held, hidden, deleted) or the bank's own is none. */
  async function forumPostItems(postIds: string[]): Promise<PublicItem[]> {
    const items: PublicItem[] = [];
    for (const postId of postIds) {
      const post = await getPublicPost(deps, postId);
      const item = post ? publicItemOfForumPost(post) : null;
      if (item) items.push(item);
    }
    return items;
  }

  /** Stream posts and feed entries, claimed and removed in the same transaction that records them. */
  async function claimIntake(tx: ListeningExecutor, size: number): Promise<PublicItem[]> {
    const rows = await tx
      .selectFrom('listening_intake')
      .select(['id', 'source', 'body', 'received_at'])
      .where('bank_id', '=', deps.bankId)
      .orderBy('id')
      .limit(size)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return [];
    await tx
      .deleteFrom('listening_intake')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    const items: PublicItem[] = [];
    for (const row of rows) {
      try {
        const item =
          row.source === 'x_stream'
            ? publicItemOfStreamPost(deps.connectors.get('x'), row.body)
            : publicItemOfFeedEntry(row.body, row.received_at);
        if (item) items.push(item);
      } catch (error) {
        // One malformed item must not hold the others back; it is dropped and logged.
        deps.logger.warn({ err: error, source: row.source }, 'listening item could not be read');
      }
    }
    return items;
  }

  /** The team answered: the conversation's mentions count as answered (response rate). */
  async function markAnswered(tx: ListeningExecutor, ids: string[], queries: readonly CompiledQuery[]) {
    if (ids.length === 0) return;
    const replies = await tx
      .selectFrom('messages')
      .select(['conversation_id'])
      .where('bank_id', '=', deps.bankId)
      .where('id', 'in', ids)
      .where('direction', '=', 'outbound')
      .where('author_user_id', 'is not', null)
      .execute();
    const conversations = [...new Set(replies.map((r) => r.conversation_id))];
    if (conversations.length === 0) return;
    const answered = await tx
      .updateTable('mentions')
      .set({ answered_at: new Date() })
      .where('bank_id', '=', deps.bankId)
      .where('conversation_id', 'in', conversations)
      .where('answered_at', 'is', null)
      .returning(['query_ids', 'published_at', 'channel', 'sentiment', 'intent'])
      .execute();
    const live = new Set(queries.map((q) => q.id));
    await addAnswered(
      tx,
      deps.bankId,
      answered.map((a) => ({
        queryIds: (typeof a.query_ids === 'string' ? (JSON.parse(a.query_ids) as string[]) : a.query_ids).filter((id) => live.has(id)),
        publishedAt: a.published_at,
        channel: a.channel,
        sentiment: a.sentiment,
        intent: a.intent,
      })),
    );
  }

  async function catchUp() {
    const cursor = await db.selectFrom('listening_cursor').select(['last_pass_at']).where('bank_id', '=', deps.bankId).executeTakeFirst();
    const since = cursor?.last_pass_at ? new Date(cursor.last_pass_at.getTime() - CATCH_UP_MARGIN_MS) : null;
    let after = '0';
    for (;;) {
      let q = db
        .selectFrom('outbox')
        .select([
          'id',
          'topic',
          sql<string | null>`payload->>'messageId'`.as('message_id'),
          sql<string | null>`payload->'community'->>'id'`.as('post_id'),
          sql<string>`payload->>'bankId'`.as('bank_id'),
        ])
        .where('topic', 'in', ['message.created', 'community.post_published'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(5000);
      if (since) q = q.where('created_at', '>=', since);
      const rows = await q.execute();
      for (const r of rows) {
        if (r.bank_id !== deps.bankId) continue;
        if (r.topic === 'message.created' && r.message_id) pending.add(r.message_id);
        else if (r.topic === 'community.post_published' && r.post_id) pendingPosts.add(r.post_id);
      }
      if (rows.length < 5000) break;
      after = String(rows[rows.length - 1]!.id);
    }
  }

  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.bankId !== deps.bankId) return;
    if (event.type === 'message.created' && event.messageId) pending.add(event.messageId);
    else if (event.type === 'community.post_published' && event.community?.kind === 'post') pendingPosts.add(event.community.id);
    else return;
    loop.wake();
  });

  return {
    ...loop,
    pendingCount: () => pending.size + pendingPosts.size,
    async stop() {
      unsubscribe();
      await loop.stop();
    },
  };
}
