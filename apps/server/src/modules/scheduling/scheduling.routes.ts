import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { cancelScheduledReply, teamNextOpening } from './scheduling.service.ts';

export async function registerSchedulingRoutes(app: FastifyInstance, deps: AppDeps) {
  const auth = { preHandler: requireStaff() };
  const tags = ['scheduling'];

  app.delete<{ Params: { id: string; messageId: string } }>(
    '/api/conversations/:id/scheduled/:messageId',
    { ...auth, schema: { tags, summary: 'Cancel a scheduled reply before its time (kept in the thread, never sent)' } },
    async (request) => cancelScheduledReply(deps, principalOf(request), request.params.id, request.params.messageId),
  );

  app.get<{ Params: { id: string } }>(
    '/api/teams/:id/next-opening',
    { ...auth, schema: { tags, summary: "The team's next opening in its business calendar (send later presets)" } },
    async (request) => teamNextOpening(deps, principalOf(request), request.params.id),
  );
}
