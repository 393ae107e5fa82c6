import { type ListeningDashboard, listeningFilterSchema } from '@agora/contracts/listening.schema.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../../platform/auth/staff-principal.ts';
import { withListening } from '../listening.tables.ts';
import { LISTENING_READERS } from '../listening-roles.ts';
import { readDashboard } from './dashboard.service.ts';

export async function registerDashboardRoutes(app: FastifyInstance, deps: AppDeps) {
  const db = withListening(deps.database.db);
  app.get(
    '/api/listening/dashboard',
    { preHandler: requireStaff(LISTENING_READERS), schema: { tags: ['listening'], summary: 'Listening dashboard, read from the rollups' } },
    async (request): Promise<ListeningDashboard> => {
      const p = principalOf(request);
      const filter = listeningFilterSchema.parse(request.query);
      const queries = await db
        .selectFrom('listening_queries')
        .select(['id', 'name', 'kind'])
        .where('bank_id', '=', p.bankId)
        .orderBy('name')
        .execute();
      return readDashboard(db, p.bankId, filter, queries);
    },
  );
}
