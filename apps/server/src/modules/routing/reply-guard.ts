import type { AppDeps } from '../../platform/app-deps.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { notAssignee, recentReplyByColleague } from './routing.errors.ts';
import { teamOptions, withRouting } from './routing.tables.ts';

/**
 * The collision guard before a reply is queued (called by conversations' replyToConversation):
 * - in a team where only the assignee replies, anyone else is refused (a supervisor takes over first);
 * - a colleague who answered the same inbound message within the team's window makes us ask for
 *   confirmation, unless the request already carries it.
 */
export async function guardReply(
  deps: AppDeps,
  p: StaffPrincipal,
  row: { id: string; team_id: string; assignee_id: string | null },
  options: { confirm?: boolean },
): Promise<void> {
  const db = withRouting(deps.database.db);
  const team = await teamOptions(db, p.bankId, row.team_id);
  if (team.onlyAssigneeReplies && row.assignee_id !== p.userId) {
    const assignee = row.assignee_id
      ? await db
          .selectFrom('staff_users')
          .select(['display_name'])
          .where('id', '=', row.assignee_id)
          .where('bank_id', '=', p.bankId)
          .executeTakeFirst()
      : undefined;
    throw notAssignee(assignee?.display_name ?? null);
  }
  if (options.confirm || team.replyGuardSeconds <= 0) return;
  const now = Date.now();
  const lastInbound = await db
    .selectFrom('messages')
    .select(['created_at'])
    .where('bank_id', '=', p.bankId)
    .where('conversation_id', '=', row.id)
    .where('direction', '=', 'inbound')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const since = Math.max(lastInbound?.created_at.getTime() ?? 0, now - team.replyGuardSeconds * 1000);
  const colleague = await db
    .selectFrom('messages')
    .innerJoin('staff_users', 'staff_users.id', 'messages.author_user_id')
    .select(['staff_users.first_name', 'messages.created_at'])
    .where('messages.bank_id', '=', p.bankId)
    .where('messages.conversation_id', '=', row.id)
    .where('messages.direction', '=', 'outbound')
    .where('messages.author_user_id', '<>', p.userId)
    .where('messages.created_at', '>', new Date(since))
    .where((eb) => eb.or([eb('messages.approval_state', 'is', null), eb('messages.approval_state', '<>', 'rejected')]))
    .orderBy('messages.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (colleague) throw recentReplyByColleague(colleague.first_name, Math.max(0, Math.round((now - colleague.created_at.getTime()) / 1000)));
}
