import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql, type Transaction } from 'kysely';
import type { ConnectorRegistry, Platform } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { PREPARED } from '../../platform/db/prepared-statements.ts';
import { type HeldEvents, holdEvents, NOTHING_HELD, publishAfterCommit } from '../../platform/outbox/outbox.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { pausedPlatforms, recordChannelEvent } from '../channels/channel.service.ts';
import { type MessageItem, recordInboundBatch } from '../conversations/conversation-ingest.service.ts';
import { applyMessageChange } from '../conversations/conversation-update.service.ts';
import { ingestBatchSeconds, ingestItemsCounter } from '../ops/metrics.ts';

/**
 * Deliveries per transaction. PGlite has one connection: webhooks wait while a batch holds it,
 * so its batches are smaller to keep the webhook answer quick.
 */
const batchSizeOf = (kind: 'pglite' | 'postgres') => (kind === 'pglite' ? 50 : 200);
const MAX_ATTEMPTS = 5;
/**
 * Lanes that take batches side by side in a backlog: a pass is a chain of round trips in which
 * Node and Postgres take turns, so one lane leaves both idle part of the time. PGlite has one
 * connection: one lane.
 */
const lanesOf = (kind: 'pglite' | 'postgres') => (kind === 'pglite' ? 1 : 2);

/**
 * The queue's own scan, whatever the hints, at least this often: deliveries stored by another
 * process or with no hint, deliveries to retry, a channel resumed.
 */
const SCAN_EVERY_MS = 1000;
/** Hints beyond this many are dropped: the scans find those deliveries. */
const MAX_HINTS = 100_000;

/**
 * What the next pass claims. The queue's partial index keeps an entry for every delivery taken
 * until autovacuum comes by (a minute apart at best), and a scan walks them all: at 500
 * deliveries a second, up to 30,000 entries on every pass of the hot path. Deliveries this
 * process stored are claimed by id instead, and the scan runs once a second or when woken
 * without ids.
 */
function createClaims() {
  let hinted: string[] = [];
  // 0: a scan is owed (at start, on a wake-up without ids, on a drain).
  let lastScanAt = 0;
  return {
    hint(ids: string[]) {
      if (hinted.length + ids.length > MAX_HINTS) {
        hinted = [];
        lastScanAt = 0;
      } else hinted.push(...ids);
    },
    owe() {
      lastScanAt = 0;
    },
    /** `scan`, a list of ids, or null when there is nothing to claim. */
    next(batch: number): 'scan' | string[] | null {
      if (Date.now() - lastScanAt >= SCAN_EVERY_MS) {
        lastScanAt = Date.now();
        return 'scan';
      }
      return hinted.length ? hinted.splice(0, batch) : null;
    },
  };
}
type Claims = ReturnType<typeof createClaims>;

export interface IngestWorker extends WorkLoop {
  /** Deliveries this process just stored: claimed by id on the next pass. */
  wakeFor(deliveryIds: string[]): void;
}

/** The first lane is the loop the server wakes; the others follow its backlog. */
function combineLoops(first: WorkLoop, extra: WorkLoop[], claims: Claims): IngestWorker {
  const all = [first, ...extra];
  return {
    wake: () => {
      claims.owe();
      first.wake();
    },
    wakeFor: (ids) => {
      claims.hint(ids);
      first.wake();
    },
    start: (idlePollMs) => {
      for (const l of all) l.start(idlePollMs);
    },
    stop: async () => {
      await Promise.all(all.map((l) => l.stop()));
    },
    drained: async () => {
      // A drain means everything stored so far, hinted or not.
      claims.owe();
      await Promise.all(all.map((l) => l.drained()));
    },
    backlogged: () => all.some((l) => l.backlogged()),
  };
}

interface ClaimedDelivery {
  id: string;
  platform: string;
  body: string;
  attempts: number;
}

/**
 * The hot path: claims new raw deliveries in batches (SKIP LOCKED, so several workers share the
 * table) and turns every item into contact, conversation, message and outbox rows in one
 * transaction per batch. A batch that fails is retried delivery by delivery, so one poisonous
 * delivery is isolated (marked failed after MAX_ATTEMPTS) instead of blocking the others.
 */
