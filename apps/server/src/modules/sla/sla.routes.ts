import { businessCalendarSchema, type ConversationSla, type SlaEscalation } from '@agora/contracts/sla.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { canSeeConversation, principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { notFound } from '../../platform/errors.ts';
import { withSla } from './sla.tables.ts';
import { slaBadgeOf } from './sla-badge.ts';
import { calendarOfTeam, saveTeamCalendar } from './sla-calendar.service.ts';

const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const uuid = /^[0-9a-f-]{36}$/i;
const iso = (d: Date | null) => d?.toISOString() ?? null;
const conversationNotFound = () => notFound('conversation_not_found', 'Conversation introuvable.');
const teamNotFound = () => notFound('team_not_found', 'Équipe introuvable.');

export async function registerSlaRoutes(app: FastifyInstance, deps: AppDeps) {
  const db = withSla(deps.database.db);
  const tags = ['sla'];
  const managers = { preHandler: requireStaff(['admin', 'supervisor']) };

  app.get<{ Params: { id: string } }>(
    '/api/conversations/:id/sla',
    { preHandler: requireStaff(), schema: { tags, summary: "A conversation's SLA clock" } },
    async (request): Promise<ConversationSla> => {
      const p = principalOf(request);
      if (!uuid.test(request.params.id)) throw conversationNotFound();
      const row = await db
        .selectFrom('conversations')
        .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .leftJoin('clients', 'clients.id', 'contacts.client_id')
        .leftJoin('conversation_sla as s', 's.conversation_id', 'conversations.id')
        .select([
          'conversations.team_id',
          'clients.advisor_id',
          's.applicable as sla_applicable',
          's.not_applicable_reason as sla_reason',
          's.response_kind as sla_response_kind',
          's.response_warn_at as sla_response_warn_at',
          's.response_due_at as sla_response_due_at',
          's.resolution_warn_at as sla_resolution_warn_at',
          's.resolution_due_at as sla_resolution_due_at',
          's.resolution_met_at as sla_resolution_met_at',
          's.paused_at as sla_paused_at',
          's.paused_remaining_minutes as sla_paused_remaining_minutes',
          's.started_at',
          's.first_response_due_at',
          's.first_response_met_at',
          's.acknowledged_for',
        ])
        .where('conversations.bank_id', '=', p.bankId)
        .where('conversations.id', '=', request.params.id)
        .executeTakeFirst();
      if (!row || !canSeeConversation(p, { bankId: p.bankId, teamId: row.team_id, advisorId: row.advisor_id }))
        throw conversationNotFound();
      return {
        badge: slaBadgeOf(row),
        startedAt: iso(row.started_at),
        firstResponseDueAt: iso(row.first_response_due_at),
        firstResponseMetAt: iso(row.first_response_met_at),
        responseKind: row.sla_response_kind,
        responseDueAt: iso(row.sla_response_due_at),
        resolutionDueAt: iso(row.sla_resolution_due_at),
        resolutionMetAt: iso(row.sla_resolution_met_at),
        pausedAt: iso(row.sla_paused_at),
        acknowledgedFor: iso(row.acknowledged_for),
      };
    },
  );

  const teamOf = async (bankId: string, id: string) => {
    if (!uuid.test(id)) throw teamNotFound();
    const team = await db.selectFrom('teams').select(['id']).where('bank_id', '=', bankId).where('id', '=', id).executeTakeFirst();
    if (!team) throw teamNotFound();
    return team.id;
  };

  app.get<{ Params: { id: string } }>(
    '/api/admin/teams/:id/calendar',
    { ...managers, schema: { tags, summary: "A team's business calendar (opening hours, holidays, closures)" } },
    async (request) => {
      const p = principalOf(request);
      return calendarOfTeam(db, p.bankId, await teamOf(p.bankId, request.params.id));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/admin/teams/:id/calendar',
    { ...managers, schema: { tags, summary: "Replace a team's business calendar", body: doc(businessCalendarSchema) } },
    async (request) => {
      const p = principalOf(request);
      const teamId = await teamOf(p.bankId, request.params.id);
      const input = businessCalendarSchema.parse(request.body);
      await saveTeamCalendar(db, p.bankId, teamId, input);
      return calendarOfTeam(db, p.bankId, teamId);
    },
  );

  // Supervisors' view: the latest warnings and breaches, newest first.
  app.get(
    '/api/sla/escalations',
    {
      preHandler: requireStaff(['admin', 'supervisor', 'compliance']),
      schema: { tags, summary: 'SLA warnings and breaches escalated to supervisors' },
    },
    async (request): Promise<{ items: SlaEscalation[] }> => {
      const p = principalOf(request);
      const rows = await db
        .selectFrom('sla_escalations as e')
        .innerJoin('conversations', 'conversations.id', 'e.conversation_id')
        .innerJoin('teams', 'teams.id', 'e.team_id')
        .select([
          'e.id',
          'e.conversation_id',
          'e.team_id',
          'teams.name as team_name',
          'e.target',
          'e.level',
          'e.due_at',
          'e.created_at',
          'conversations.excerpt',
          'conversations.channel',
        ])
        .where('e.bank_id', '=', p.bankId)
        .orderBy('e.created_at', 'desc')
        .orderBy('e.due_at', 'desc')
        .limit(100)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          conversationId: r.conversation_id,
          teamId: r.team_id,
          teamName: r.team_name,
          target: r.target,
          level: r.level,
          dueAt: r.due_at.toISOString(),
          createdAt: r.created_at.toISOString(),
          excerpt: r.excerpt,
          channel: r.channel,
        })),
      };
    },
  );
}
