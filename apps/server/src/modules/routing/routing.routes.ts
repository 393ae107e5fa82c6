import {
  presenceRequestSchema,
  setStatusSchema,
  transferRequestSchema,
  updateRoutingAgentSchema,
  updateRoutingTeamSchema,
} from '@agora/contracts/routing.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { visibleConversation } from '../conversations/conversation.service.ts';
import { createPresenceBoard } from './presence.service.ts';
import {
  getMyRouting,
  listRoutingAgents,
  listRoutingTeams,
  setMyStatus,
  takeOverConversation,
  transferConversation,
  updateRoutingAgent,
  updateRoutingTeam,
} from './routing.service.ts';

const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export async function registerRoutingRoutes(app: FastifyInstance, deps: AppDeps) {
  const staff = { preHandler: requireStaff() };
  const admin = { preHandler: requireStaff(['admin']) };
  const leads = { preHandler: requireStaff(['admin', 'supervisor']) };
  const tags = ['routing'];
  const presence = createPresenceBoard(deps);
  app.addHook('onClose', async () => presence.close());

  app.get('/api/routing/me', { ...staff, schema: { tags, summary: 'My availability, capacity, load and skills' } }, async (request) =>
    getMyRouting(deps, principalOf(request)),
  );
  app.put(
    '/api/routing/me/status',
    { ...staff, schema: { tags, summary: 'Say whether I take conversations now', body: doc(setStatusSchema) } },
    async (request) => setMyStatus(deps, principalOf(request), setStatusSchema.parse(request.body).status),
  );
  app.get(
    '/api/routing/agents',
    { ...leads, schema: { tags, summary: "Every colleague's status, load, capacity and skills" } },
    async (request) => listRoutingAgents(deps, principalOf(request)),
  );
  app.put<{ Params: { userId: string } }>(
    '/api/routing/agents/:userId',
    { ...admin, schema: { tags, summary: 'Capacity and skills of a colleague', body: doc(updateRoutingAgentSchema) } },
    async (request) =>
      updateRoutingAgent(
        deps,
        principalOf(request),
        z.string().uuid().parse(request.params.userId),
        updateRoutingAgentSchema.parse(request.body),
      ),
  );
  app.get(
    '/api/routing/teams',
    { ...staff, schema: { tags, summary: 'Teams with their members and routing options (transfer)' } },
    async (request) => listRoutingTeams(deps, principalOf(request)),
  );
  app.put<{ Params: { teamId: string } }>(
    '/api/routing/teams/:teamId',
    { ...admin, schema: { tags, summary: "A team's routing options", body: doc(updateRoutingTeamSchema) } },
    async (request) =>
      updateRoutingTeam(
        deps,
        principalOf(request),
        z.string().uuid().parse(request.params.teamId),
        updateRoutingTeamSchema.parse(request.body),
      ),
  );
  app.post<{ Params: { id: string } }>(
    '/api/conversations/:id/transfer',
    { ...staff, schema: { tags, summary: 'Transfer to a team and/or a person, with a note', body: doc(transferRequestSchema) } },
    async (request) => transferConversation(deps, principalOf(request), request.params.id, transferRequestSchema.parse(request.body)),
  );
  app.post<{ Params: { id: string } }>(
    '/api/conversations/:id/take-over',
    { ...leads, schema: { tags, summary: 'A supervisor takes the conversation to answer it' } },
    async (request) => takeOverConversation(deps, principalOf(request), request.params.id),
  );
  app.post<{ Params: { id: string } }>(
    '/api/conversations/:id/presence',
    { ...staff, schema: { tags, summary: 'I view, type in or leave a conversation', body: doc(presenceRequestSchema) } },
    async (request, reply) => {
      const p = principalOf(request);
      const { state } = presenceRequestSchema.parse(request.body);
      const row = await visibleConversation(deps, p, request.params.id);
      await presence.announce(p, row, state);
      return reply.status(204).send();
    },
  );
  app.get<{ Params: { id: string } }>(
    '/api/conversations/:id/presence',
    { ...staff, schema: { tags, summary: 'Who views or types in a conversation now' } },
    async (request) => {
      const row = await visibleConversation(deps, principalOf(request), request.params.id);
      return presence.list(row.id);
    },
  );
}
