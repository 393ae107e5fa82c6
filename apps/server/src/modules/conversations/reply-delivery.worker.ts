import { sql } from 'kysely';
import { DeliveryError } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { recordChannelError } from '../channels/channel.service.ts';
import { deliveryCounter } from '../ops/metrics.ts';
import { platformOfChannel } from './conversation.service.ts';

export const MAX_DELIVERY_ATTEMPTS = 6;
/** How long a claimed reply is reserved for the worker that claimed it. */
const LEASE_MS = 60_000;
/**
 * Replies claimed per pass, posted concurrently: enough that a wave of acknowledgements costs a
 * few passes, few enough to stay a polite client of one platform.
 */
const DELIVERY_BATCH = 25;

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 5 * 60_000 };

/** Exponential backoff with full jitter; a platform's Retry-After wins when it asks for longer. */
export function nextDelayMs(attempt: number, policy: RetryPolicy, retryAfterMs: number | null, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * Posts queued replies through the platform's client. A reply is claimed with a lease in a
 * short transaction and the platform call happens outside any transaction (on PGlite a
 * transaction holds the only connection). Each outcome is written back with an event so the
 * thread shows sending → sent, or retrying → failed.
 */
export function createReplyDeliveryWorker(deps: AppDeps, policy: RetryPolicy = DEFAULT_RETRY): WorkLoop {
  const outcomes = createOutcomeWriter(deps);
  return createWorkLoop(
    'delivery',
    deps.logger,
    async () => {
      const claimed = await deps.database.db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('messages')
          .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
          .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
          .leftJoin('clients', 'clients.id', 'contacts.client_id')
          .leftJoin('staff_users', 'staff_users.id', 'messages.author_user_id')
          .select([
            'messages.id',
            'messages.body',
            'messages.visibility',
            'messages.reply_to_platform_id',
            'messages.idempotency_key',
            'messages.delivery_attempts',
            'messages.delivery_in_flight',
            'conversations.last_inbound_at',
            'conversations.id as conversation_id',
            'conversations.channel',
            'conversations.thread_key',
            'conversations.team_id',
            'conversations.bank_id',
            'contacts.platform_user_id',
            'clients.advisor_id',
            'staff_users.first_name as author_first_name',
          ])
          .where('messages.delivery_status', 'in', ['sending', 'retrying'])
          .where('messages.next_attempt_at', '<=', new Date())
          // A scheduled reply reaches "sending" through modules/scheduling when due, or earlier through
          // a four-eyes approval: an approved one still waits for its time.
          .where((eb) =>
            eb.or([
              eb('messages.scheduled_at', 'is', null),
              eb('messages.approval_state', 'is', null),
              eb('messages.scheduled_at', '<=', new Date()),
            ]),
          )
          .where('messages.scheduled_cancelled_at', 'is', null)
          .orderBy('messages.next_attempt_at')
          .limit(DELIVERY_BATCH)
          .forUpdate('messages')
          .skipLocked()
          .execute();
        if (rows.length) {
          await tx
            .updateTable('messages')
            .set((eb) => ({
              next_attempt_at: new Date(Date.now() + LEASE_MS),
              delivery_attempts: eb('delivery_attempts', '+', 1),
              delivery_in_flight: true,
            }))
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .execute();
        }
        return rows;
      });
      await Promise.all(claimed.map(async (row) => outcomes.write(await deliver(deps, policy, row))));
      return claimed.length;
    },
    { batch: DELIVERY_BATCH },
  );
}

type Claimed = {
  id: string;
  body: string;
  visibility: 'public' | 'private' | 'internal';
  reply_to_platform_id: string | null;
  idempotency_key: string | null;
  delivery_attempts: number;
  delivery_in_flight: boolean;
  last_inbound_at: Date | null;
  conversation_id: string;
  channel: string;
  thread_key: string;
  team_id: string;
  bank_id: string;
  platform_user_id: string;
  advisor_id: string | null;
  author_first_name: string | null;
};

