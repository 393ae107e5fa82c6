import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';

const BATCH = 50;

/**
 * Hands due scheduled replies to the delivery worker. Rows are claimed FOR UPDATE SKIP LOCKED and
 * the update re-checks `delivery_status is null`, so two workers (or two passes) release a reply
 * once. A reply waiting for a four-eyes approval is left alone (the approval releases it).
 * `now` is injectable so tests control the clock.
 */
export async function releaseDueReplies(deps: AppDeps, now: Date = new Date()): Promise<number> {
  const released = await deps.database.db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .leftJoin('clients', 'clients.id', 'contacts.client_id')
      .select(['messages.id', 'messages.bank_id', 'conversations.id as conversation_id', 'conversations.team_id', 'clients.advisor_id'])
      .where('messages.scheduled_at', 'is not', null)
      .where('messages.scheduled_at', '<=', now)
      .where('messages.delivery_status', 'is', null)
      .where('messages.scheduled_cancelled_at', 'is', null)
      .where((eb) => eb.or([eb('messages.approval_state', 'is', null), eb('messages.approval_state', '=', 'approved')]))
      .orderBy('messages.scheduled_at')
      .limit(BATCH)
      .forUpdate('messages')
      .skipLocked()
      .execute();
    if (rows.length === 0) return [];
    const updated = await tx
      .updateTable('messages')
      .set({ delivery_status: 'sending', next_attempt_at: sql<Date>`now()` })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .where('delivery_status', 'is', null)
      .where('scheduled_cancelled_at', 'is', null)
      .returning(['id'])
      .execute();
    const ids = new Set(updated.map((u) => u.id));
    const at = now.toISOString();
    const mine = rows.filter((r) => ids.has(r.id));
    await enqueueEvents(
      tx,
      mine.map((r) => ({
        type: 'message.updated' as const,
        bankId: r.bank_id,
        conversationId: r.conversation_id,
        teamId: r.team_id,
        advisorId: r.advisor_id,
        messageId: r.id,
        at,
      })),
      deps.database.kind,
    );
    return mine;
  });
  if (released.length) {
    deps.wakeOutbox();
    deps.wakeDelivery();
  }
  return released.length;
}

/** The loop's idle poll (1 s by default) is what notices a due time: nothing wakes it at 9:00. */
export function createSchedulingWorker(deps: AppDeps, clock: () => Date = () => new Date()): WorkLoop {
  return createWorkLoop('scheduling', deps.logger, () => releaseDueReplies(deps, clock()));
}
