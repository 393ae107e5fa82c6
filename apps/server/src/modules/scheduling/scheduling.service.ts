import type { Message } from '@agora/contracts/conversation.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { listMessages } from '../conversations/conversation.repository.ts';
import { visibleConversation } from '../conversations/conversation.service.ts';
import { isOpen, nextOpening } from '../sla/business-clock.ts';
import { withSla } from '../sla/sla.tables.ts';
import { calendarOfTeam } from '../sla/sla-calendar.service.ts';

const scheduledNotFound = () => notFound('scheduled_reply_not_found', "Cette réponse programmée n'existe pas dans cette conversation.");
const alreadyGone = () => conflict('scheduled_reply_already_sent', 'Trop tard : cette réponse est déjà partie (ou déjà annulée).');

/**
 * Cancels a scheduled reply before its time. The row is locked, so the scheduling loop (which
 * skips locked rows) can never release it in between; once released or sent, it is too late.
 * The message stays in the thread, greyed, and the cancellation is audited.
 */
export async function cancelScheduledReply(
  deps: AppDeps,
  p: StaffPrincipal,
  conversationId: string,
  messageId: string,
  now = new Date(),
): Promise<Message> {
  const row = await visibleConversation(deps, p, conversationId);
  if (!/^[0-9a-f-]{36}$/i.test(messageId)) throw scheduledNotFound();
  await deps.database.db.transaction().execute(async (tx) => {
    const message = await tx
      .selectFrom('messages')
      .select(['id', 'scheduled_at', 'scheduled_cancelled_at', 'delivery_status', 'delivery_attempts', 'approval_state'])
      .where('bank_id', '=', p.bankId)
      .where('conversation_id', '=', row.id)
      .where('id', '=', messageId)
      .forUpdate()
      .executeTakeFirst();
    if (!message?.scheduled_at) throw scheduledNotFound();
    // Held: not released yet, or approved and waiting for its time (never attempted).
    const held =
      message.delivery_status === null ||
      (message.delivery_status === 'sending' && message.delivery_attempts === 0 && message.scheduled_at > now);
    if (message.scheduled_cancelled_at || !held) throw alreadyGone();
    await tx
      .updateTable('messages')
      .set({ scheduled_cancelled_at: now, scheduled_cancelled_by: p.userId, delivery_status: null, next_attempt_at: null })
      .where('id', '=', message.id)
      .execute();
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: `${p.displayName} (${p.role})`,
      action: 'reply.schedule_cancelled',
      targetType: 'message',
      targetId: message.id,
      details: { conversationId: row.id, scheduledAt: message.scheduled_at.toISOString() },
    });
    await enqueueEvents(
      tx,
      [
        {
          type: 'message.updated',
          bankId: p.bankId,
          conversationId: row.id,
          teamId: row.team_id,
          advisorId: row.advisor_id,
          messageId: message.id,
          at: now.toISOString(),
        },
      ],
      deps.database.kind,
    );
  });
  deps.wakeOutbox();
  const [message] = await listMessages(deps.database.db, p.bankId, row.id, messageId);
  return message!;
}

/** The team's next opening (now when open, with openNow): the composer's "à l'ouverture" preset. */
export async function teamNextOpening(deps: AppDeps, p: StaffPrincipal, teamId: string, now = new Date()) {
  if (!/^[0-9a-f-]{36}$/i.test(teamId)) throw notFound('team_not_found', "Cette équipe n'existe pas.");
  const team = await deps.database.db
    .selectFrom('teams')
    .select(['id'])
    .where('bank_id', '=', p.bankId)
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (!team) throw notFound('team_not_found', "Cette équipe n'existe pas.");
  const calendar = await calendarOfTeam(withSla(deps.database.db), p.bankId, team.id);
  return {
    teamId: team.id,
    openNow: isOpen(now, calendar),
    nextOpening: nextOpening(now, calendar).toISOString(),
    timeZone: calendar.timeZone,
  };
}
