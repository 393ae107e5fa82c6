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
  await tx
    .insertInto('outbox')
    .values(events.map((e) => ({ topic: e.type, payload: JSON.stringify(e) })))
    .execute();
  if (kind === 'postgres') await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(tx);
}
