import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { errorBody } from '../../platform/http/error-handler.ts';
import { metricsRegistry } from './metrics.ts';

const isLoopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

export async function registerOpsRoutes(app: FastifyInstance, deps: AppDeps) {
  // Public on purpose: load balancers probe it; it reveals only up/down.
  app.get('/healthz', async (_request, reply) => {
    const database = await sql`select 1`.execute(deps.database.db).then(
      () => 'ok',
      () => 'down',
    );
    const bus = (await deps.bus.healthy().catch(() => false)) ? 'ok' : 'down';
    const ok = database === 'ok' && bus === 'ok';
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database, bus: `${deps.bus.kind}:${bus}` });
  });

  // Prometheus scrapes from the same host or network; elsewhere an admin session is needed.
  app.get('/metrics', async (request, reply) => {
    if (!isLoopback(request.ip) && request.staff?.role !== 'admin') {
      return reply.status(403).send(errorBody('forbidden', 'Métriques réservées à la supervision technique.'));
    }
    return reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
}
