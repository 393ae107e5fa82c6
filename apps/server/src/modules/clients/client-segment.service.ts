import type { Segment } from '@agora/contracts/client-360.schema.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { DB } from '../../platform/db/db.types.ts';
import './client-360.tables.ts';
import { CLIENT_SEGMENT_SIGNALS, type SegmentSignalSource } from './client-segment.signals.ts';

/** Rule 12 looks at this many months of channel use. */
export const SEGMENT_WINDOW_MONTHS = 12;

/**
 * Rule 12 (DOMAIN.md): no occasion in the window → silent; otherwise the side used more often
 * wins, and a tie goes to web (the client already came to the bank's own, authenticated side).
 */
export function segmentOf(counts: { social: number; web: number }): Segment {
  if (counts.social + counts.web === 0) return 'silent';
  return counts.social > counts.web ? 'social' : 'web';
}

export function segmentWindowStart(now: Date): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - SEGMENT_WINDOW_MONTHS);
  return since;
}

/** Asks the segment worker to recompute this client soon (a row it has not computed yet is swept anyway). */
export async function markSegmentDirty(db: Kysely<DB> | Transaction<DB>, bankId: string, clientId: string): Promise<void> {
  await db.updateTable('client_segments').set({ dirty: true }).where('bank_id', '=', bankId).where('client_id', '=', clientId).execute();
}

/** A day in the secure space, once a day; the client's segment follows. */
export async function recordSpaceVisit(tx: Kysely<DB> | Transaction<DB>, bankId: string, clientId: string, now = new Date()) {
  await tx
    .insertInto('client_space_visits')
    .values({ client_id: clientId, bank_id: bankId, day: now.toISOString().slice(0, 10) })
    .onConflict((oc) => oc.columns(['client_id', 'day']).doNothing())
    .execute();
  await markSegmentDirty(tx, bankId, clientId);
}

/**
 * Recomputes the segment of a batch of clients from every signal source, in a few queries for the
 * whole batch. `dirty` is left alone: whoever claimed the rows cleared it first, so a mark that
 * arrives while this runs is kept for the next pass.
 */
export async function computeSegments(
  deps: AppDeps,
  bankId: string,
  clientIds: readonly string[],
  now = new Date(),
  signals: readonly SegmentSignalSource[] = CLIENT_SEGMENT_SIGNALS,
): Promise<Map<string, Segment>> {
  const result = new Map<string, Segment>();
  if (clientIds.length === 0) return result;
  const known = await deps.database.db
    .selectFrom('clients')
    .select(['id'])
    .where('bank_id', '=', bankId)
    .where('id', 'in', [...clientIds])
    .execute();
  const ids = known.map((k) => k.id);
  if (ids.length === 0) return result;
  const since = segmentWindowStart(now);
  const totals = new Map(ids.map((id) => [id, { social: 0, web: 0 }]));
  for (const batch of await Promise.all(signals.map((signal) => signal(deps, bankId, ids, since)))) {
    for (const c of batch) {
      const total = totals.get(c.clientId);
      if (!total) continue;
      total.social += c.social;
      total.web += c.web;
    }
  }
  const rows = [...totals].map(([clientId, t]) => ({
    client_id: clientId,
    bank_id: bankId,
    segment: segmentOf(t),
    social_count: t.social,
    web_count: t.web,
    computed_at: now,
  }));
  await deps.database.db
    .insertInto('client_segments')
    .values(rows)
    .onConflict((oc) =>
      oc.column('client_id').doUpdateSet({
        segment: sql`excluded.segment`,
        social_count: sql`excluded.social_count`,
        web_count: sql`excluded.web_count`,
        computed_at: sql`excluded.computed_at`,
      }),
    )
    .execute();
  for (const r of rows) result.set(r.client_id, r.segment);
  return result;
}

/**
 * The client's segment, computed on the spot when the worker has not reached it yet (never
 * computed, or marked by a sign-in a moment ago): the personal space lays itself out with it.
 */
export async function segmentOfClient(deps: AppDeps, bankId: string, clientId: string): Promise<Segment> {
  const row = await deps.database.db
    .selectFrom('client_segments')
    .select(['segment', 'dirty'])
    .where('bank_id', '=', bankId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (row && !row.dirty) return row.segment;
  return (await computeSegments(deps, bankId, [clientId])).get(clientId) ?? 'silent';
}
