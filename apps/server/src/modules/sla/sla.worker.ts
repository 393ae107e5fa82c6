import type { AppDeps } from '../../platform/app-deps.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { createSlaService, newSlaSettingsMemo, type SlaService } from './sla.service.ts';
import { withSla } from './sla.tables.ts';
import { seedDefaultPolicies } from './sla-policy.service.ts';

/** Due SLAs are checked at least this often; a change in a conversation wakes the loop at once. */
export const SLA_CHECK_INTERVAL_MS = 15_000;
const SYNC_BATCH = 50;
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

  const loop = createWorkLoop('sla', deps.logger, async () => {
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
    const memo = newSlaSettingsMemo();
    for (const id of batch) {
      pending.delete(id);
      try {
        await service.sync(id, memo);
      } catch (error) {
        deps.logger.warn({ err: error, conversationId: id }, 'SLA sync failed');
      }
    }
    return batch.length + (await service.checkDue());
  });

  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.bankId !== deps.bankId || !TRIGGERS.has(event.type)) return;
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
