import { BANK_WIDE_ROLES } from '@agora/contracts/common.schema.ts';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { client360Errors } from './client-360.errors.ts';
import type { TimelineViewer } from './client-timeline.types.ts';

export type ClientAccessLevel = 'full' | 'team';

/**
 * Who opens a client's 360, decided once per request:
 * - the bank-wide roles (supervisor, compliance, admin): every client of their bank, in full;
 * - an advisor: the clients of their own portfolio, in full, and no other (their role says no more);
 * - an agent or community manager: a client who wrote to one of their teams (a conversation of a
 *   linked identity, seen by canSeeConversation's team rule), limited to those teams' items.
 * Another bank's client is "not found"; a client of the bank outside this rule is "not yours".
 */
export async function accessToClient(
  deps: Pick<AppDeps, 'database'>,
  principal: StaffPrincipal,
  clientId: string,
): Promise<{ level: ClientAccessLevel; advisorId: string | null }> {
  const db = deps.database.db;
  const client = await db
    .selectFrom('clients')
    .select(['id', 'advisor_id'])
    .where('bank_id', '=', principal.bankId)
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!client) throw client360Errors.clientNotFound();
  if (BANK_WIDE_ROLES.includes(principal.role)) return { level: 'full', advisorId: client.advisor_id };
  if (client.advisor_id !== null && client.advisor_id === principal.userId) return { level: 'full', advisorId: client.advisor_id };
  if ((principal.role === 'agent' || principal.role === 'community_manager') && principal.teamIds.length > 0) {
    const reached = await db
      .selectFrom('conversations as c')
      .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
      .select(sql<number>`1`.as('one'))
      .where('c.bank_id', '=', principal.bankId)
      .where('ct.client_id', '=', clientId)
      .where('c.team_id', 'in', principal.teamIds)
      .limit(1)
      .executeTakeFirst();
    if (reached) return { level: 'team', advisorId: client.advisor_id };
  }
  throw client360Errors.notYourClient();
}

export const viewerOf = (principal: StaffPrincipal, level: ClientAccessLevel): TimelineViewer => ({
  userId: principal.userId,
  role: principal.role,
  teamIds: principal.teamIds,
  access: level,
});