export function createIngestWorker(deps: AppDeps): IngestWorker {
  const teams = createTeamLookup(deps.bankId);
  const channelEvents = createChannelEventMarks(deps.bankId);
  const claims = createClaims();
  const batch = batchSizeOf(deps.database.kind);
  const lane = (name: string, afterFullPass: () => void) =>
    createWorkLoop(
      name,
      deps.logger,
      async () => {
        const claim = claims.next(batch);
        if (claim === null) return 0;
        const count = await ingestPass(deps, channelEvents, teams, claim === 'scan' ? null : claim);
        // A full batch of hints is a full pass even where a scan took some of them first: more
        // may wait. A scan short of a batch took every new delivery, hinted or not.
        const done = claim !== 'scan' && claim.length >= batch ? batch : count;
        // A full scan found a backlog nobody hinted: the next pass scans on.
        if (claim === 'scan' && count >= batch) claims.owe();
        if (done >= batch) afterFullPass();
        return done;
      },
      { batch },
    );
  // One lane keeps up with a stream (and keeps its batches whole); a backlog wakes the others.
  const extra = Array.from({ length: lanesOf(deps.database.kind) - 1 }, (_, i) => lane(`ingest-${i + 2}`, () => undefined));
  const first = lane('ingest', () => {
    for (const l of extra) l.wake();
  });
  return combineLoops(first, extra, claims);
}

/** Claims the given deliveries, or the oldest new ones when `ids` is null. */
async function ingestPass(deps: AppDeps, channelEvents: ChannelEventMarks, teams: TeamLookup, ids: string[] | null): Promise<number> {
  const stop = ingestBatchSeconds.startTimer();
  // Read before the transaction (PGlite has one connection): paused channels' deliveries wait.
  const paused = [...(await pausedPlatforms(deps))];
  try {
    const { count, held } = await deps.database.db.transaction().execute((tx) => processBatch(tx, deps, channelEvents, teams, ids, paused));
    await publishAfterCommit(deps, held, 'ingest');
    return count;
  } catch (error) {
    deps.logger.warn({ err: error }, 'ingest batch failed, retrying deliveries one by one');
    return processOneByOne(deps, channelEvents, teams, paused);
  } finally {
    stop();
  }
}

async function processOneByOne(deps: AppDeps, channelEvents: ChannelEventMarks, teams: TeamLookup, paused: string[]): Promise<number> {
  let pending = deps.database.db.selectFrom('raw_deliveries').select(['id']).where('status', '=', 'new');
  if (paused.length) pending = pending.where('platform', 'not in', paused);
  const ids = await pending.orderBy('id').limit(batchSizeOf(deps.database.kind)).execute();
  for (const { id } of ids) {
    try {
      const { held } = await deps.database.db.transaction().execute((tx) => processBatch(tx, deps, channelEvents, teams, [id], paused));
      await publishAfterCommit(deps, held, 'ingest');
    } catch (error) {
      deps.logger.error({ err: error, deliveryId: id }, 'delivery could not be ingested');
      await deps.database.db
        .updateTable('raw_deliveries')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          status: eb
            .case()
            .when('attempts', '>=', MAX_ATTEMPTS - 1)
            .then('failed')
            .else('new')
            .end()
            .$castTo<'failed' | 'new'>(),
          error: String((error as Error).message).slice(0, 500),
        }))
        .where('id', '=', id)
        .execute();
    }
  }
  return ids.length;
}

