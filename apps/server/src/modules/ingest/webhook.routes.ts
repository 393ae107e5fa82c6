import type { FastifyInstance } from 'fastify';
import { MalformedPayloadError, type Platform } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { errorBody } from '../../platform/http/error-handler.ts';
import { webhookCounter } from '../ops/metrics.ts';
import { createDeliveryIntake } from './raw-delivery.repository.ts';

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Platform webhooks. Not behind staff auth: the platform proves itself with its signature on the
 * raw body, checked before anything is parsed or stored. Order of checks: size (413), signature
 * (401), JSON (400); each failure stores nothing. 200 only after the raw delivery is committed.
 */
export async function registerWebhookRoutes(app: FastifyInstance, deps: AppDeps) {
  // Read through deps at each call: the ingest worker is attached after the routes.
  const intake = createDeliveryIntake(deps.database, (ids) => deps.wakeIngest(ids));
  await app.register(async (scope) => {
    // Keep the exact bytes: signatures are computed on them, never on re-serialised JSON.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => done(null, body));

    scope.get<{ Params: { platform: string }; Querystring: Record<string, string | undefined> }>(
      '/webhooks/:platform',
      { config: { rateLimit: { max: 600, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const connector = deps.connectors.get(request.params.platform as Platform);
        if (!connector) return reply.status(404).send(errorBody('unknown_platform', 'Plateforme inconnue.'));
        const result = connector.handshake(request.query);
        return reply.status(result.status).type(result.contentType).send(result.body);
      },
    );

    scope.post<{ Params: { platform: string } }>(
      '/webhooks/:platform',
      { bodyLimit: WEBHOOK_BODY_LIMIT, config: { rateLimit: { max: 120_000, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const platform = request.params.platform as Platform;
        const connector = deps.connectors.get(platform);
        if (!connector) return reply.status(404).send(errorBody('unknown_platform', 'Plateforme inconnue.'));
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        if (!connector.verify({ rawBody, headers: request.headers })) {
          webhookCounter.inc({ platform, outcome: 'bad_signature' });
          return reply.status(401).send(errorBody('bad_signature', 'Signature absente ou invalide.'));
        }
        try {
          connector.parse(rawBody);
        } catch (error) {
          if (!(error instanceof MalformedPayloadError)) throw error;
          webhookCounter.inc({ platform, outcome: 'malformed' });
          return reply.status(400).send(errorBody('malformed_payload', 'Contenu illisible : JSON invalide ou forme inattendue.'));
        }
        const stored = await intake.store(platform, rawBody);
        webhookCounter.inc({ platform, outcome: stored ? 'stored' : 'replay' });
        return reply.status(200).send({ received: true });
      },
    );
  });
}
