import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { createWorkLoop, sideWork, type WorkLoop } from '../../platform/work-loop.ts';
import './client-360.tables.ts';
import { computeSegments } from './client-segment.service.ts';

const BATCH = 200;
/** Segments slide with time: a row older than this is recomputed even if nothing happened. */
export const SEGMENT_MAX_AGE_MS = 24 * 60 * 60_000;
/** Events are gathered this long before a pass, so a burst of messages is one batch of work. */
const GATHER_MS = 2_000;
const IDLE_POLL_MS = 60_000;
const TRIGGERS = new Set(['message.created', 'conversation.created']);

/**
 * Keeps every client's segment (rule 12) up to date, off the ingest path: it follows the bus
 * after commit (a new message of a linked identity, or any event that names a client), gathers
 * for a moment, then recomputes the touched clients in batches. Rows marked dirty (a sign-in, an
 * unlinked identity), clients never computed and rows older than a day are swept on each pass.
 */
export function createClientSegmentWorker(deps: AppDeps): WorkLoop {
  const pendingConversations = new Set<string>();
  const pendingClients = new Set<string>();
  let gatherTimer: NodeJS.Timeout | null = null;
  let lastSweepAt = 0;
  let sweepHasMore = false;
  const db = deps.database.db;

  const take = (set: Set<string>) => {
    const batch = [...set].slice(0, BATCH);
    for (const id of batch) set.delete(id);
    return batch;
  };

  const loop = createWorkLoop(
    'client-segments',
    deps.logger,
    async () => {
      const clientIds = new Set(take(pendingClients));
      const conversations = take(pendingConversations);
      if (conversations.length) {
        const owners = await db
          .selectFrom('conversations as c')
          .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
          .select(['ct.client_id'])
          .where('c.bank_id', '=', deps.bankId)
          .where('c.id', 'in', conversations)
          .where('ct.client_id', 'is not', null)
          .execute();
        for (const o of owners) if (o.client_id) clientIds.add(o.client_id);
      }
      // Claimed by clearing the mark first: a mark set while we compute survives for the next pass.
      const dirty = await db
        .updateTable('client_segments')
        .set({ dirty: false })
        .where('client_id', 'in', (eb) =>
          eb
            .selectFrom('client_segments')
            .select('client_id')
            .where('bank_id', '=', deps.bankId)
            .where('dirty', '=', true)
            .limit(BATCH)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['client_id'])
        .execute();
      for (const d of dirty) clientIds.add(d.client_id);
      // The sweeps scan the whole table: once a minute, or at once while a backfill has more to do.
      if (Date.now() - lastSweepAt >= IDLE_POLL_MS || sweepHasMore) {
        lastSweepAt = Date.now();
        const swept = await sweep();
        sweepHasMore = swept.length >= BATCH;
        for (const id of swept) clientIds.add(id);
      }
      if (clientIds.size === 0) return 0;
      await computeSegments(deps, deps.bankId, [...clientIds]);
      return clientIds.size;
    },
    sideWork(deps),
  );

  async function sweep(): Promise<string[]> {
    const never = await db
      .selectFrom('clients')
      .select(['id'])
      .where('bank_id', '=', deps.bankId)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('client_segments').select(sql`1`.as('one')).whereRef('client_segments.client_id', '=', 'clients.id')),
        ),
      )
      .limit(BATCH)
      .execute();
    const stale = await db
      .selectFrom('client_segments')
      .select(['client_id'])
      .where('bank_id', '=', deps.bankId)
      .where('computed_at', '<', new Date(Date.now() - SEGMENT_MAX_AGE_MS))
      .limit(BATCH)
      .execute();
    return [...never.map((n) => n.id), ...stale.map((r) => r.client_id)];
  }

  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.bankId !== deps.bankId) return;
    if (event.clientId) pendingClients.add(event.clientId);
    else if (TRIGGERS.has(event.type)) pendingConversations.add(event.conversationId);
    else return;
    if (gatherTimer) return;
    gatherTimer = setTimeout(() => {
      gatherTimer = null;
      loop.wake();
    }, GATHER_MS);
    gatherTimer.unref?.();
  });

  return {
    ...loop,
    start: () => loop.start(IDLE_POLL_MS),
    async stop() {
      unsubscribe();
      if (gatherTimer) clearTimeout(gatherTimer);
      await loop.stop();
    },
  };
}