async function deliver(deps: AppDeps, policy: RetryPolicy, row: Claimed): Promise<Outcome> {
  const platform = platformOfChannel(row.channel);
  const connector = deps.connectors.get(platform);
  const attempt = row.delivery_attempts + 1;
  let update: Outcome['update'];
  try {
    if (!connector) throw new DeliveryError('rejected', "Ce canal n'est pas connecté.");
    const reply = {
      channel: row.channel as never,
      mode: row.visibility === 'public' ? ('public' as const) : ('private' as const),
      threadKey: row.thread_key,
      replyToPlatformId: row.reply_to_platform_id,
      recipientPlatformUserId: row.platform_user_id,
      body: row.body,
      idempotencyKey: row.idempotency_key ?? row.id,
      lastInboundAt: row.last_inbound_at,
      author: row.author_first_name ? { firstName: row.author_first_name } : null,
    };
    // Still in flight from an earlier claim: that process died between the platform call and
    // its commit. Ask the platform before posting again, so the reply never appears twice.
    const already = row.delivery_in_flight && connector.findSent ? await connector.findSent(reply) : null;
    const result = already ?? (await connector.send(reply));
    update = { delivery_status: 'sent', delivery_error: null, next_attempt_at: null, platform_message_id: result.platformMessageId };
    deliveryCounter.inc({ platform, outcome: 'sent' });
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError('network', (error as Error).message);
    const giveUp = !failure.retryable || attempt >= MAX_DELIVERY_ATTEMPTS;
    update = giveUp
      ? { delivery_status: 'failed', delivery_error: failure.message.slice(0, 300), next_attempt_at: null }
      : {
          delivery_status: 'retrying',
          delivery_error: failure.message.slice(0, 300),
          next_attempt_at: new Date(Date.now() + nextDelayMs(attempt, policy, failure.retryAfterMs)),
        };
    deliveryCounter.inc({ platform, outcome: giveUp ? 'failed' : 'retrying' });
    deps.logger.warn({ messageId: row.id, platform, kind: failure.kind, attempt }, 'reply delivery failed');
  }
  return { row, platform, update };
}

interface Outcome {
  row: Claimed;
  platform: string;
  update: {
    delivery_status: 'sent' | 'retrying' | 'failed';
    delivery_error: string | null;
    next_attempt_at: Date | null;
    platform_message_id?: string;
  };
}

/**
 * Writes delivery outcomes as they come, with a `message.updated` event each. Outcomes that
 * arrive while a write is in flight share the next transaction (group commit): one reply alone
 * is written at once, a burst (out-of-hours acknowledgements) costs a few statements per batch
 * instead of four per reply.
 */
function createOutcomeWriter(deps: AppDeps): { write(outcome: Outcome): Promise<void> } {
  let queue: { outcome: Outcome; resolve(): void; reject(error: unknown): void }[] = [];
  let writing = false;

  async function flush() {
    writing = true;
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        try {
          await writeOutcomes(
            deps,
            batch.map((b) => b.outcome),
          );
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
        deps.wakeOutbox();
        for (const { outcome } of batch) {
          // A retry due soon must not wait for the idle poll.
          const { update } = outcome;
          if (update.delivery_status === 'retrying' && update.next_attempt_at) scheduleWake(deps, update.next_attempt_at);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    write(outcome) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ outcome, resolve, reject });
        if (!writing) void flush();
      });
    },
  };
}

async function writeOutcomes(deps: AppDeps, outcomes: Outcome[]) {
  await deps.database.db.transaction().execute(async (tx) => {
    const values = (pick: (o: Outcome) => string | null) => outcomes.map(pick);
    // One statement for every outcome of the batch (unnest keeps it to five parameters).
    await sql`
      update messages set
        delivery_status = v.status,
        delivery_error = v.error,
        next_attempt_at = v.next_attempt_at::timestamptz,
        platform_message_id = coalesce(v.platform_message_id, messages.platform_message_id),
        delivery_in_flight = false
      from unnest(
        ${values((o) => o.row.id)}::uuid[],
        ${values((o) => o.update.delivery_status)}::text[],
        ${values((o) => o.update.delivery_error)}::text[],
        ${values((o) => o.update.next_attempt_at?.toISOString() ?? null)}::text[],
        ${values((o) => o.update.platform_message_id ?? null)}::text[]
      ) as v(id, status, error, next_attempt_at, platform_message_id)
      where messages.id = v.id`.execute(tx);
    for (const { row, platform, update } of outcomes) {
      if (update.delivery_status !== 'sent') await recordChannelError(tx, row.bank_id, platform, update.delivery_error ?? 'Échec d’envoi');
    }
    await enqueueEvents(
      tx,
      outcomes.map(({ row }) => ({
        type: 'message.updated' as const,
        bankId: row.bank_id,
        conversationId: row.conversation_id,
        teamId: row.team_id,
        advisorId: row.advisor_id,
        messageId: row.id,
        at: new Date().toISOString(),
      })),
      deps.database.kind,
    );
  });
}

function scheduleWake(deps: AppDeps, at: Date) {
  const timer = setTimeout(deps.wakeDelivery, Math.max(0, at.getTime() - Date.now()) + 5);
  timer.unref?.();
}