async function processBatch(
  tx: Transaction<DB>,
  deps: AppDeps,
  channelEvents: ChannelEventMarks,
  teamLookup: TeamLookup,
  ids: string[] | null,
  paused: string[],
): Promise<{ count: number; held: HeldEvents }> {
  let query = tx
    .selectFrom('raw_deliveries')
    .select(['id', 'platform', 'body', 'attempts'])
    .where('status', '=', 'new')
    .orderBy('id')
    .limit(batchSizeOf(deps.database.kind))
    .forUpdate()
    .skipLocked();
  if (ids) query = query.where(sql<boolean>`id = any(${ids}::bigint[])`);
  if (paused.length) query = query.where('platform', 'not in', paused);
  const deliveries: ClaimedDelivery[] = await query.execute();
  if (deliveries.length === 0) return { count: 0, held: NOTHING_HELD };

  const teams = await teamLookup(tx);
  const parsed = deliveries.flatMap((delivery) => parseDelivery(deps.connectors, delivery).map((item) => ({ delivery, item })));

  // Each item once, across deliveries and replays: one statement claims the fresh item ids and
  // settles the deliveries (a delivery with only unknown events is kept, marked ignored).
  const unique = new Map<string, (typeof parsed)[number]>();
  for (const entry of parsed) {
    const key = `${entry.delivery.platform}\u0000${entry.item.itemId}`;
    if (!unique.has(key)) unique.set(key, entry);
  }
  const meaningful = new Set(parsed.filter((e) => e.item.kind !== 'ignored').map((e) => e.delivery.id));
  // In key order, like the rows after them: lanes that claim the same item wait, never deadlock.
  const items = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  const now = new Date();
  const claimed = await sql<{ platform: string; item_id: string }>`${PREPARED}
    with done as (
      update raw_deliveries set status = 'done', processed_at = ${now}
      where id = any(${deliveries.filter((d) => meaningful.has(d.id)).map((d) => d.id)}::bigint[])
    ), ignored as (
      update raw_deliveries set status = 'ignored', processed_at = ${now}
      where id = any(${deliveries.filter((d) => !meaningful.has(d.id)).map((d) => d.id)}::bigint[])
    )
    insert into ingested_items (platform, item_id, raw_delivery_id, outcome)
    select * from unnest(${items.map((e) => e.delivery.platform)}::text[], ${items.map((e) => e.item.itemId)}::text[],
      ${items.map((e) => e.delivery.id)}::bigint[], ${items.map((e) => e.item.kind)}::text[])
    on conflict (platform, item_id) do nothing
    returning platform, item_id`.execute(tx);
  const fresh = new Set(claimed.rows.map((r) => `${r.platform}\u0000${r.item_id}`));
  const todo = [...unique.entries()].filter(([key]) => fresh.has(key)).map(([, entry]) => entry);
  ingestItemsCounter.inc({ outcome: 'duplicate' }, parsed.length - todo.length);

  const events: BusEvent[] = [];
  const messages = todo.filter((e) => e.item.kind === 'message');
  const results = await recordInboundBatch(
    tx,
    deps.bankId,
    messages.map((e) => ({ platform: e.delivery.platform as Platform, item: e.item as MessageItem })),
    teams,
  );
  for (const result of results) {
    ingestItemsCounter.inc({ outcome: result.outcome });
    events.push(...result.events);
  }
  // Changes to items (edits, deletions, moderation) come after the batch's new messages.
  for (const { item } of todo) {
    if (item.kind === 'ignored') ingestItemsCounter.inc({ outcome: 'ignored' });
    if (item.kind !== 'update') continue;
    const result = await applyMessageChange(
      tx,
      deps.bankId,
      { channel: item.channel, threadKey: item.threadKey, platformMessageId: item.platformMessageId },
      { change: item.change, body: item.body, rating: item.rating, title: item.title, at: new Date(item.at) },
    );
    ingestItemsCounter.inc({ outcome: result.outcome });
    events.push(...result.events);
  }
  const held = await holdEvents(tx, events);
  await channelEvents.record(tx, [...new Set(deliveries.map((d) => d.platform))]);
  return { count: deliveries.length, held };
}

function parseDelivery(connectors: ConnectorRegistry, delivery: ClaimedDelivery) {
  const connector = connectors.get(delivery.platform as Platform);
  // The body was parsed once at the webhook; a platform removed since then leaves nothing to map.
  if (!connector) return [];
  return connector.parse(Buffer.from(delivery.body, 'utf8'));
}

/** How often a channel's "last event" moves (the statement itself ignores closer updates). */
const CHANNEL_EVENT_EVERY_MS = 5_000;

interface ChannelEventMarks {
  record(tx: Transaction<DB>, platforms: string[]): Promise<void>;
}

/**
 * The channel screen's "last event" needs seconds, not every batch: a platform marked by this
 * worker less than five seconds ago costs no statement (a batch rolled back leaves it at most
 * five seconds stale).
 */
function createChannelEventMarks(bankId: string): ChannelEventMarks {
  const markedAt = new Map<string, number>();
  return {
    async record(tx, platforms) {
      const due = platforms.filter((p) => Date.now() - (markedAt.get(p) ?? 0) >= CHANNEL_EVENT_EVERY_MS);
      if (due.length === 0) return;
      for (const p of due) markedAt.set(p, Date.now());
      await recordChannelEvent(tx, bankId, due);
    },
  };
}

type TeamLookup = (tx: Transaction<DB>) => Promise<{ socialCare: string; advisors: string }>;

/** The bank's routing teams, read once per worker (teams are created at seed time). */
function createTeamLookup(bankId: string): TeamLookup {
  let cached: { socialCare: string; advisors: string } | null = null;
  return async (tx) => {
    if (cached) return cached;
    const rows = await tx.selectFrom('teams').select(['id', 'kind']).where('bank_id', '=', bankId).orderBy('name').execute();
    const socialCare = rows.find((r) => r.kind === 'social_care')?.id;
    const advisors = rows.find((r) => r.kind === 'advisors')?.id ?? socialCare;
    if (!socialCare || !advisors) throw new Error('the bank has no social care team: seed it before ingesting');
    cached = { socialCare, advisors };
    return cached;
  };
}
