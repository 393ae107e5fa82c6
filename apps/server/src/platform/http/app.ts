import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import helmet from 'helmet';
import { registerAnswersRoutes } from '../../modules/answers/answers.routes.ts';
import { registerAppointmentsRoutes } from '../../modules/appointments/appointments.routes.ts';
import { registerAuditRoutes } from '../../modules/audit/audit.routes.ts';
import { registerChannelRoutes } from '../../modules/channels/channel.routes.ts';
import { registerClient360Routes } from '../../modules/clients/client-360.routes.ts';
import { registerClientSpaceRoutes } from '../../modules/clients/client-space.routes.ts';
import { registerClientRoutes } from '../../modules/clients/clients.routes.ts';
import { registerCofinancingRoutes } from '../../modules/cofinancing/cofinancing.routes.ts';
import { registerCommunity } from '../../modules/community/community.register.ts';
import { registerBankSettingsRoutes } from '../../modules/conversations/bank-settings.routes.ts';
import { registerConversationRoutes } from '../../modules/conversations/conversation.routes.ts';
import { registerApprovalRoutes } from '../../modules/conversations/reply-approval.routes.ts';
import { registerDemoAuthenticatorRoutes } from '../../modules/demo/demo-authenticator.routes.ts';
import { registerWebhookRoutes } from '../../modules/ingest/webhook.routes.ts';
import { registerListeningRoutes } from '../../modules/listening/listening.routes.ts';
import { registerLiveChatRoutes } from '../../modules/live-chat/live-chat.routes.ts';
import { registerMacrosRoutes } from '../../modules/macros/macros.routes.ts';
import { registerModerationRoutes } from '../../modules/moderation/moderation.routes.ts';
import { registerOpsRoutes } from '../../modules/ops/ops.routes.ts';
import { registerClientGateway } from '../../modules/realtime/client.gateway.ts';
import { type RealtimeGateway, registerRealtimeGateway } from '../../modules/realtime/realtime.gateway.ts';
import { registerRoutingRoutes } from '../../modules/routing/routing.routes.ts';
import { registerSchedulingRoutes } from '../../modules/scheduling/scheduling.routes.ts';
import { registerSecureMessagingRoutes } from '../../modules/secure-messaging/secure.routes.ts';
import { registerSlaRoutes } from '../../modules/sla/sla.routes.ts';
import { registerStaffRoutes } from '../../modules/staff/staff.routes.ts';
import { registerSupervisionRoutes } from '../../modules/supervision/supervision.routes.ts';
import type { AppDeps } from '../app-deps.ts';
import { registerStaffAuth } from '../auth/staff-auth.plugin.ts';
import { registerMailViewerRoutes } from '../mail/mail-viewer.routes.ts';
import { registerErrorHandler } from './error-handler.ts';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../web/dist');

export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; gateway: RealtimeGateway }> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    trustProxy: false,
    // One line per request drowns what matters; request logs come back at debug and trace.
    logController: new LogController({ disableRequestLogging: deps.config.LOG_LEVEL !== 'debug' && deps.config.LOG_LEVEL !== 'trace' }),
  });
  // Payloads are validated with zod in the handlers (one definition shared with the web app);
  // the JSON schemas given to routes only document the API at /docs.
  app.setValidatorCompiler(() => () => true);

  // Built once: @fastify/helmet rebuilt the middleware, and parsed the policy again, on every
  // request (1.4 % of the server's CPU under a stream of webhooks).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Mantine injects its CSS variables in <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Attachments are shown from the platforms' media hosts.
        imgSrc: ["'self'", 'data:', 'https:', ...(deps.config.demoMode ? ['http:'] : [])],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
  await app.register(cookie);
  await app.register(rateLimit, { global: true, max: 1200, timeWindow: '1 minute' });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Agora API',
        version: '0.1.0',
        description:
          'Social banking platform. Every /api route needs a staff session cookie; state-changing calls need the x-csrf-token header.',
      },
    },
  });
  // Public on purpose: the API description of an open-source product holds no data.
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const webBuilt = existsSync(path.join(WEB_DIST, 'index.html'));
  // The SPA's own routes (/inbox/…, /admin/…) all serve index.html; API misses stay JSON 404s.
  registerErrorHandler(app, (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (!webBuilt || request.method !== 'GET' || /^\/(api|webhooks|docs)(\/|$)/.test(url) || path.extname(url)) return false;
    void reply.sendFile('index.html');
    return true;
  });
  await registerStaffAuth(app, deps);

  await registerOpsRoutes(app, deps);
  await registerMailViewerRoutes(app, deps);
  await registerDemoAuthenticatorRoutes(app, deps);
  await registerWebhookRoutes(app, deps);
  await registerStaffRoutes(app, deps);
  await registerClientRoutes(app, deps);
  await registerClient360Routes(app, deps);
  await registerClientSpaceRoutes(app, deps);
  await registerAuditRoutes(app, deps);
  await registerConversationRoutes(app, deps);
  await registerAnswersRoutes(app, deps);
  await registerMacrosRoutes(app, deps);
  await registerSlaRoutes(app, deps);
  await registerSchedulingRoutes(app, deps);
  await registerSupervisionRoutes(app, deps);
  await registerApprovalRoutes(app, deps);
  await registerBankSettingsRoutes(app, deps);
  await registerChannelRoutes(app, deps);
  await registerLiveChatRoutes(app, deps);
  await registerModerationRoutes(app, deps);
  await registerRoutingRoutes(app, deps);
  await registerListeningRoutes(app, deps);
  await registerCommunity(app, deps);
  await registerCofinancingRoutes(app, deps);
  await registerSecureMessagingRoutes(app, deps);
  await registerAppointmentsRoutes(app, deps);
  const gateway = await registerRealtimeGateway(app, deps);
  await registerClientGateway(app, deps);

  // Wildcard serving reads the folder on each request: a rebuilt web app is served without a restart.
  if (webBuilt) await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', index: ['index.html'] });
  return { app, gateway };
}
