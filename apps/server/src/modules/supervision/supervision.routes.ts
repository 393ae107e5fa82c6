import { supervisionQuerySchema } from '@agora/contracts/supervision.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { supervisionOverview } from './supervision.service.ts';

/** Who sees the whole bank's figures: the bank-wide roles. */
export const SUPERVISION_ROLES = ['supervisor', 'admin', 'compliance'] as const;

export async function registerSupervisionRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get(
    '/api/supervision/overview',
    {
      preHandler: requireStaff(SUPERVISION_ROLES),
      schema: {
        tags: ['supervision'],
        summary: 'SLA compliance, queues, load, first-response p50/p90, dissatisfaction, volume',
        querystring: z.toJSONSchema(supervisionQuerySchema, { io: 'input' }),
      },
    },
    async (request) => supervisionOverview(deps, principalOf(request), supervisionQuerySchema.parse(request.query)),
  );
}
