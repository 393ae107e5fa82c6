import type { PendingApproval } from '@agora/contracts/conversation.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { canSeeConversation, type StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { excerptOf } from '../../platform/text.ts';
import { approvalNotFound, selfApproval } from './conversation.errors.ts';

/** Who may be the second person: supervision and compliance. */
export const APPROVER_ROLES = ['supervisor', 'compliance', 'admin'] as const;

export async function listPendingApprovals(deps: AppDeps, p: StaffPrincipal): Promise<PendingApproval[]> {
  const rows = await deps.database.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .innerJoin('staff_users', 'staff_users.id', 'messages.author_user_id')
    .select([
      'messages.id',
      'messages.body',
      'messages.approval_reason',
      'messages.created_at',
      'messages.author_user_id',
      'staff_users.display_name as author_name',
      'conversations.id as conversation_id',
      'conversations.channel',
      'contacts.display_name as contact_name',
      // What the person wrote last before this reply; the conversation's excerpt already shows the reply itself.
      (eb) =>
        eb
          .selectFrom('messages as inbound')
          .select('inbound.body')
          .whereRef('inbound.conversation_id', '=', 'messages.conversation_id')
          .where('inbound.direction', '=', 'inbound')
          .whereRef('inbound.created_at', '<=', 'messages.created_at')
          .orderBy('inbound.created_at', 'desc')
          .limit(1)
          .as('inbound_body'),
    ])
    .where('messages.bank_id', '=', p.bankId)
    .where('messages.approval_state', '=', 'pending')
    .orderBy('messages.created_at')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    messageId: r.id,
    conversationId: r.conversation_id,
    channel: r.channel,
    contactName: r.contact_name,
    inboundExcerpt: excerptOf(r.inbound_body ?? ''),
    body: r.body,
    reason: r.approval_reason,
    author: { id: r.author_user_id ?? '', displayName: r.author_name },
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * The second person decides. Approval hands the reply to the delivery worker; a rejection keeps
 * it in the thread with the comment, never sent. The author can never approve their own reply.
 */
export async function decideApproval(
  deps: AppDeps,
  p: StaffPrincipal,
  messageId: string,
  decision: { approve: boolean; comment?: string },
) {
  if (!/^[0-9a-f-]{36}$/i.test(messageId)) throw approvalNotFound();
  await deps.database.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .leftJoin('clients', 'clients.id', 'contacts.client_id')
      .select([
        'messages.id',
        'messages.author_user_id',
        'conversations.id as conversation_id',
        'conversations.team_id',
        'clients.advisor_id',
      ])
      .where('messages.bank_id', '=', p.bankId)
      .where('messages.id', '=', messageId)
      .where('messages.approval_state', '=', 'pending')
      .forUpdate('messages')
      .executeTakeFirst();
    if (!row || !canSeeConversation(p, { bankId: p.bankId, teamId: row.team_id, advisorId: row.advisor_id })) throw approvalNotFound();
    if (row.author_user_id === p.userId) throw selfApproval();
    const now = new Date();
    await tx
      .updateTable('messages')
      .set(
        decision.approve
          ? {
              approval_state: 'approved',
              approved_by: p.userId,
              approved_at: now,
              approval_comment: decision.comment ?? null,
              delivery_status: 'sending',
              next_attempt_at: now,
            }
          : { approval_state: 'rejected', approved_by: p.userId, approved_at: now, approval_comment: decision.comment ?? null },
      )
      .where('id', '=', row.id)
      .execute();
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: `${p.displayName} (${p.role})`,
      action: decision.approve ? 'reply.approved' : 'reply.rejected',
      targetType: 'message',
      targetId: row.id,
      details: {
        conversationId: row.conversation_id,
        authorId: row.author_user_id,
        ...(decision.comment ? { comment: decision.comment } : {}),
      },
    });
    await enqueueEvents(
      tx,
      [
        {
          type: 'message.updated',
          bankId: p.bankId,
          conversationId: row.conversation_id,
          teamId: row.team_id,
          advisorId: row.advisor_id,
          messageId: row.id,
          at: now.toISOString(),
        },
      ],
      deps.database.kind,
    );
  });
  deps.wakeOutbox();
  if (decision.approve) deps.wakeDelivery();
}
