import { randomUUID } from 'node:crypto';
import type { ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { AgentStatus, MyRouting, RoutingAgent, RoutingTeam, Skills, TransferRequest } from '@agora/contracts/routing.schema.ts';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { forbidden } from '../../platform/errors.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { excerptOf } from '../../platform/text.ts';
import { findConversationRow, toListItem } from '../conversations/conversation.repository.ts';
import { visibleConversation } from '../conversations/conversation.service.ts';
import { staffNotFound, teamNotFound, transferNotAllowed } from './routing.errors.ts';
import { DEFAULT_CAPACITY, type RoutingDB, teamOptions, withRouting } from './routing.tables.ts';
import { wakeRouting } from './routing.worker.ts';

const actorLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;
const SUPERVISING_ROLES = new Set(['supervisor', 'admin']);

async function skillsOf(db: Kysely<RoutingDB>, bankId: string, userIds: string[]): Promise<Map<string, Skills>> {
  const map = new Map<string, Skills>(userIds.map((id) => [id, { languages: [], products: [] }]));
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('staff_skills')
    .select(['user_id', 'kind', 'value'])
    .where('bank_id', '=', bankId)
    .where('user_id', 'in', userIds)
    .orderBy('value')
    .execute();
  for (const r of rows) {
    const skills = map.get(r.user_id);
    if (!skills) continue;
    if (r.kind === 'language') skills.languages.push(r.value as Skills['languages'][number]);
    else skills.products.push(r.value as Skills['products'][number]);
  }
  return map;
}

async function loadsOf(db: Kysely<RoutingDB>, bankId: string, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('conversations')
    .select(['assignee_id', sql<number>`count(*)::int`.as('open')])
    .where('bank_id', '=', bankId)
    .where('assignee_id', 'in', userIds)
    .where('status', '<>', 'resolved')
    .groupBy('assignee_id')
    .execute();
  return new Map(rows.map((r) => [r.assignee_id as string, Number(r.open)]));
}

export async function getMyRouting(deps: AppDeps, p: StaffPrincipal): Promise<MyRouting> {
  const db = withRouting(deps.database.db);
  const row = await db
    .selectFrom('staff_routing')
    .select(['status', 'capacity'])
    .where('user_id', '=', p.userId)
    .where('bank_id', '=', p.bankId)
    .executeTakeFirst();
  const [skills, loads] = await Promise.all([skillsOf(db, p.bankId, [p.userId]), loadsOf(db, p.bankId, [p.userId])]);
  return {
    status: row?.status ?? 'offline',
    capacity: row?.capacity ?? DEFAULT_CAPACITY,
    load: loads.get(p.userId) ?? 0,
    skills: skills.get(p.userId)!,
  };
}

async function upsertRouting(db: Kysely<RoutingDB>, bankId: string, userId: string, input: { status?: AgentStatus; capacity?: number }) {
  const changes = {
    ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
    ...(input.status !== undefined ? { status: input.status, status_changed_at: new Date() } : {}),
  };
  await db
    .insertInto('staff_routing')
    .values({ user_id: userId, bank_id: bankId, ...changes })
    .onConflict((oc) => (Object.keys(changes).length ? oc.column('user_id').doUpdateSet(changes) : oc.column('user_id').doNothing()))
    .execute();
}

/** The header switch. Becoming available wakes the queue, so waiting conversations arrive at once. */
export async function setMyStatus(deps: AppDeps, p: StaffPrincipal, status: 'available' | 'away'): Promise<MyRouting> {
  await upsertRouting(withRouting(deps.database.db), p.bankId, p.userId, { status });
  if (status === 'available') wakeRouting(deps);
  return getMyRouting(deps, p);
}

export async function listRoutingAgents(deps: AppDeps, p: StaffPrincipal): Promise<RoutingAgent[]> {
  const db = withRouting(deps.database.db);
  const users = await db
    .selectFrom('staff_users')
    .leftJoin('staff_routing', 'staff_routing.user_id', 'staff_users.id')
    .select(['staff_users.id', 'staff_users.display_name', 'staff_users.role', 'staff_routing.status', 'staff_routing.capacity'])
    .where('staff_users.bank_id', '=', p.bankId)
    .where('staff_users.active', '=', true)
    .orderBy('staff_users.display_name')
    .execute();
  const ids = users.map((u) => u.id);
  const [skills, loads, teams] = await Promise.all([
    skillsOf(db, p.bankId, ids),
    loadsOf(db, p.bankId, ids),
    ids.length ? db.selectFrom('team_members').select(['user_id', 'team_id']).where('user_id', 'in', ids).execute() : Promise.resolve([]),
  ]);
  return users.map((u) => ({
    id: u.id,
    displayName: u.display_name,
    role: u.role as RoutingAgent['role'],
    teamIds: teams.filter((t) => t.user_id === u.id).map((t) => t.team_id),
    status: u.status ?? 'offline',
    capacity: u.capacity ?? DEFAULT_CAPACITY,
    load: loads.get(u.id) ?? 0,
    skills: skills.get(u.id)!,
  }));
}

export async function updateRoutingAgent(
  deps: AppDeps,
  p: StaffPrincipal,
  userId: string,
  input: { capacity?: number; skills?: Skills; status?: AgentStatus },
): Promise<RoutingAgent> {
  await deps.database.db.transaction().execute(async (plainTx) => {
    const tx = withRouting(plainTx);
    const user = await tx
      .selectFrom('staff_users')
      .select(['id'])
      .where('id', '=', userId)
      .where('bank_id', '=', p.bankId)
      .executeTakeFirst();
    if (!user) throw staffNotFound();
    await upsertRouting(tx as unknown as Kysely<RoutingDB>, p.bankId, userId, { capacity: input.capacity, status: input.status });
    if (input.skills) {
      await tx.deleteFrom('staff_skills').where('user_id', '=', userId).where('bank_id', '=', p.bankId).execute();
      const rows = [
        ...input.skills.languages.map((value) => ({ user_id: userId, bank_id: p.bankId, kind: 'language' as const, value })),
        ...input.skills.products.map((value) => ({ user_id: userId, bank_id: p.bankId, kind: 'product' as const, value })),
      ];
      if (rows.length)
        await tx
          .insertInto('staff_skills')
          .values(rows)
          .onConflict((oc) => oc.doNothing())
          .execute();
    }
    await appendAudit(plainTx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: actorLabel(p),
      action: 'staff.routing_updated',
      targetType: 'staff_user',
      targetId: userId,
      details: { ...input },
    });
  });
  wakeRouting(deps);
  const agents = await listRoutingAgents(deps, p);
  return agents.find((a) => a.id === userId)!;
}

