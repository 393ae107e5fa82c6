import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { type Kysely, sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AUDIT_LOCK_KEY, appendAudit } from '../../platform/audit/audit.service.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { productOfIntent } from './product-of-intent.ts';
import { type RoutingDB, teamOptions, withRouting } from './routing.tables.ts';

export const AUTO_ROUTING_ACTOR = 'routage automatique';
/** Conversations looked at per pass of the queue, oldest waiting first. */
const QUEUE_BATCH = 50;

export interface Assignment {
  conversationId: string;
  assigneeId: string;
  reason: 'own_advisor' | 'load';
}

interface Candidate {
  userId: string;
  capacity: number;
  lastAssignedAt: Date | null;
  load: number;
}

/**
 * Picks the colleague with the fewest open conversations below capacity; equal loads go to whoever
 * received one least recently, then by id so the choice is stable.
 */
export function pickLeastLoaded(candidates: Candidate[]): Candidate | null {
  const free = candidates.filter((c) => c.load < c.capacity);
  free.sort(
    (a, b) =>
      a.load - b.load ||
      (a.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY) - (b.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY) ||
      a.userId.localeCompare(b.userId),
  );
  return free[0] ?? null;
}

/**
 * Assigns one unassigned open conversation, if someone may take it: the client's own advisor
 * first, else the team's available members with the needed skills, by load. One transaction that
 * locks the conversation and then every candidate's routing row (in id order, so two assignments
 * never deadlock): a concurrent assignment waits, then counts the load this one added, so nobody
 * goes past capacity.
 */
export async function assignConversation(deps: AppDeps, conversationId: string): Promise<Assignment | null> {
  const bankId = deps.bankId;
  const result = await deps.database.db.transaction().execute(async (plainTx) => {
    const tx = withRouting(plainTx);
    // The audit chain's lock first: every writer of the audit log takes it, and taking it before
    // any row lock keeps one order of locks with the other writers (no deadlock between them).
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(plainTx);
    const conversation = await tx
      .selectFrom('conversations')
      .select(['id', 'team_id', 'contact_id', 'assignee_id', 'status', 'language', 'intent', 'not_answered_reason'])
      .where('bank_id', '=', bankId)
      .where('id', '=', conversationId)
      .forUpdate()
      .executeTakeFirst();
    if (!conversation || conversation.assignee_id !== null || conversation.status === 'resolved' || conversation.not_answered_reason)
      return null;
    if (!(await teamOptions(tx, bankId, conversation.team_id)).autoAssign) return null;
    const client = await tx
      .selectFrom('contacts')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select(['clients.advisor_id'])
      .where('contacts.id', '=', conversation.contact_id)
      .where('contacts.bank_id', '=', bankId)
      .executeTakeFirst();
    const advisorId = client?.advisor_id ?? null;

    const members = await tx
      .selectFrom('team_members')
      .innerJoin('staff_users', 'staff_users.id', 'team_members.user_id')
      .innerJoin('staff_routing', 'staff_routing.user_id', 'team_members.user_id')
      .select(['team_members.user_id'])
      .where('team_members.team_id', '=', conversation.team_id)
      .where('staff_users.bank_id', '=', bankId)
      .where('staff_users.active', '=', true)
      .where('staff_routing.status', '=', 'available')
      .execute();
    const ids = [...new Set([...members.map((m) => m.user_id), ...(advisorId ? [advisorId] : [])])].sort();
    if (ids.length === 0) return null;
    // The lock that keeps capacity: taken on every candidate, in a fixed order.
    const locked = await tx
      .selectFrom('staff_routing')
      .innerJoin('staff_users', 'staff_users.id', 'staff_routing.user_id')
      .select([
        'staff_routing.user_id',
        'staff_routing.status',
        'staff_routing.capacity',
        'staff_routing.last_assigned_at',
        'staff_users.active',
      ])
      .where('staff_routing.bank_id', '=', bankId)
      .where('staff_routing.user_id', 'in', ids)
      .orderBy('staff_routing.user_id')
      .forUpdate('staff_routing')
      .execute();
    const loads = new Map(
      (
        await tx
          .selectFrom('conversations')
          .select(['assignee_id', sql<number>`count(*)::int`.as('open')])
          .where('bank_id', '=', bankId)
          .where('assignee_id', 'in', ids)
          .where('status', '<>', 'resolved')
          .groupBy('assignee_id')
          .execute()
      ).map((r) => [r.assignee_id, Number(r.open)]),
    );
    const candidateOf = (row: (typeof locked)[number]): Candidate => ({
      userId: row.user_id,
      capacity: row.capacity,
      lastAssignedAt: row.last_assigned_at,
      load: loads.get(row.user_id) ?? 0,
    });
    const available = locked.filter((r) => r.status === 'available' && r.active);

    let chosen: Candidate | null = null;
    let reason: Assignment['reason'] = 'load';
    // Rule 5: the client's own advisor first; back to the team when away, offline or full.
    const advisor = advisorId ? available.find((r) => r.user_id === advisorId) : undefined;
    if (advisor) {
      const candidate = candidateOf(advisor);
      if (candidate.load < candidate.capacity) {
        chosen = candidate;
        reason = 'own_advisor';
      }
    }
    if (!chosen) {
      const teamIds = new Set(members.map((m) => m.user_id));
      const inTeam = available.filter((r) => teamIds.has(r.user_id));
      const skilled = await withSkills(
        tx,
        bankId,
        conversation.team_id,
        inTeam.map((r) => r.user_id),
        {
          language: conversation.language === 'fr' || conversation.language === 'en' ? conversation.language : null,
          product: productOfIntent(conversation.intent),
        },
      );
      chosen = pickLeastLoaded(inTeam.filter((r) => skilled.has(r.user_id)).map(candidateOf));
    }
    if (!chosen) return null;

    const now = new Date();
    await tx.updateTable('conversations').set({ assignee_id: chosen.userId, updated_at: now }).where('id', '=', conversation.id).execute();
    await tx.updateTable('staff_routing').set({ last_assigned_at: now }).where('user_id', '=', chosen.userId).execute();
    await appendAudit(plainTx, {
      bankId,
      actorId: null,
      actorLabel: AUTO_ROUTING_ACTOR,
      action: 'conversation.assigned',
      targetType: 'conversation',
      targetId: conversation.id,
      details: { from: null, to: chosen.userId, reason, load: chosen.load, capacity: chosen.capacity },
    });
    const event: BusEvent = {
      type: 'conversation.updated',
      bankId,
      conversationId: conversation.id,
      teamId: conversation.team_id,
      advisorId,
      messageId: null,
      at: now.toISOString(),
    };
    await enqueueEvents(plainTx, [event], deps.database.kind);
    return { conversationId: conversation.id, assigneeId: chosen.userId, reason };
  });
  if (result) deps.wakeOutbox();
  return result;
}

