import { randomUUID } from 'node:crypto';
import type { Channel } from '@agora/contracts/common.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql, type Transaction } from 'kysely';
import { PLATFORM_OF_CHANNEL } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { isOpen, nextOpening } from './business-clock.ts';
import { type SlaDB, type SlaPause, withSla } from './sla.tables.ts';
import { acknowledgementText } from './sla-acknowledgement.ts';
import { calendarOfTeam } from './sla-calendar.service.ts';
import { type ClockMessage, runClock, walkResponses } from './sla-clock.ts';
import { policyFor } from './sla-policy.service.ts';

/** An inbound message older than this gets no acknowledgement: backfills and the demo seed are history. */
const ACK_MAX_AGE_MS = 5 * 60_000;
/**
 * Review answers are public and permanent: an "we'll answer Monday" there would stay forever. A
 * forum topic too, and it would count as the answer that keeps members helping each other.
 */
const NO_ACK_CHANNELS = new Set(['trustpilot', 'google_play', 'app_store', 'forum']);

/**
 * Calendars and policies read during one pass of the worker, shared by the conversations it
 * syncs: a burst of new conversations reads each team's calendar once, not once each.
 */
export interface SlaSettingsMemo {
  calendars: Map<string, ReturnType<typeof calendarOfTeam>>;
  policies: Map<string, ReturnType<typeof policyFor>>;
}
export const newSlaSettingsMemo = (): SlaSettingsMemo => ({ calendars: new Map(), policies: new Map() });

export interface SlaService {
  /** Recomputes a conversation's clock from its messages and status; idempotent. */
  sync(conversationId: string, memo?: SlaSettingsMemo): Promise<void>;
  /** Marks warnings and breaches that are due, once each; returns how many it marked. */
  checkDue(limit?: number): Promise<number>;
}

type SlaDeps = Pick<AppDeps, 'database' | 'bankId' | 'connectors' | 'logger'> & Partial<Pick<AppDeps, 'wakeOutbox' | 'wakeDelivery'>>;

