import type { ListeningAlert } from '@agora/contracts/listening.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { appendAudit } from '../../../platform/audit/audit.service.ts';
import { principalOf, requireStaff } from '../../../platform/auth/staff-principal.ts';
import { ALERT_HANDLERS, LISTENING_READERS } from '../listening-roles.ts';
import type { AlertsService } from './alerts.service.ts';

const listSchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), open: z.enum(['true', 'false']).optional() });

export async function registerAlertRoutes(app: FastifyInstance, deps: AppDeps, alerts: AlertsService) {
  const tags = ['listening'];
  app.get(
    '/api/listening/alerts',
    { preHandler: requireStaff(LISTENING_READERS), schema: { tags } },
    async (request): Promise<ListeningAlert[]> => {
      const input = listSchema.parse(request.query);
      return alerts.list(principalOf(request), { limit: input.limit, open: input.open === 'true' });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/listening/alerts/:id/acknowledge',
    { preHandler: requireStaff(ALERT_HANDLERS), schema: { tags } },
    async (request): Promise<ListeningAlert> => {
      const p = principalOf(request);
      const alert = await alerts.acknowledge(p, request.params.id);
      await appendAudit(deps.database.db, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: `${p.displayName} (${p.role})`,
        action: 'listening.alert_acknowledged',
        targetType: 'listening_alert',
        targetId: alert.id,
        details: { kind: alert.kind, query: alert.queryName },
      });
      return alert;
    },
  );
}