export async function listRoutingTeams(deps: AppDeps, p: StaffPrincipal): Promise<RoutingTeam[]> {
  const db = withRouting(deps.database.db);
  const teams = await db
    .selectFrom('teams')
    .leftJoin('team_routing', 'team_routing.team_id', 'teams.id')
    .select([
      'teams.id',
      'teams.name',
      'team_routing.auto_assign',
      'team_routing.only_assignee_replies',
      'team_routing.reply_guard_seconds',
    ])
    .where('teams.bank_id', '=', p.bankId)
    .orderBy('teams.name')
    .execute();
  const members = teams.length
    ? await db
        .selectFrom('team_members')
        .innerJoin('staff_users', 'staff_users.id', 'team_members.user_id')
        .select(['team_members.team_id', 'team_members.user_id'])
        .where('staff_users.active', '=', true)
        .where(
          'team_members.team_id',
          'in',
          teams.map((t) => t.id),
        )
        .execute()
    : [];
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    autoAssign: t.auto_assign ?? true,
    onlyAssigneeReplies: t.only_assignee_replies ?? false,
    replyGuardSeconds: t.reply_guard_seconds ?? 120,
    memberIds: members.filter((m) => m.team_id === t.id).map((m) => m.user_id),
  }));
}

export async function updateRoutingTeam(
  deps: AppDeps,
  p: StaffPrincipal,
  teamId: string,
  input: { autoAssign?: boolean; onlyAssigneeReplies?: boolean; replyGuardSeconds?: number },
): Promise<RoutingTeam> {
  await deps.database.db.transaction().execute(async (plainTx) => {
    const tx = withRouting(plainTx);
    const team = await tx.selectFrom('teams').select(['id']).where('id', '=', teamId).where('bank_id', '=', p.bankId).executeTakeFirst();
    if (!team) throw teamNotFound();
    const current = await teamOptions(tx, p.bankId, teamId);
    const next = {
      auto_assign: input.autoAssign ?? current.autoAssign,
      only_assignee_replies: input.onlyAssigneeReplies ?? current.onlyAssigneeReplies,
      reply_guard_seconds: input.replyGuardSeconds ?? current.replyGuardSeconds,
      updated_at: new Date(),
    };
    await tx
      .insertInto('team_routing')
      .values({ team_id: teamId, bank_id: p.bankId, ...next })
      .onConflict((oc) => oc.column('team_id').doUpdateSet(next))
      .execute();
    await appendAudit(plainTx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: actorLabel(p),
      action: 'team.routing_updated',
      targetType: 'team',
      targetId: teamId,
      details: { ...input },
    });
  });
  wakeRouting(deps);
  return (await listRoutingTeams(deps, p)).find((t) => t.id === teamId)!;
}

