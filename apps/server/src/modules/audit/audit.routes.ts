import { auditQuerySchema } from '@agora/contracts/admin.schema.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import { listAuditEntries } from './audit.repository.ts';

/** GET /api/audit: the bank's audit trail for compliance and admins, newest first. */
export async function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/api/audit', { preHandler: requireStaff(['compliance', 'admin']) }, async (request) => {
    const query = parseWith(auditQuerySchema, request.query);
    return listAuditEntries(deps.database.db, principalOf(request).bankId, query);
  });
}
