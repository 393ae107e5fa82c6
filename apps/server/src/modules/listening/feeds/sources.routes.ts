import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CreatedWebhook,
  feedInputSchema,
  type ListeningFeed,
  type ListeningWebhook,
  webhookInputSchema,
} from '@agora/contracts/listening.schema.ts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { appendAudit } from '../../../platform/audit/audit.service.ts';
import { principalOf, requireStaff, type StaffPrincipal } from '../../../platform/auth/staff-principal.ts';
import { encryptForBank } from '../../../platform/crypto/envelope.ts';
import { feedNotFound, feedTaken, webhookNotFound, webhookTaken } from '../listening.errors.ts';
import { withListening } from '../listening.tables.ts';
import { LISTENING_EDITORS, LISTENING_READERS, WEBHOOK_ADMINS } from '../listening-roles.ts';

const uuid = /^[0-9a-f-]{36}$/i;
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
const actor = (p: StaffPrincipal) => ({ bankId: p.bankId, actorId: p.userId, actorLabel: `${p.displayName} (${p.role})` });

/** Feeds (news sites and blogs) and outgoing alert webhooks: the sources and sinks of listening. */
export async function registerSourceRoutes(app: FastifyInstance, deps: AppDeps, hooks: { onFeedAdded?: () => void } = {}) {
  const db = withListening(deps.database.db);
  const tags = ['listening'];

  app.get(
    '/api/listening/feeds',
    { preHandler: requireStaff(LISTENING_READERS), schema: { tags } },
    async (request): Promise<ListeningFeed[]> => {
      const rows = await db
        .selectFrom('listening_feeds')
        .select(['id', 'url', 'title', 'active', 'poll_seconds', 'last_polled_at', 'last_status', 'last_error', 'items_seen'])
        .where('bank_id', '=', principalOf(request).bankId)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        url: r.url,
        title: r.title,
        active: r.active,
        pollSeconds: r.poll_seconds,
        lastPolledAt: r.last_polled_at ? r.last_polled_at.toISOString() : null,
        lastStatus: r.last_status,
        lastError: r.last_error,
        itemsSeen: r.items_seen,
      }));
    },
  );

  app.post('/api/listening/feeds', { preHandler: requireStaff(LISTENING_EDITORS), schema: { tags } }, async (request, reply) => {
    const p = principalOf(request);
    const input = feedInputSchema.parse(request.body);
    const id = randomUUID();
    await deps.database.db
      .transaction()
      .execute(async (tx) => {
        await withListening(tx)
          .insertInto('listening_feeds')
          .values({ id, bank_id: p.bankId, url: input.url, title: input.title ?? null, poll_seconds: input.pollSeconds })
          .execute();
        await appendAudit(tx, {
          ...actor(p),
          action: 'listening.feed_added',
          targetType: 'listening_feed',
          targetId: id,
          details: { url: input.url },
        });
      })
      .catch((error) => {
        throw isUniqueViolation(error) ? feedTaken() : error;
      });
    hooks.onFeedAdded?.();
    reply.code(201);
    return { id };
  });

  app.delete<{ Params: { id: string } }>(
    '/api/listening/feeds/:id',
    { preHandler: requireStaff(LISTENING_EDITORS), schema: { tags } },
    async (request, reply) => {
      const p = principalOf(request);
      if (!uuid.test(request.params.id)) throw feedNotFound();
      await deps.database.db.transaction().execute(async (tx) => {
        const gone = await withListening(tx)
          .deleteFrom('listening_feeds')
          .where('bank_id', '=', p.bankId)
          .where('id', '=', request.params.id)
          .returning(['url'])
          .executeTakeFirst();
        if (!gone) throw feedNotFound();
        await appendAudit(tx, {
          ...actor(p),
          action: 'listening.feed_removed',
          targetType: 'listening_feed',
          targetId: request.params.id,
          details: { url: gone.url },
        });
      });
      reply.code(204);
    },
  );

  app.get(
    '/api/listening/webhooks',
    { preHandler: requireStaff(WEBHOOK_ADMINS), schema: { tags } },
    async (request): Promise<ListeningWebhook[]> => {
      const p = principalOf(request);
      const rows = await db
        .selectFrom('listening_webhooks as w')
        .select((eb) => [
          'w.id',
          'w.url',
          'w.active',
          'w.created_at',
          eb
            .selectFrom('listening_webhook_deliveries as d')
            .select(sql<string>`count(*)`.as('n'))
            .whereRef('d.webhook_id', '=', 'w.id')
            .where('d.status', '=', 'delivered')
            .as('delivered'),
          eb
            .selectFrom('listening_webhook_deliveries as d')
            .select(sql<string>`count(*)`.as('n'))
            .whereRef('d.webhook_id', '=', 'w.id')
            .where('d.status', '=', 'pending')
            .as('pending'),
          eb
            .selectFrom('listening_webhook_deliveries as d')
            .select(sql<string>`count(*)`.as('n'))
            .whereRef('d.webhook_id', '=', 'w.id')
            .where('d.status', '=', 'failed')
            .as('failed'),
          eb
            .selectFrom('listening_webhook_deliveries as d')
            .select('d.last_error')
            .whereRef('d.webhook_id', '=', 'w.id')
            .where('d.last_error', 'is not', null)
            .orderBy('d.created_at', 'desc')
            .limit(1)
            .as('last_error'),
        ])
        .where('w.bank_id', '=', p.bankId)
        .orderBy('w.created_at')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        url: r.url,
        active: r.active,
        createdAt: r.created_at.toISOString(),
        deliveries: {
          delivered: Number(r.delivered ?? 0),
          pending: Number(r.pending ?? 0),
          failed: Number(r.failed ?? 0),
          lastError: r.last_error ?? null,
        },
      }));
    },
  );

  app.post(
    '/api/listening/webhooks',
    { preHandler: requireStaff(WEBHOOK_ADMINS), schema: { tags } },
    async (request, reply): Promise<CreatedWebhook> => {
      const p = principalOf(request);
      const input = webhookInputSchema.parse(request.body);
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const id = randomUUID();
      const createdAt = new Date();
      await deps.database.db
        .transaction()
        .execute(async (tx) => {
          const secretEncrypted = await encryptForBank(deps, p.bankId, secret, tx);
          await withListening(tx)
            .insertInto('listening_webhooks')
            .values({
              id,
              bank_id: p.bankId,
              url: input.url,
              secret_encrypted: secretEncrypted,
              created_by: p.userId,
              created_at: createdAt,
            })
            .execute();
          // The URL is audited, never the secret.
          await appendAudit(tx, {
            ...actor(p),
            action: 'listening.webhook_added',
            targetType: 'listening_webhook',
            targetId: id,
            details: { url: input.url },
          });
        })
        .catch((error) => {
          throw isUniqueViolation(error) ? webhookTaken() : error;
        });
      reply.code(201);
      return {
        id,
        url: input.url,
        active: true,
        createdAt: createdAt.toISOString(),
        deliveries: { delivered: 0, pending: 0, failed: 0, lastError: null },
        secret,
      };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/listening/webhooks/:id',
    { preHandler: requireStaff(WEBHOOK_ADMINS), schema: { tags } },
    async (request, reply) => {
      const p = principalOf(request);
      if (!uuid.test(request.params.id)) throw webhookNotFound();
      await deps.database.db.transaction().execute(async (tx) => {
        const gone = await withListening(tx)
          .deleteFrom('listening_webhooks')
          .where('bank_id', '=', p.bankId)
          .where('id', '=', request.params.id)
          .returning(['url'])
          .executeTakeFirst();
        if (!gone) throw webhookNotFound();
        await appendAudit(tx, {
          ...actor(p),
          action: 'listening.webhook_removed',
          targetType: 'listening_webhook',
          targetId: request.params.id,
          details: { url: gone.url },
        });
      });
      reply.code(204);
    },
  );
}
