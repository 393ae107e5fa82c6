import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql } from 'kysely';
import type { Bus } from '../bus/bus.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { createWorkLoop, type WorkLoop } from '../work-loop.ts';
import { markPublished } from './outbox.ts';

/**
 * Publishes committed outbox rows on the bus, oldest first, and marks them. Claimed with
 * SKIP LOCKED so several processes can dispatch; the outbox id is the bus dedupe id, so a row
 * published twice after a crash is delivered once by JetStream.
 */
/** Rows per pass: a pass that found fewer emptied the outbox. */
const OUTBOX_BATCH = 500;

export function createOutboxDispatcher(database: Database, bus: Bus, logger: Logger): WorkLoop {
  return createWorkLoop(
    'outbox',
    logger,
    async () => {
      return database.db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('outbox')
          .select(['id', 'payload'])
          .where('published_at', 'is', null)
          // Rows their writer publishes itself (holdEvents) are its own until their hold ends.
          .where((eb) => eb.or([eb('held_until', 'is', null), eb('held_until', '<=', sql<Date>`now()`)]))
          .orderBy('id')
          .limit(OUTBOX_BATCH)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return 0;
        // All at once, in order: a JetStream publish waits for its ack, and a hundred of them one
        // after the other held every frame of the pass behind the last ack. Publishes leave on
        // the one connection in the order given, so the stream keeps the outbox's order.
        await Promise.all(
          rows.map((row) =>
            bus.publish((typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as BusEvent, `outbox-${row.id}`),
          ),
        );
        await markPublished(
          tx,
          rows.map((r) => r.id),
        );
        return rows.length;
      });
    },
    { batch: OUTBOX_BATCH },
  );
}
