import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql } from 'kysely';
import type { Bus } from '../bus/bus.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { createWorkLoop, type WorkLoop } from '../work-loop.ts';

/**
 * Publishes committed outbox rows on the bus, oldest first, and marks them. A pass claims its rows
 * for CLAIM_SECONDS in one statement (SKIP LOCKED, so several processes can dispatch), publishes
 * them, then marks them: two statements and no transaction held across the publish, one statement
 * when there is nothing to do. A row published twice (a dispatcher that died before its mark) is
 * delivered once: the outbox id is the bus dedupe id.
 */
/** Rows per pass: a pass that found fewer emptied the outbox. */
const OUTBOX_BATCH = 500;
/** How long a claim holds: far above a pass, short enough for another process to take over. */
const CLAIM_SECONDS = 30;

export function createOutboxDispatcher(database: Database, bus: Bus, logger: Logger): WorkLoop {
  return createWorkLoop(
    'outbox',
    logger,
    async () => {
      const claimed = await sql<{ id: string; payload: unknown }>`
        update outbox set claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
        where id in (
          select id from outbox
          where published_at is null and (claimed_until is null or claimed_until < now())
          order by id limit ${OUTBOX_BATCH} for update skip locked)
        returning id, payload`.execute(database.db);
      if (claimed.rows.length === 0) return 0;
      // RETURNING has no order: the bus gets the outbox's.
      const rows = claimed.rows.sort((a, b) => Number(a.id) - Number(b.id));
      const ids = rows.map((r) => r.id);
      try {
        // All at once, in order: a JetStream publish waits for its ack, and a hundred of them one
        // after the other held every frame of the pass behind the last ack. Publishes leave on
        // the one connection in the order given, so the stream keeps the outbox's order.
        await Promise.all(
          rows.map((row) =>
            bus.publish((typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as BusEvent, `outbox-${row.id}`),
          ),
        );
      } catch (error) {
        // The bus is down: the next pass (after the loop's pause) tries again, not the claim's end.
        await sql`update outbox set claimed_until = null where id = any(${ids}::bigint[])`.execute(database.db).catch(() => undefined);
        throw error;
      }
      await sql`update outbox set published_at = now(), claimed_until = null where id = any(${ids}::bigint[])`.execute(database.db);
      return rows.length;
    },
    { batch: OUTBOX_BATCH },
  );
}