/**
 * Members holding the skills a conversation needs. A skill nobody in the team declares is not
 * required: a team that never set up product skills still gets its conversations assigned.
 */
async function withSkills(
  tx: Kysely<RoutingDB>,
  bankId: string,
  teamId: string,
  userIds: string[],
  needs: { language: string | null; product: string | null },
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const wanted = [
    ...(needs.language ? [{ kind: 'language' as const, value: needs.language }] : []),
    ...(needs.product ? [{ kind: 'product' as const, value: needs.product }] : []),
  ];
  if (wanted.length === 0) return new Set(userIds);
  const rows = await tx
    .selectFrom('staff_skills')
    .innerJoin('team_members', 'team_members.user_id', 'staff_skills.user_id')
    .select(['staff_skills.user_id', 'staff_skills.kind', 'staff_skills.value'])
    .where('staff_skills.bank_id', '=', bankId)
    .where('team_members.team_id', '=', teamId)
    .where((eb) => eb.or(wanted.map((w) => eb.and([eb('staff_skills.kind', '=', w.kind), eb('staff_skills.value', '=', w.value)]))))
    .execute();
  const required = wanted.filter((w) => rows.some((r) => r.kind === w.kind && r.value === w.value));
  return new Set(
    userIds.filter((id) => required.every((w) => rows.some((r) => r.user_id === id && r.kind === w.kind && r.value === w.value))),
  );
}

/**
 * One pass over the queue: unassigned open conversations, the most urgent first (fraud, stolen
 * card, hacked account, outage: critical then high), then longest waiting. Returns how many were
 * assigned. Cheap when nobody is available (one query).
 */
export async function routeQueue(deps: AppDeps): Promise<number> {
  const db = withRouting(deps.database.db);
  const someone = await db
    .selectFrom('staff_routing')
    .select(['user_id'])
    .where('bank_id', '=', deps.bankId)
    .where('status', '=', 'available')
    .limit(1)
    .executeTakeFirst();
  if (!someone) return 0;
  const queue = await db
    .selectFrom('conversations')
    .select(['id'])
    .where('bank_id', '=', deps.bankId)
    .where('assignee_id', 'is', null)
    .where('status', '<>', 'resolved')
    .where('not_answered_reason', 'is', null)
    .orderBy(sql`case urgency when 'critical' then 0 when 'high' then 1 else 2 end`)
    .orderBy('last_inbound_at', 'asc')
    .orderBy('id')
    .limit(QUEUE_BATCH)
    .execute();
  let assigned = 0;
  for (const { id } of queue) if (await assignConversation(deps, id)) assigned += 1;
  return assigned;
}
