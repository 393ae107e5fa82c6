import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import { registerAlertRoutes } from './alerts/alerts.routes.ts';
import { createAlertsService } from './alerts/alerts.service.ts';
import { registerSourceRoutes } from './feeds/sources.routes.ts';
import { registerMentionRoutes } from './mentions/mentions.routes.ts';
import { registerQueryRoutes } from './queries/queries.routes.ts';
import { registerReportRoutes } from './reports/reports.routes.ts';
import { registerDashboardRoutes } from './rollups/dashboard.routes.ts';

/** Listening and e-reputation (issue 7): every route of the module, under /api/listening. */
export async function registerListeningRoutes(app: FastifyInstance, deps: AppDeps) {
  const alerts = createAlertsService(deps);
  await registerQueryRoutes(app, deps);
  await registerMentionRoutes(app, deps);
  await registerDashboardRoutes(app, deps);
  await registerAlertRoutes(app, deps, alerts);
  await registerSourceRoutes(app, deps);
  await registerReportRoutes(app, deps, alerts);
}
