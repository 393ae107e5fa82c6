import type { Channel } from '@agora/contracts/common.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql } from 'kysely';
import { DeliveryError, type Platform, type PlatformProfile, type ProfileLookup } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { holdEvents, NOTHING_HELD, publishAfterCommit } from '../../platform/outbox/outbox.ts';
import { createWorkLoop, sideWorkGate, type WorkLoop } from '../../platform/work-loop.ts';

/** After this many failed lookups the bare id stays: a name is a comfort, not worth hammering Meta. */
export const MAX_PROFILE_ATTEMPTS = 5;
/** A claimed lookup is reserved this long for the worker that claimed it. */
const LEASE_MS = 60_000;
/** Contacts looked up together: one platform call per channel (a Graph batch holds 50) and one commit. */
const CLAIM_BATCH = 50;
/** Between two full passes: a wave of new senders is named over seconds, beside the messages. */
const PACE_MS = 100;

export interface ProfileRetryPolicy {
  baseMs: number;
  maxMs: number;
}
export const DEFAULT_PROFILE_RETRY: ProfileRetryPolicy = { baseMs: 5_000, maxMs: 30 * 60_000 };

type Claimed = { id: string; bank_id: string; platform: string; platform_user_id: string; profile_attempts: number; channel: string };

/**
 * Fills in the names of people known only by a platform id (Messenger PSID, Instagram IGSID):
 * claims a batch of contacts in a short transaction, asks the platform outside any transaction (one
 * batch call per platform and channel rather than a request per person), then commits the profiles
 * together with a `conversation.updated` event per conversation so open screens refresh. Failures
 * retry with backoff and jitter; after MAX_PROFILE_ATTEMPTS it gives up.
 * It is not woken by ingest: its idle poll (a second) is short enough for a name to appear.
 */