function remember<T>(memo: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let known = memo.get(key);
  if (!known) {
    // A failed read is not remembered: the next conversation of the pass reads again.
    known = read().catch((error: unknown) => {
      memo.delete(key);
      throw error;
    });
    memo.set(key, known);
  }
  return known;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const parsePauses = (v: unknown): SlaPause[] => (typeof v === 'string' ? JSON.parse(v) : ((v as SlaPause[] | null) ?? []));
const eventOf = (
  type: BusEvent['type'],
  c: { id: string; team_id: string; advisor_id: string | null },
  bankId: string,
  messageId: string | null,
  at: Date,
): BusEvent => ({
  type,
  bankId,
  conversationId: c.id,
  teamId: c.team_id,
  advisorId: c.advisor_id,
  messageId,
  at: at.toISOString(),
});

/** `now` is injectable so tests move time instead of sleeping. */
export function createSlaService(deps: SlaDeps, now: () => Date = () => new Date()): SlaService {
  const db = withSla(deps.database.db);

  async function sync(conversationId: string, memo: SlaSettingsMemo = newSlaSettingsMemo()) {
    let wake = false;
    await db.transaction().execute(async (tx) => {
      // The conversation's row lock serialises two workers syncing the same conversation.
      const conv = await tx
        .selectFrom('conversations')
        .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .leftJoin('clients', 'clients.id', 'contacts.client_id')
        .select([
          'conversations.id',
          'conversations.team_id',
          'conversations.channel',
          'conversations.kind',
          'conversations.status',
          'conversations.urgency',
          'conversations.last_inbound_at',
          'clients.advisor_id',
        ])
        .where('conversations.bank_id', '=', deps.bankId)
        .where('conversations.id', '=', conversationId)
        .forUpdate('conversations')
        .executeTakeFirst();
      if (!conv) return;
      const messages = await tx
        .selectFrom('messages')
        .select(['id', 'direction', 'created_at', 'insult', 'author_user_id', 'language', 'platform_message_id', 'reply_to_platform_id'])
        .where('bank_id', '=', deps.bankId)
        .where('conversation_id', '=', conversationId)
        .where('direction', 'in', ['inbound', 'outbound'])
        // Send later (modules/scheduling): a reply still held or cancelled has answered nobody yet;
        // once released it answers at its scheduled time.
        .where('scheduled_cancelled_at', 'is', null)
        .where((eb) => eb.or([eb('scheduled_at', 'is', null), eb('delivery_status', 'is not', null)]))
        .select((eb) => eb.fn.coalesce('scheduled_at', 'created_at').as('answered_at'))
        .orderBy((eb) => eb.fn.coalesce('scheduled_at', 'created_at'))
        .execute();
      const inbound = messages.filter((m) => m.direction === 'inbound');
      if (inbound.length === 0) return;
      const existing = await tx.selectFrom('conversation_sla').selectAll().where('conversation_id', '=', conversationId).executeTakeFirst();
      const t = now();
      const walk = walkResponses(
        messages.map(
          (m): ClockMessage => ({
            direction: m.direction as 'inbound' | 'outbound',
            at: m.answered_at,
            insult: m.insult,
            byStaff: m.author_user_id !== null,
          }),
        ),
      );

      if (!walk.startedAt) {
        // Every message so far is an insult: no promise to keep (rule 3).
        const values = { applicable: false, not_applicable_reason: 'insult', started_at: inbound[0]!.created_at, updated_at: t };
        await tx
          .insertInto('conversation_sla')
          .values({ conversation_id: conversationId, bank_id: deps.bankId, ...values })
          .onConflict((oc) => oc.column('conversation_id').doUpdateSet(values))
          .execute();
        if (!existing || existing.applicable)
          await enqueueEvents(
            tx as unknown as Transaction<DB>,
            [eventOf('conversation.updated', conv, deps.bankId, null, t)],
            deps.database.kind,
          );
        return;
      }

      const calendar = await remember(memo.calendars, conv.team_id, () => calendarOfTeam(tx, deps.bankId, conv.team_id));
      const policy = await remember(memo.policies, `${conv.channel}\u0000${conv.urgency ?? ''}`, () =>
        policyFor(tx, deps.bankId, conv.channel, conv.urgency),
      );

      // Waiting on the client ('pending') pauses every clock; any other status resumes them.
      const pauses = parsePauses(existing?.pauses);
      const openPause = pauses.find((p) => p.to === null);
      if (conv.status === 'pending' && !openPause) pauses.push({ from: t.toISOString(), to: null });
      if (conv.status !== 'pending' && openPause) openPause.to = t.toISOString();

      // Resolution: met when resolved; a conversation reopened by a new message starts a new one.
      let resolutionMetAt = existing?.resolution_met_at ?? null;
      let resolutionSince = existing?.resolution_since ?? walk.startedAt;
      if (conv.status === 'resolved' && !resolutionMetAt) resolutionMetAt = t;
      if (conv.status !== 'resolved' && resolutionMetAt) {
        resolutionSince = inbound.find((m) => !m.insult && m.created_at > resolutionMetAt!)?.created_at ?? t;
        resolutionMetAt = null;
      }
      const owed = conv.status === 'resolved' ? null : walk.owed;
      const responseMinutes = owed ? (owed.kind === 'first' ? policy.firstResponseMinutes : policy.nextResponseMinutes) : null;
      const response = owed ? runClock(owed.since, responseMinutes!, pauses, calendar) : null;
      const resolution = resolutionMetAt ? null : runClock(resolutionSince, policy.resolutionMinutes, pauses, calendar);
      const firstDue = runClock(walk.startedAt, policy.firstResponseMinutes, pauses, calendar);

      const newResponseTarget =
        iso(owed?.since) !== iso(existing?.response_since) || (owed?.kind ?? null) !== (existing?.response_kind ?? null);
      const newResolutionTarget =
        iso(resolutionSince) !== iso(existing?.resolution_since) || (resolutionMetAt === null) !== (existing?.resolution_met_at == null);
      const paused = response?.paused ? response : resolution?.paused ? resolution : null;
      const values = {
        applicable: true,
        not_applicable_reason: null,
        started_at: walk.startedAt,
        response_kind: owed?.kind ?? null,
        response_since: owed?.since ?? null,
        response_minutes: responseMinutes,
        response_warn_at: response && !response.paused ? response.warnAt : null,
        response_due_at: response && !response.paused ? response.dueAt : null,
        response_warned_at: newResponseTarget ? null : (existing?.response_warned_at ?? null),
        response_breached_at: newResponseTarget ? null : (existing?.response_breached_at ?? null),
        first_response_due_at: firstDue.paused ? (existing?.first_response_due_at ?? null) : firstDue.dueAt,
        first_response_met_at: walk.firstResponseMetAt,
        last_response_met_at: walk.lastResponseMetAt,
        resolution_since: resolutionSince,
        resolution_minutes: policy.resolutionMinutes,
        resolution_warn_at: resolution && !resolution.paused ? resolution.warnAt : null,
        resolution_due_at: resolution && !resolution.paused ? resolution.dueAt : null,
        resolution_warned_at: newResolutionTarget ? null : (existing?.resolution_warned_at ?? null),
        resolution_breached_at: newResolutionTarget ? null : (existing?.resolution_breached_at ?? null),
        resolution_met_at: resolutionMetAt,
        pauses: JSON.stringify(pauses),
        paused_at: pauses.find((p) => p.to === null)?.from ?? null,
        paused_remaining_minutes: paused?.paused ? paused.remainingMinutes : null,
        updated_at: t,
      };
      await tx
        .insertInto('conversation_sla')
        .values({ conversation_id: conversationId, bank_id: deps.bankId, ...values })
        .onConflict((oc) => oc.column('conversation_id').doUpdateSet(values))
        .execute();
      const events: BusEvent[] = [];
      // The inbox shows the clock: tell screens when it changes shape (not on every recompute,
      // which would loop through our own subscription).
      if (
        !existing ||
        newResponseTarget ||
        newResolutionTarget ||
        iso(existing.paused_at) !== iso(values.paused_at ? new Date(values.paused_at) : null)
      ) {
        events.push(eventOf('conversation.updated', conv, deps.bankId, null, t));
      }

      const ack = await acknowledgeOutOfHours(tx, conv, inbound, existing?.acknowledged_for ?? null, calendar, t);
      if (ack) {
        events.push(eventOf('message.created', conv, deps.bankId, ack, t));
        wake = true;
      }
      await enqueueEvents(tx as unknown as Transaction<DB>, events, deps.database.kind);
    });
    deps.wakeOutbox?.();
    if (wake) deps.wakeDelivery?.();
  }

  /**
   * One acknowledgement per conversation and closure period, for a message that arrived while
   * closed, only if it is fresh, not an insult, and the channel lets us answer. The idempotency
   * key (conversation + announced opening) makes a second one impossible even across workers.
   */
  async function acknowledgeOutOfHours(
    tx: Transaction<SlaDB>,
    conv: { id: string; channel: string; kind: 'public' | 'private'; last_inbound_at: Date | null },
    inbound: {
      id: string;
      created_at: Date;
      insult: boolean;
      language: string | null;
      platform_message_id: string | null;
      reply_to_platform_id: string | null;
    }[],
    acknowledgedFor: Date | null,
    calendar: Awaited<ReturnType<typeof calendarOfTeam>>,
    t: Date,
  ): Promise<string | null> {
    const last = inbound.at(-1)!;
    if (last.insult || t.getTime() - last.created_at.getTime() > ACK_MAX_AGE_MS || NO_ACK_CHANNELS.has(conv.channel)) return null;
    if (isOpen(last.created_at, calendar)) return null;
    const opening = nextOpening(last.created_at, calendar);
    if (acknowledgedFor && acknowledgedFor.getTime() === opening.getTime()) return null;
    const connector = deps.connectors.get(PLATFORM_OF_CHANNEL[conv.channel as Channel]);
    if (!connector) return null;
    const options = connector.replyOptions(conv.channel as Channel, {
      conversationKind: conv.kind,
      lastInboundAt: conv.last_inbound_at,
      now: t,
    });
    const mode = options.modes.includes(conv.kind) ? conv.kind : options.modes[0];
    if (!mode) return null;
    const body = acknowledgementText(last.created_at, opening, calendar, last.language);
    if (body.length > options.maxLength) return null;
    const messageId = randomUUID();
    const inserted = await (tx as unknown as Transaction<DB>)
      .insertInto('messages')
      .values({
        id: messageId,
        bank_id: deps.bankId,
        conversation_id: conv.id,
        direction: 'outbound',
        visibility: mode,
        reply_to_platform_id: last.reply_to_platform_id ?? last.platform_message_id ?? null,
        author_user_id: null,
        body,
        attachments: '[]',
        search_vector: frenchSearchVector(body),
        created_at: t,
        delivery_status: 'sending',
        next_attempt_at: t,
        idempotency_key: `sla-ack-${conv.id}-${opening.toISOString()}`,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning(['id'])
      .executeTakeFirst();
    await tx.updateTable('conversation_sla').set({ acknowledged_for: opening }).where('conversation_id', '=', conv.id).execute();
    if (!inserted) return null;
    // The list keeps showing what the person wrote: an automatic acknowledgement is not news.
    return messageId;
  }

  async function checkDue(limit = 100): Promise<number> {
    const t = now();
    return db
      .transaction()
      .execute(async (tx) => {
        const rows = await tx
          .selectFrom('conversation_sla')
          .innerJoin('conversations', 'conversations.id', 'conversation_sla.conversation_id')
          .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
          .leftJoin('clients', 'clients.id', 'contacts.client_id')
          .select([
            'conversations.id',
            'conversations.team_id',
            'clients.advisor_id',
            'conversation_sla.response_kind',
            'conversation_sla.response_warn_at',
            'conversation_sla.response_due_at',
            'conversation_sla.response_warned_at',
            'conversation_sla.response_breached_at',
            'conversation_sla.resolution_warn_at',
            'conversation_sla.resolution_due_at',
            'conversation_sla.resolution_warned_at',
            'conversation_sla.resolution_breached_at',
          ])
          .where('conversation_sla.bank_id', '=', deps.bankId)
          .where('conversation_sla.applicable', '=', true)
          .where('conversation_sla.paused_at', 'is', null)
          .where((eb) =>
            eb.or([
              eb.and([
                eb('conversation_sla.response_breached_at', 'is', null),
                eb('conversation_sla.response_warn_at', '<=', t),
                eb('conversation_sla.response_warned_at', 'is', null),
              ]),
              eb.and([eb('conversation_sla.response_breached_at', 'is', null), eb('conversation_sla.response_due_at', '<=', t)]),
              eb.and([
                eb('conversation_sla.resolution_breached_at', 'is', null),
                eb('conversation_sla.resolution_warn_at', '<=', t),
                eb('conversation_sla.resolution_warned_at', 'is', null),
              ]),
              eb.and([eb('conversation_sla.resolution_breached_at', 'is', null), eb('conversation_sla.resolution_due_at', '<=', t)]),
            ]),
          )
          .limit(limit)
          .forUpdate('conversation_sla')
          .skipLocked()
          .execute();
        const events: BusEvent[] = [];
        let marked = 0;
        for (const r of rows) {
          const targets = [
            {
              target: r.response_kind,
              warnAt: r.response_warn_at,
              dueAt: r.response_due_at,
              warned: r.response_warned_at,
              breached: r.response_breached_at,
              prefix: 'response' as const,
            },
            {
              target: 'resolution' as const,
              warnAt: r.resolution_warn_at,
              dueAt: r.resolution_due_at,
              warned: r.resolution_warned_at,
              breached: r.resolution_breached_at,
              prefix: 'resolution' as const,
            },
          ];
          for (const x of targets) {
            if (!x.target || !x.dueAt || x.breached) continue;
            // A breach found late (a restart, the demo's history) is one breach, not a warning and a breach.
            const level = x.dueAt <= t ? 'breach' : x.warnAt && x.warnAt <= t && !x.warned ? 'warning' : null;
            if (!level) continue;
            const set =
              level === 'breach'
                ? { [`${x.prefix}_breached_at`]: t, [`${x.prefix}_warned_at`]: x.warned ?? t }
                : { [`${x.prefix}_warned_at`]: t };
            await tx.updateTable('conversation_sla').set(set).where('conversation_id', '=', r.id).execute();
            await tx
              .insertInto('sla_escalations')
              .values({
                id: randomUUID(),
                bank_id: deps.bankId,
                conversation_id: r.id,
                team_id: r.team_id,
                target: x.target,
                level,
                due_at: x.dueAt,
                created_at: t,
              })
              .onConflict((oc) => oc.columns(['conversation_id', 'target', 'level', 'due_at']).doNothing())
              .execute();
            if (level === 'breach') {
              await appendAudit(tx as unknown as Transaction<DB>, {
                bankId: deps.bankId,
                actorId: null,
                actorLabel: 'Agora (SLA)',
                action: 'sla.breached',
                targetType: 'conversation',
                targetId: r.id,
                details: { target: x.target, dueAt: x.dueAt.toISOString() },
              });
            }
            events.push(eventOf(level === 'breach' ? 'sla.breached' : 'sla.warning', r, deps.bankId, null, t));
            marked++;
          }
        }
        await enqueueEvents(tx as unknown as Transaction<DB>, events, deps.database.kind);
        return marked;
      })
      .then((marked) => {
        if (marked > 0) deps.wakeOutbox?.();
        return marked;
      });
  }

  return { sync, checkDue };
}
