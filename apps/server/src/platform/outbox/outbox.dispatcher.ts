import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql } from 'kysely';
import type { Bus } from '../bus/bus.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { createWorkLoop, type WorkLoop } from '../work-loop.ts';
import { HOLD_MS, markPublished, outboxEntry } from './outbox.ts';

/**
 * Publishes committed outbox rows on the bus, oldest first, and marks them. Claimed with
 * SKIP LOCKED so several processes can dispatch. A row published but not marked (a crash in
 * between) goes out again: delivery is at least once, and handlers are idempotent (bus.ts).
 */
/** Rows per pass: a pass that found fewer emptied the outbox. */
const OUTBOX_BATCH = 500;
/**
 * How often a pass also looks for held rows whose hold has ended (their writer died, or could
 * not reach the bus): half the hold, so such an event is late by HOLD_MS and a few seconds.
 */
const HELD_CHECK_MS = HOLD_MS / 2;

export function createOutboxDispatcher(database: Database, bus: Bus, logger: Logger): WorkLoop {
  // 0: held rows are looked at on the next pass (at start, rows a writer held before a crash wait).
  let heldCheckedAt = 0;
  const loop = createWorkLoop(
    'outbox',
    logger,
    async () => {
      const withHeld = Date.now() - heldCheckedAt >= HELD_CHECK_MS;
      if (withHeld) heldCheckedAt = Date.now();
      return database.db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('outbox')
          .select(['id', 'payload'])
          .where('published_at', 'is', null)
          // Rows their writer publishes itself (holdEvents) are its own until their hold ends.
          .where((eb) =>
            withHeld ? eb.or([eb('held_until', 'is', null), eb('held_until', '<=', sql<Date>`now()`)]) : eb('held_until', 'is', null),
          )
          .orderBy('id')
          .limit(OUTBOX_BATCH)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return 0;
        // All at once, in order: a JetStream publish waits for its ack, and a hundred of them one
        // after the other held every frame of the pass behind the last ack.
        await bus.publishAll(
          rows.map((row) => outboxEntry(row.id, (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as BusEvent)),
        );
        await markPublished(
          tx,
          rows.map((r) => r.id),
        );
        // A full pass that looked at held rows goes on looking at them.
        if (withHeld && rows.length >= OUTBOX_BATCH) heldCheckedAt = 0;
        return rows.length;
      });
    },
    { batch: OUTBOX_BATCH },
  );
  return {
    ...loop,
    // A drain means every row that is the dispatcher's now, held ones whose hold has ended too.
    drained: () => {
      heldCheckedAt = 0;
      return loop.drained();
    },
  };
}
