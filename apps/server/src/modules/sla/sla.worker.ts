import type { AppDeps } from '../../platform/app-deps.ts';
import { createWorkLoop, sideWork, type WorkLoop } from '../../platform/work-loop.ts';
import { createSlaService, type SlaService } from './sla.service.ts';
import { withSla } from './sla.tables.ts';
import { seedDefaultPolicies } from './sla-policy.service.ts';
import { newSlaSettingsMemo } from './sla-sync.service.ts';

/** Due SLAs are checked at least this often; a change in a conversation wakes the loop at once. */
export const SLA_CHECK_INTERVAL_MS = 15_000;
const SYNC_BATCH = 200;
/** Conversations left because another transaction held them are tried again after this pause. */
const LOCKED_RETRY_MS = 20;
/** checkDue at most this often while events keep the loop busy (the idle poll always checks). */
const CHECK_DUE_MIN_INTERVAL_MS = 1000;
const TRIGGERS = new Set(['message.created', 'message.updated', 'conversation.created', 'conversation.updated']);

export interface SlaWorker extends WorkLoop {
  service: SlaService;
}

/**
 * Keeps every conversation's SLA clock in step with its messages and status by listening to the
 * bus (events arrive after commit, at least once: the sync is idempotent), then marks warnings and
 * breaches. Runs on worker processes only. At start it also clocks conversations that have no SLA
 * row yet (those created before this module, or while no worker ran).
 */
export async function createSlaWorker(deps: AppDeps, service: SlaService = createSlaService(deps)): Promise<SlaWorker> {
  const db = withSla(deps.database.db);
  await seedDefaultPolicies(db, deps.bankId);
  const pending = new Set<string>();
  let backfilled = false;
  let lastCheckAt = 0;
  let dueBacklog = false;

  const loop = createWorkLoop(
    'sla',
    deps.logger,
    async () => {
      if (!backfilled) {
        const missing = await db
          .selectFrom('conversations')
          .select(['id'])
          .where('bank_id', '=', deps.bankId)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('conversation_sla')
                  .select('conversation_id')
                  .whereRef('conversation_sla.conversation_id', '=', 'conversations.id'),
              ),
            ),
          )
          .limit(5000)
          .execute();
        for (const { id } of missing) pending.add(id);
        backfilled = true;
      }
      const batch = [...pending].slice(0, SYNC_BATCH);
      for (const id of batch) pending.delete(id);
      let synced = 0;
      let heldBack = false;
      if (batch.length) {
        try {
          const skipped = await service.syncMany(batch, newSlaSettingsMemo(), { skipLocked: true });
          synced = batch.length;
          if (skipped.length) {
            // Held by a transaction that commits in a moment: try them again after a short pause
            // (reported as a full pass, so the loop comes back at once and a drain waits for them).
            for (const id of skipped) pending.add(id);
            heldBack = true;
            await new Promise((resolve) => setTimeout(resolve, LOCKED_RETRY_MS));
          }
        } catch (error) {
          // One bad conversation must not hold the others: the batch again, one by one.
          deps.logger.warn({ err: error }, 'SLA batch sync failed, syncing one by one');
          const memo = newSlaSettingsMemo();
          for (const id of batch) {
            try {
              await service.sync(id, memo);
              synced++;
            } catch (err) {
              deps.logger.warn({ err, conversationId: id }, 'SLA sync failed');
            }
          }
        }
      }
      // Due times are minutes apart: under a stream of events, once a second is often enough,
      // unless the last check found some (there may be more).
      if (heldBack) return SYNC_BATCH;
      if (!dueBacklog && Date.now() - lastCheckAt < CHECK_DUE_MIN_INTERVAL_MS) return synced;
      lastCheckAt = Date.now();
      const marked = await service.checkDue();
      dueBacklog = marked > 0;
      // Some were due: there may be more, so the next pass checks again at once.
      return dueBacklog ? SYNC_BATCH : synced;
    },
    // A full batch means a backlog: the next pass follows at once, not after the settling time.
    { ...sideWork(deps), batch: SYNC_BATCH },
  );

  const unsubscribe = deps.bus.subscribe((event) => {
    // Its own clock changes (and a person's new name) change nothing it reads.
    if (event.bankId !== deps.bankId || !TRIGGERS.has(event.type) || event.change !== undefined) return;
    pending.add(event.conversationId);
    loop.wake();
  });

  return {
    ...loop,
    service,
    start: () => loop.start(SLA_CHECK_INTERVAL_MS),
    async stop() {
      unsubscribe();
      await loop.stop();
    },
  };
}