export function createContactProfileWorker(deps: AppDeps, policy: ProfileRetryPolicy = DEFAULT_PROFILE_RETRY): WorkLoop {
  // Its statements take their turn with the other side work; its wait on the platform does not.
  const gate = sideWorkGate(deps);
  const pass = async () => {
    // Claimed and leased in one statement (no transaction around a select and an update): the
    // worker runs a pass every tenth of a second while a wave of new senders lasts.
    const now = new Date();
    const { rows } = await gate.run(() =>
      sql<Claimed>`
      update contacts set profile_next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}, profile_attempts = contacts.profile_attempts + 1
      from (
        select c.id, (
          select v.channel from conversations v where v.contact_id = c.id and v.kind = 'private'
          order by v.last_message_at desc limit 1) as channel
        from contacts c
        where c.profile_fetched_at is null and c.display_name = c.platform_user_id and c.profile_attempts < ${MAX_PROFILE_ATTEMPTS}
          and (c.profile_next_attempt_at is null or c.profile_next_attempt_at <= ${now})
          -- Only people who wrote privately: their DM carried no name, and they consented to the lookup.
          and exists (select 1 from conversations v where v.contact_id = c.id and v.kind = 'private')
        limit ${CLAIM_BATCH}
        for update of c skip locked
      ) picked
      where contacts.id = picked.id
      returning contacts.id, contacts.bank_id, contacts.platform, contacts.platform_user_id,
        contacts.profile_attempts - 1 as profile_attempts, picked.channel`.execute(deps.database.db),
    );
    const taken = rows.length;
    const claimed = rows.filter((r) => r.channel !== null);
    const groups = new Map<string, Claimed[]>();
    for (const row of claimed) {
      const key = `${row.platform}:${row.channel}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const outcomes = (await Promise.all([...groups.values()].map((rows) => lookup(deps, policy, rows)))).flat();
    if (outcomes.length) await gate.run(() => commitProfiles(deps, outcomes));
    return taken;
  };
  // A pass that claimed fewer than a batch found the queue empty: no confirming pass right away.
  return createWorkLoop('contact-profiles', deps.logger, pass, {
    batch: CLAIM_BATCH,
    paceMs: PACE_MS,
    yieldTo: () => deps.hotPathBehind(),
  });
}

type LookupOutcome =
  | { row: Claimed; kind: 'retry'; retryAt: Date }
  | { row: Claimed; kind: 'none' }
  | { row: Claimed; kind: 'found'; profile: PlatformProfile };

/** Asks the platform for rows of one platform and channel in one call, outside any transaction; never throws. */
async function lookup(deps: AppDeps, policy: ProfileRetryPolicy, rows: Claimed[]): Promise<LookupOutcome[]> {
  const [first] = rows;
  if (!first) return [];
  const connector = deps.connectors.get(first.platform as Platform);
  let results: ProfileLookup[];
  try {
    results = connector?.lookupProfiles
      ? await connector.lookupProfiles(
          first.channel as Channel,
          rows.map((r) => r.platform_user_id),
        )
      : rows.map(() => null);
  } catch (error) {
    // The contract says it does not throw; if it does, every row fails alike.
    const failure = error instanceof DeliveryError ? error : new DeliveryError('network', (error as Error).message);
    results = rows.map(() => failure);
  }
  // A missing answer is asked again rather than taken for "no profile".
  const missing = new DeliveryError('server_error', 'Pas de réponse pour ce profil');
  return rows.map((row, i) => outcomeOf(deps, policy, row, results[i] === undefined ? missing : results[i]));
}

function outcomeOf(deps: AppDeps, policy: ProfileRetryPolicy, row: Claimed, result: ProfileLookup): LookupOutcome {
  if (!(result instanceof DeliveryError)) return result ? { row, kind: 'found', profile: result } : { row, kind: 'none' };
  const attempt = row.profile_attempts + 1;
  deps.logger.warn({ contactId: row.id, kind: result.kind, attempt }, 'profile lookup failed');
  // A refusal (no consent, blocked) will not change by asking again.
  if (result.retryable && attempt < MAX_PROFILE_ATTEMPTS)
    return { row, kind: 'retry', retryAt: new Date(Date.now() + backoffMs(attempt, policy, result.retryAfterMs)) };
  return { row, kind: 'none' };
}

/**
 * One transaction for the whole claim: the found names in one statement, then one event per
 * conversation of the renamed people, so a burst of new Messenger senders costs a few statements
 * rather than four per person.
 */
async function commitProfiles(deps: AppDeps, outcomes: LookupOutcome[]) {
  const found = outcomes.filter((o): o is Extract<LookupOutcome, { kind: 'found' }> => o.kind === 'found');
  const none = outcomes.filter((o) => o.kind === 'none').map((o) => o.row.id);
  const now = new Date();
  const renamed = await deps.database.db.transaction().execute(async (tx) => {
    for (const o of outcomes)
      if (o.kind === 'retry')
        await tx.updateTable('contacts').set({ profile_next_attempt_at: o.retryAt }).where('id', '=', o.row.id).execute();
    if (none.length)
      await tx.updateTable('contacts').set({ profile_fetched_at: now, profile_next_attempt_at: null }).where('id', 'in', none).execute();
    if (!found.length) return NOTHING_HELD;
    const column = (pick: (p: PlatformProfile) => string | null) => found.map((o) => pick(o.profile));
    // Names, the lookups spent, and the conversations to announce, in one statement.
    const { rows: conversations } = await sql<{ id: string; bank_id: string; team_id: string; advisor_id: string | null }>`
      with v as (
        select * from unnest(
          ${found.map((o) => o.row.id)}::uuid[], ${column((p) => p.displayName)}::text[], ${column((p) => p.handle)}::text[],
          ${column((p) => p.avatarUrl)}::text[], ${column((p) => p.profileUrl)}::text[]
        ) as v(id, display_name, handle, avatar_url, profile_url)
      ), named as (
        update contacts set
          display_name = v.display_name,
          handle = coalesce(v.handle, contacts.handle),
          avatar_url = coalesce(v.avatar_url, contacts.avatar_url),
          profile_url = coalesce(v.profile_url, contacts.profile_url),
          profile_fetched_at = ${now}, profile_next_attempt_at = null, updated_at = ${now}
        from v
        -- Someone (an agent, a later message) may have named them meanwhile: keep that name.
        where contacts.id = v.id and contacts.display_name = contacts.platform_user_id
        returning contacts.id
      ), spent as (
        -- The lookup was spent even where a name came meanwhile: do not ask again.
        update contacts set profile_fetched_at = ${now}, profile_next_attempt_at = null
        from v
        where contacts.id = v.id and contacts.profile_fetched_at is null and contacts.id not in (select id from named)
      )
      select conversations.id, conversations.bank_id, conversations.team_id, clients.advisor_id
      from conversations
      join named on named.id = conversations.contact_id
      join contacts on contacts.id = conversations.contact_id
      left join clients on clients.id = contacts.client_id`.execute(tx);
    if (!conversations.length) return NOTHING_HELD;
    const at = now.toISOString();
    const events: BusEvent[] = conversations.map((c) => ({
      type: 'conversation.updated',
      bankId: c.bank_id,
      conversationId: c.id,
      teamId: c.team_id,
      advisorId: c.advisor_id,
      messageId: null,
      at,
      change: 'contact',
    }));
    return holdEvents(tx, events);
  });
  // New names reach the inbox from this worker, once committed, without a dispatcher pass.
  await publishAfterCommit(deps, renamed, 'contact-profiles');
}

/** Exponential backoff with full jitter; the platform's Retry-After wins when longer. */
export function backoffMs(attempt: number, policy: ProfileRetryPolicy, retryAfterMs: number | null, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(Math.round(ceiling / 2 + random() * (ceiling / 2)), retryAfterMs ?? 0);
}
