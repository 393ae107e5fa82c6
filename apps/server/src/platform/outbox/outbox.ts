import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/db.types.ts';

export const OUTBOX_CHANNEL = 'agora_outbox';

/**
 * Writes events in the caller's transaction: they are published if and only if the change
 * commits (the dispatcher publishes them afterwards).
 */
export async function enqueueEvents(tx: Transaction<DB>, events: BusEvent[], kind: 'pglite' | 'postgres'): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({ topic: e.type, payload: JSON.stringify(e) }));
  if (kind === 'pglite') {
    await tx.insertInto('outbox').values(rows).execute();
    return;
  }
  // On a server, the NOTIFY that wakes dispatchers in other processes rides in the same
  // statement: one round trip per enqueue, and it fires only if the transaction commits.
  await tx
    .with('inserted', (qb) => qb.insertInto('outbox').values(rows).returning('id'))
    .selectNoFrom(sql`pg_notify(${OUTBOX_CHANNEL}, '')`.as('notified'))
    .execute();
}