function eventOf(
  type: BusEvent['type'],
  conversationId: string,
  teamId: string,
  advisorId: string | null,
  bankId: string,
  messageId: string | null,
): BusEvent {
  return { type, bankId, conversationId, teamId, advisorId, messageId, at: new Date().toISOString() };
}

/**
 * Hands a conversation to another team and/or person, with an internal note saying why. Moving
 * to another team without naming a person puts it in that team's queue (automatic assignment).
 */
export async function transferConversation(
  deps: AppDeps,
  p: StaffPrincipal,
  id: string,
  input: TransferRequest,
): Promise<ConversationListItem> {
  const row = await visibleConversation(deps, p, id);
  const messageId = randomUUID();
  await deps.database.db.transaction().execute(async (plainTx) => {
    const tx = withRouting(plainTx);
    const teamId = input.teamId ?? row.team_id;
    const team = await tx
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('id', '=', teamId)
      .where('bank_id', '=', p.bankId)
      .executeTakeFirst();
    if (!team) throw teamNotFound();
    let assigneeId: string | null = input.assigneeId !== undefined ? input.assigneeId : teamId === row.team_id ? row.assignee_id : null;
    let assigneeName: string | null = null;
    if (assigneeId) {
      const person = await tx
        .selectFrom('staff_users')
        .select(['id', 'display_name', 'active', 'role'])
        .where('id', '=', assigneeId)
        .where('bank_id', '=', p.bankId)
        .executeTakeFirst();
      const member = await tx
        .selectFrom('team_members')
        .select(['user_id'])
        .where('team_id', '=', teamId)
        .where('user_id', '=', assigneeId)
        .executeTakeFirst();
      // The client's own advisor may always receive their client's conversation.
      if (!person?.active || (!member && person.id !== row.advisor_id && !['supervisor', 'admin'].includes(person.role)))
        throw transferNotAllowed();
      assigneeName = person.display_name;
    } else assigneeId = null;
    const text = `Transfert vers ${team.name}${assigneeName ? ` (${assigneeName})` : ''} : ${input.note}`;
    const now = new Date();
    await tx
      .insertInto('messages')
      .values({
        id: messageId,
        bank_id: p.bankId,
        conversation_id: row.id,
        direction: 'note',
        visibility: 'internal',
        author_user_id: p.userId,
        body: text,
        attachments: '[]',
        search_vector: frenchSearchVector(text),
        created_at: now,
      })
      .execute();
    await tx
      .updateTable('conversations')
      .set({ team_id: teamId, assignee_id: assigneeId, updated_at: now })
      .where('id', '=', row.id)
      .where('bank_id', '=', p.bankId)
      .execute();
    await appendAudit(plainTx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: actorLabel(p),
      action: 'conversation.transferred',
      targetType: 'conversation',
      targetId: row.id,
      details: {
        fromTeam: row.team_id,
        toTeam: teamId,
        fromAssignee: row.assignee_id,
        toAssignee: assigneeId,
        messageId,
        note: excerptOf(input.note),
      },
    });
    const events = [
      eventOf('message.created', row.id, teamId, row.advisor_id, p.bankId, messageId),
      eventOf('conversation.updated', row.id, teamId, row.advisor_id, p.bankId, null),
    ];
    // The team it leaves refreshes too: the conversation disappears from its screens.
    if (teamId !== row.team_id) events.push(eventOf('conversation.updated', row.id, row.team_id, row.advisor_id, p.bankId, null));
    await enqueueEvents(plainTx, events, deps.database.kind);
  });
  deps.wakeOutbox();
  wakeRouting(deps);
  return toListItem((await findConversationRow(deps.database.db, p.bankId, row.id))!);
}

/** A supervisor (or admin) takes the conversation: assigned to them, so they may answer. */
export async function takeOverConversation(deps: AppDeps, p: StaffPrincipal, id: string): Promise<ConversationListItem> {
  if (!SUPERVISING_ROLES.has(p.role))
    throw forbidden('take_over_forbidden', 'Seul un superviseur ou un administrateur peut reprendre une conversation.');
  const row = await visibleConversation(deps, p, id);
  await deps.database.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('conversations')
      .set({ assignee_id: p.userId, updated_at: new Date() })
      .where('id', '=', row.id)
      .where('bank_id', '=', p.bankId)
      .execute();
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: actorLabel(p),
      action: 'conversation.taken_over',
      targetType: 'conversation',
      targetId: row.id,
      details: { from: row.assignee_id, to: p.userId },
    });
    await enqueueEvents(tx, [eventOf('conversation.updated', row.id, row.team_id, row.advisor_id, p.bankId, null)], deps.database.kind);
  });
  deps.wakeOutbox();
  return toListItem((await findConversationRow(deps.database.db, p.bankId, row.id))!);
}
