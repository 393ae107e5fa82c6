import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Bus, BusEntry } from '../bus/bus.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/db.types.ts';
import { PREPARED } from '../db/prepared-statements.ts';
import type { Logger } from '../logger.ts';
import { createWorkLoop, type WorkLoop } from '../work-loop.ts';

export const OUTBOX_CHANNEL = 'agora_outbox';

/**
 * Writes events in the caller's transaction: they are published if and only if the change
 * commits (the dispatcher publishes them afterwards).
 */
export async function enqueueEvents(tx: Transaction<DB>, events: BusEvent[], kind: 'pglite' | 'postgres'): Promise<void> {
  if (events.length === 0) return;
  // On a server, the NOTIFY that wakes dispatchers in other processes rides in the same
  // statement: one round trip per enqueue, and it fires only if the transaction commits.
  const notify = kind === 'postgres' ? sql`, pg_notify(${OUTBOX_CHANNEL}, '')` : sql``;
  await sql`${PREPARED}with inserted as (${insertOutbox(events, null)}) select count(*)${notify} from inserted`.execute(tx);
}

/**
 * The events as one JSON parameter, in order (ids follow the list): a batch's hundreds of events
 * were as many bound parameters for the query builder to compile, each stringified on its own.
 */
const insertOutbox = (events: BusEvent[], heldUntil: Date | null) => sql`
  insert into outbox (topic, payload, held_until)
  select e.value->>'type', e.value::jsonb, ${heldUntil}::timestamptz
  from json_array_elements(${JSON.stringify(events)}::json) with ordinality as e(value, n)
  order by e.n
  returning id`;

/** Events written by `holdEvents`, in order, with their outbox ids: for `publishHeld` after the commit. */
export interface HeldEvents {
  ids: string[];
  events: BusEvent[];
}
/** What a writer that wrote no event holds. */
export const NOTHING_HELD: HeldEvents = { ids: [], events: [] };

/**
 * How long the dispatcher leaves a held row to its writer: long enough for any publish, short
 * enough that a writer that died (or could not reach the bus) delays its events by seconds only.
 */
export const HOLD_MS = 10_000;

/**
 * Like `enqueueEvents`, for a writer on the hot path that publishes its events itself once it
 * has committed (`publishHeld`), rather than waking the dispatcher to read them back: no
 * dispatcher pass (four round trips) between the commit and the agents' screens. The rows are
 * still written in the transaction, held from the dispatcher for HOLD_MS: if the writer's
 * publish never happens, the dispatcher publishes them after that, as any other row.
 */
export async function holdEvents(tx: Transaction<DB>, events: BusEvent[]): Promise<HeldEvents> {
  if (events.length === 0) return NOTHING_HELD;
  const { rows } = await sql`${PREPARED}${insertOutbox(events, new Date(Date.now() + HOLD_MS))}`.execute(tx);
  // Ids come from the sequence in the order of the list: sorted, they pair with `events`.
  const ids = (rows as { id: string }[]).map((r) => String(r.id)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return { ids, events };
}

/** An outbox row's event as the bus takes it: the row's id is its dedupe id. */
export const outboxEntry = (id: string, event: BusEvent): BusEntry => ({ event, dedupeId: `outbox-${id}` });

/**
 * Publishes committed held events, in order, then marks their rows published. Throws if the bus
 * or the mark fails: the rows left unmarked go out through the dispatcher once their hold ends,
 * a second time for those the bus did take (at least once: handlers are idempotent, bus.ts).
 */
export async function publishHeld(database: Database, bus: Bus, held: HeldEvents): Promise<void> {
  if (held.ids.length === 0) return;
  await bus.publishAll(held.events.map((event, i) => outboxEntry(String(held.ids[i]), event)));
  const marks = gatherers.get(database);
  if (marks) marks.add(held.ids);
  else await markPublished(database.db, held.ids);
}

/**
 * `publishHeld` for a worker that has committed: should the bus or the mark fail, the held rows
 * are the dispatcher's once their hold ends (late, never lost), so the worker goes on.
 */
export async function publishAfterCommit(
  deps: { database: Database; bus: Bus; logger: Logger },
  held: HeldEvents,
  worker: string,
): Promise<void> {
  try {
    await publishHeld(deps.database, deps.bus, held);
  } catch (error) {
    deps.logger.warn({ err: error, worker, events: held.ids.length }, 'events left to the outbox dispatcher');
  }
}

/** The marks gathered for one statement at most this often. */
const MARK_EVERY_MS = 250;
/** Marks beyond this many waiting (the database unreachable) are dropped: see below. */
const MAX_MARKS = 100_000;
const gatherers = new WeakMap<Database, { add(ids: string[]): void }>();

/**
 * The marks of the held rows this server's writers published, gathered: one statement every
 * quarter of a second instead of one per commit, each its own transaction and WAL flush (a
 * thousand in ten seconds at 500 msg/s, beside the webhooks' commits). A mark is bookkeeping: a
 * row a crash left unmarked goes out again through the dispatcher once its hold ends (at least
 * once). Without it running, `publishHeld` marks at once.
 */
export function createPublishedMarks(database: Database, logger: Logger): WorkLoop {
  let pending: string[] = [];
  const add = (ids: string[]) => {
    if (pending.length + ids.length > MAX_MARKS) pending = [];
    pending.push(...ids);
    loop.wake();
  };
  const flush = async () => {
    if (pending.length === 0) return 0;
    const ids = pending;
    pending = [];
    try {
      await markPublished(database.db, ids);
    } catch (error) {
      pending = ids.concat(pending);
      throw error;
    }
    return ids.length;
  };
  const loop = createWorkLoop('outbox-marks', logger, flush, { settleMs: MARK_EVERY_MS });
  return {
    ...loop,
    start(idlePollMs) {
      gatherers.set(database, { add });
      loop.start(idlePollMs);
    },
    async stop() {
      gatherers.delete(database);
      await loop.stop();
      await flush().catch((error: unknown) => logger.warn({ err: error }, 'published marks left to the outbox dispatcher'));
    },
  };
}

/** Marks outbox rows published: one array parameter however many rows a pass published. */
export async function markPublished(db: Kysely<DB>, ids: string[]): Promise<void> {
  await sql`update outbox set published_at = ${new Date()} where id = any(${ids}::bigint[])`.execute(db);
}
