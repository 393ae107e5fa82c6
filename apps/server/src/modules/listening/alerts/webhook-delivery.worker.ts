import { sql } from 'kysely';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { decryptForBank } from '../../../platform/crypto/envelope.ts';
import { createWorkLoop, type WorkLoop } from '../../../platform/work-loop.ts';
import { withListening } from '../listening.tables.ts';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signing.ts';

export const WEBHOOK_MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;
const LEASE_MS = 60_000;

export interface WebhookRetryPolicy {
  baseMs: number;
  maxMs: number;
}
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = { baseMs: 30_000, maxMs: 6 * 3_600_000 };

/** Exponential backoff with jitter: 30 s, 1 min, 2 min… up to 6 h; the receiver's Retry-After wins when longer. */
export function webhookBackoffMs(attempt: number, policy: WebhookRetryPolicy, retryAfterMs: number | null, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(Math.round(ceiling / 2 + random() * (ceiling / 2)), retryAfterMs ?? 0);
}

/**
 * Delivers alert webhooks: claims due deliveries (SKIP LOCKED, with a lease), POSTs each signed
 * body, marks it delivered on a 2xx; otherwise retries with backoff until WEBHOOK_MAX_ATTEMPTS,
 * then marks it failed (shown on the sources screen). At least once: receivers dedupe on
 * `Agora-Event-Id`.
 */
export function createWebhookDeliveryWorker(deps: AppDeps, policy: WebhookRetryPolicy = DEFAULT_WEBHOOK_RETRY): WorkLoop {
  const db = withListening(deps.database.db);
  return createWorkLoop('listening-webhooks', deps.logger, async () => {
    const claimed = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('listening_webhook_deliveries as d')
        .innerJoin('listening_webhooks as w', 'w.id', 'd.webhook_id')
        .select(['d.id', 'd.event_id', 'd.payload', 'd.attempts', 'w.url', 'w.secret_encrypted', 'w.bank_id'])
        .where('d.bank_id', '=', deps.bankId)
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', new Date())
        .orderBy('d.next_attempt_at')
        .limit(10)
        .forUpdate(['d'])
        .skipLocked()
        .execute();
      if (rows.length)
        await tx
          .updateTable('listening_webhook_deliveries')
          .set({ next_attempt_at: new Date(Date.now() + LEASE_MS), attempts: sql`attempts + 1` })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      return rows;
    });
    await Promise.all(
      claimed.map(async (d) => {
        const attempt = d.attempts + 1;
        let status: number | null = null;
        let retryAfterMs: number | null = null;
        let error: string | null = null;
        try {
          const secret = await decryptForBank(deps, d.bank_id, d.secret_encrypted);
          const response = await fetch(d.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Agora-Webhooks/1',
              'agora-event': 'listening.alert.created',
              'agora-event-id': d.event_id,
              [SIGNATURE_HEADER]: signWebhook(secret, d.payload),
            },
            body: d.payload,
            redirect: 'manual',
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
          status = response.status;
          const retryAfter = Number(response.headers.get('retry-after'));
          retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null;
          await response.body?.cancel();
          if (response.ok) {
            await db
              .updateTable('listening_webhook_deliveries')
              .set({ status: 'delivered', delivered_at: new Date(), last_status: status, last_error: null })
              .where('id', '=', d.id)
              .execute();
            return;
          }
          error = `HTTP ${status}`;
        } catch (e) {
          error = String((e as Error).message).slice(0, 300);
        }
        const giveUp = attempt >= WEBHOOK_MAX_ATTEMPTS;
        deps.logger.warn({ deliveryId: d.id, attempt, status, giveUp }, 'alert webhook delivery failed');
        await db
          .updateTable('listening_webhook_deliveries')
          .set({
            status: giveUp ? 'failed' : 'pending',
            last_status: status,
            last_error: error,
            next_attempt_at: new Date(Date.now() + webhookBackoffMs(attempt, policy, retryAfterMs)),
          })
          .where('id', '=', d.id)
          .execute();
      }),
    );
    return claimed.length;
  });
}
