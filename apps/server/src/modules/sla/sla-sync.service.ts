import { randomUUID } from 'node:crypto';
import type { Channel } from '@agora/contracts/common.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql, type Transaction } from 'kysely';
import { PLATFORM_OF_CHANNEL } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { holdEvents, NOTHING_HELD, publishAfterCommit } from '../../platform/outbox/outbox.ts';
import { type BusinessCalendar, isOpen, nextOpening } from './business-clock.ts';
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

export type SlaSyncDeps = Pick<AppDeps, 'database' | 'bankId' | 'connectors' | 'logger' | 'bus'> &
  Partial<Pick<AppDeps, 'wakeOutbox' | 'wakeDelivery'>>;

export interface SyncOptions {
  /**
   * Leave conversations whose row another transaction holds (an ingest batch writing to them)
   * instead of waiting: the worker syncs them on a later pass. A batch that waited on rows while
   * holding others could deadlock with an ingest batch that takes them in another order.
   */
  skipLocked?: boolean;
}

export interface SlaSync {
  /**
   * Recomputes the clocks of these conversations from their messages and status, in one
   * transaction and a fixed number of statements whatever their number; idempotent. Returns the
   * ids left because they were locked (only with `skipLocked`).
   */
  syncMany(conversationIds: string[], memo?: SlaSettingsMemo, options?: SyncOptions): Promise<string[]>;
}

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
export const eventOf = (
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

/** The clock columns every full sync writes (an insult-only conversation writes fewer). */
const CLOCK_COLUMNS = [
  'applicable',
  'not_applicable_reason',
  'started_at',
  'response_kind',
  'response_since',
  'response_minutes',
  'response_warn_at',
  'response_due_at',
  'response_warned_at',
  'response_breached_at',
  'first_response_due_at',
  'first_response_met_at',
  'last_response_met_at',
  'resolution_since',
  'resolution_minutes',
  'resolution_warn_at',
  'resolution_due_at',
  'resolution_warned_at',
  'resolution_breached_at',
  'resolution_met_at',
  'pauses',
  'paused_at',
  'paused_remaining_minutes',
  'acknowledged_for',
  'updated_at',
] as const;
const INSULT_COLUMNS = ['applicable', 'not_applicable_reason', 'started_at', 'updated_at'] as const;

type Conv = {
  id: string;
  team_id: string;
  channel: string;
  kind: 'public' | 'private';
  status: string;
  urgency: string | null;
  last_inbound_at: Date | null;
  advisor_id: string | null;
};
type Inbound = {
  id: string;
  created_at: Date;
  insult: boolean;
  language: string | null;
  platform_message_id: string | null;
  reply_to_platform_id: string | null;
};
type AckPlan = { conversation: Conv; opening: Date; row: Record<string, unknown> & { id: string } };

/** `now` is injectable so tests move time instead of sleeping. */
export function createSlaSync(deps: SlaSyncDeps, now: () => Date = () => new Date()): SlaSync {
  const db = withSla(deps.database.db);

  async function syncMany(conversationIds: string[], memo = newSlaSettingsMemo(), options: SyncOptions = {}): Promise<string[]> {
    const ids = [...new Set(conversationIds)].sort();
    if (ids.length === 0) return [];
    let wake = false;
    let skipped: string[] = [];
    let held = NOTHING_HELD;
    await db.transaction().execute(async (tx) => {
      // The conversations' row locks serialise two workers syncing the same conversation; taken
      // in id order so that two batches never wait on each other in a circle.
      let lock = tx
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
        .where(sql<boolean>`conversations.id = any(${ids}::uuid[])`)
        .orderBy('conversations.id')
        .forUpdate('conversations');
      if (options.skipLocked) lock = lock.skipLocked();
      const conversations: Conv[] = await lock.execute();
      if (options.skipLocked) {
        const found = new Set(conversations.map((c) => c.id));
        // Missing rows are either locked or gone; a gone one comes back as nothing to do.
        const existing = new Set(
          found.size === ids.length
            ? []
            : (
                await tx
                  .selectFrom('conversations')
                  .select(['id'])
                  .where(
                    'id',
                    'in',
                    ids.filter((id) => !found.has(id)),
                  )
                  .execute()
              ).map((r) => r.id),
        );
        skipped = ids.filter((id) => existing.has(id));
      }
      if (conversations.length === 0) return;
      const locked = conversations.map((c) => c.id);
      const messageRows = await tx
        .selectFrom('messages')
        .select([
          'conversation_id',
          'id',
          'direction',
          'created_at',
          'insult',
          'author_user_id',
          'language',
          'platform_message_id',
          'reply_to_platform_id',
        ])
        .where('bank_id', '=', deps.bankId)
        .where(sql<boolean>`conversation_id = any(${locked}::uuid[])`)
        .where('direction', 'in', ['inbound', 'outbound'])
        // Send later (modules/scheduling): a reply still held or cancelled has answered nobody yet;
        // once released it answers at its scheduled time.
        .where('scheduled_cancelled_at', 'is', null)
        .where((eb) => eb.or([eb('scheduled_at', 'is', null), eb('delivery_status', 'is not', null)]))
        .select((eb) => eb.fn.coalesce('scheduled_at', 'created_at').as('answered_at'))
        .orderBy((eb) => eb.fn.coalesce('scheduled_at', 'created_at'))
        .execute();
      const messagesOf = new Map<string, typeof messageRows>();
      for (const m of messageRows) {
        const list = messagesOf.get(m.conversation_id);
        if (list) list.push(m);
        else messagesOf.set(m.conversation_id, [m]);
      }
      const existingRows = await tx
        .selectFrom('conversation_sla')
        .selectAll()
        .where(sql<boolean>`conversation_id = any(${locked}::uuid[])`)
        .execute();
      const existingOf = new Map(existingRows.map((r) => [r.conversation_id, r]));
      const t = now();

      const insultRows: Record<string, unknown>[] = [];
      const clockRows: Record<string, unknown>[] = [];
      const acks: AckPlan[] = [];
      const events: BusEvent[] = [];
      let computed = 0;
      for (const conv of conversations) {
        // Two hundred clocks are a long stretch of the event loop: let webhooks and ingest
        // passes through every 25 (the locks held meanwhile are on these conversations only).
        if (++computed % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
        const messages = messagesOf.get(conv.id) ?? [];
        const inbound = messages.filter((m) => m.direction === 'inbound');
        if (inbound.length === 0) continue;
        const existing = existingOf.get(conv.id);
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
          insultRows.push({
            conversation_id: conv.id,
            bank_id: deps.bankId,
            applicable: false,
            not_applicable_reason: 'insult',
            started_at: inbound[0]!.created_at,
            updated_at: t,
          });
          if (!existing || existing.applicable)
            events.push({ ...eventOf('conversation.updated', conv, deps.bankId, null, t), change: 'clock' });
          continue;
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
        const ack = planAcknowledgement(conv, inbound, existing?.acknowledged_for ?? null, calendar, t);
        const values = {
          conversation_id: conv.id,
          bank_id: deps.bankId,
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
          pauses,
          paused_at: pauses.find((p) => p.to === null)?.from ?? null,
          paused_remaining_minutes: paused?.paused ? paused.remainingMinutes : null,
          // Written with the clock: the row is ours while we hold the conversation's lock.
          acknowledged_for: ack ? ack.opening : (existing?.acknowledged_for ?? null),
          updated_at: t,
        };
        clockRows.push(values);
        // The inbox shows the clock: tell screens when it changes shape (not on every recompute,
        // which would loop through our own subscription).
        if (
          !existing ||
          newResponseTarget ||
          newResolutionTarget ||
          iso(existing.paused_at) !== iso(values.paused_at ? new Date(values.paused_at) : null)
        ) {
          events.push({ ...eventOf('conversation.updated', conv, deps.bankId, null, t), change: 'clock' });
        }
        if (ack) acks.push(ack);
      }

      if (insultRows.length) await upsertSla(tx, insultRows, INSULT_COLUMNS);
      if (clockRows.length) await upsertSla(tx, clockRows, CLOCK_COLUMNS);
      if (acks.length) {
        // The idempotency key (conversation + announced opening) makes a second one impossible even across workers.
        const inserted = new Set(
          (
            await (tx as unknown as Transaction<DB>)
              .insertInto('messages')
              .values(acks.map((a) => a.row as never))
              .onConflict((oc) => oc.column('idempotency_key').doNothing())
              .returning(['id'])
              .execute()
          ).map((r) => r.id),
        );
        for (const a of acks) {
          // The list keeps showing what the person wrote: an automatic acknowledgement is not news.
          if (!inserted.has(a.row.id)) continue;
          events.push(eventOf('message.created', a.conversation, deps.bankId, a.row.id, t));
          wake = true;
        }
      }
      // Published by this worker once committed (a new conversation's clock reaches the inbox
      // without a dispatcher pass); the dispatcher takes them only if that fails.
      held = await holdEvents(tx as unknown as Transaction<DB>, events);
    });
    await publishAfterCommit(deps, held, 'sla');
    if (wake) deps.wakeDelivery?.();
    return skipped;
  }

  /**
   * One acknowledgement per conversation and closure period, for a message that arrived while
   * closed, only if it is fresh, not an insult, and the channel lets us answer.
   */
  function planAcknowledgement(
    conv: Conv,
    inbound: Inbound[],
    acknowledgedFor: Date | null,
    calendar: BusinessCalendar,
    t: Date,
  ): AckPlan | null {
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
    return {
      conversation: conv,
      opening,
      row: {
        id: randomUUID(),
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
      },
    };
  }

  return { syncMany };
}

/**
 * One statement for many clocks: inserted when new, the given columns replaced otherwise. The rows
 * travel as one JSON parameter read with the table's own row type: two hundred clocks of
 * twenty-seven columns were 5,400 bound parameters for the query builder to compile and the
 * driver to serialise, in one stretch of the event loop that the hot path waited behind.
 */
async function upsertSla(tx: Transaction<SlaDB>, rows: Record<string, unknown>[], columns: readonly string[]) {
  const keys = Object.keys(rows[0] ?? {});
  const list = sql.join(keys.map((k) => sql.ref(k)));
  const updates = sql.join(columns.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
  await sql`
    insert into conversation_sla (${list})
    select ${list} from json_populate_recordset(null::conversation_sla, ${JSON.stringify(rows)}::json)
    on conflict (conversation_id) do update set ${updates}`.execute(tx);
}
