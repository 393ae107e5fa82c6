import type { Channel } from '@agora/contracts/common.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql } from 'kysely';
import { DeliveryError, type Platform, type PlatformProfile } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';

/** After this many failed lookups the bare id stays: a name is a comfort, not worth hammering Meta. */
export const MAX_PROFILE_ATTEMPTS = 5;
/** A claimed lookup is reserved this long for the worker that claimed it. */
const LEASE_MS = 60_000;

export interface ProfileRetryPolicy {
  baseMs: number;
  maxMs: number;
}
export const DEFAULT_PROFILE_RETRY: ProfileRetryPolicy = { baseMs: 5_000, maxMs: 30 * 60_000 };

type Claimed = { id: string; bank_id: string; platform: string; platform_user_id: string; profile_attempts: number; channel: string };

/**
 * Fills in the names of people known only by a platform id (Messenger PSID, Instagram IGSID):
 * claims a few contacts in a short transaction, asks the platform outside any transaction, then
 * commits the profile with a `conversation.updated` event per conversation so open screens
 * refresh. Failures retry with backoff and jitter; after MAX_PROFILE_ATTEMPTS it gives up.
 * It is not woken by ingest: its idle poll (a second) is short enough for a name to appear.
 */
export function createContactProfileWorker(deps: AppDeps, policy: ProfileRetryPolicy = DEFAULT_PROFILE_RETRY): WorkLoop {
  return createWorkLoop('contact-profiles', deps.logger, async () => {
    const claimed = await deps.database.db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('contacts')
        .select((eb) => [
          'contacts.id',
          'contacts.bank_id',
          'contacts.platform',
          'contacts.platform_user_id',
          'contacts.profile_attempts',
          eb
            .selectFrom('conversations')
            .select('conversations.channel')
            .whereRef('conversations.contact_id', '=', 'contacts.id')
            .where('conversations.kind', '=', 'private')
            .orderBy('conversations.last_message_at', 'desc')
            .limit(1)
            .as('channel'),
        ])
        .where('contacts.profile_fetched_at', 'is', null)
        .whereRef('contacts.display_name', '=', 'contacts.platform_user_id')
        .where('contacts.profile_attempts', '<', MAX_PROFILE_ATTEMPTS)
        .where((eb) =>
          eb.or([eb('contacts.profile_next_attempt_at', 'is', null), eb('contacts.profile_next_attempt_at', '<=', new Date())]),
        )
        // Only people who wrote privately: their DM carried no name, and they consented to the lookup.
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('conversations')
              .select(sql`1`.as('one'))
              .whereRef('conversations.contact_id', '=', 'contacts.id')
              .where('conversations.kind', '=', 'private'),
          ),
        )
        .limit(10)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length) {
        await tx
          .updateTable('contacts')
          .set((eb) => ({ profile_next_attempt_at: new Date(Date.now() + LEASE_MS), profile_attempts: eb('profile_attempts', '+', 1) }))
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      }
      return rows.filter((r): r is Claimed => r.channel !== null);
    });
    await Promise.all(claimed.map((row) => enrich(deps, policy, row)));
    return claimed.length;
  });
}

async function enrich(deps: AppDeps, policy: ProfileRetryPolicy, row: Claimed) {
  const connector = deps.connectors.get(row.platform as Platform);
  const attempt = row.profile_attempts + 1;
  let profile: PlatformProfile | null = null;
  let retryAt: Date | null = null;
  try {
    profile = connector?.lookupProfile ? await connector.lookupProfile(row.channel as Channel, row.platform_user_id) : null;
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError('network', (error as Error).message);
    // A refusal (no consent, blocked) will not change by asking again.
    if (failure.retryable && attempt < MAX_PROFILE_ATTEMPTS)
      retryAt = new Date(Date.now() + backoffMs(attempt, policy, failure.retryAfterMs));
    deps.logger.warn({ contactId: row.id, kind: failure.kind, attempt }, 'profile lookup failed');
  }

  await deps.database.db.transaction().execute(async (tx) => {
    if (retryAt) {
      await tx.updateTable('contacts').set({ profile_next_attempt_at: retryAt }).where('id', '=', row.id).execute();
      return;
    }
    if (!profile) {
      await tx
        .updateTable('contacts')
        .set({ profile_fetched_at: new Date(), profile_next_attempt_at: null })
        .where('id', '=', row.id)
        .execute();
      return;
    }
    await tx
      .updateTable('contacts')
      .set((eb) => ({
        display_name: profile.displayName,
        handle: eb.fn.coalesce(eb.val(profile.handle), eb.ref('handle')),
        avatar_url: eb.fn.coalesce(eb.val(profile.avatarUrl), eb.ref('avatar_url')),
        profile_url: eb.fn.coalesce(eb.val(profile.profileUrl), eb.ref('profile_url')),
        profile_fetched_at: new Date(),
        profile_next_attempt_at: null,
        updated_at: new Date(),
      }))
      .where('id', '=', row.id)
      // Someone (an agent, a later message) may have named them meanwhile: keep that name.
      .whereRef('display_name', '=', 'platform_user_id')
      .execute();
    const conversations = await tx
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .leftJoin('clients', 'clients.id', 'contacts.client_id')
      .select(['conversations.id', 'conversations.team_id', 'clients.advisor_id'])
      .where('conversations.contact_id', '=', row.id)
      .where('conversations.bank_id', '=', row.bank_id)
      .execute();
    const at = new Date().toISOString();
    const events: BusEvent[] = conversations.map((c) => ({
      type: 'conversation.updated',
      bankId: row.bank_id,
      conversationId: c.id,
      teamId: c.team_id,
      advisorId: c.advisor_id,
      messageId: null,
      at,
    }));
    await enqueueEvents(tx, events, deps.database.kind);
  });
  if (profile) deps.wakeOutbox();
}

/** Exponential backoff with full jitter; the platform's Retry-After wins when longer. */
export function backoffMs(attempt: number, policy: ProfileRetryPolicy, retryAfterMs: number | null, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(Math.round(ceiling / 2 + random() * (ceiling / 2)), retryAfterMs ?? 0);
}
