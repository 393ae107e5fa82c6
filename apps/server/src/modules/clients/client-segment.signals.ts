import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import './client-360.tables.ts';

/** How many times a client used the bank's social side and its web side in the window. */
export interface SegmentCounts {
  clientId: string;
  social: number;
  web: number;
}

/**
 * One kind of channel use, counted for a batch of clients since `since`. Units are occasions (a
 * conversation, a day in the secure space, a secure thread, an appointment booked online), not
 * messages: a long chat is one occasion, like a single review.
 */
export type SegmentSignalSource = (deps: AppDeps, bankId: string, clientIds: readonly string[], since: Date) => Promise<SegmentCounts[]>;

/** Social networks and app-store or review platforms: the bank is met where the client already is. */
export const SOCIAL_CHANNELS = [
  'facebook',
  'messenger',
  'instagram',
  'instagram_dm',
  'x',
  'x_dm',
  'trustpilot',
  'google_play',
  'app_store',
];
/** The bank's own web: the live chat of its site (and its offline form). */
export const WEB_CHANNELS = ['live_chat'];

/** Conversations of the client's linked identities in which they wrote within the window. */
const conversationSignals: SegmentSignalSource = async (deps, bankId, clientIds, since) => {
  if (clientIds.length === 0) return [];
  const rows = await deps.database.db
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .select([
      'ct.client_id',
      sql<string>`count(*) filter (where c.channel in (${sql.join(SOCIAL_CHANNELS)}))`.as('social'),
      sql<string>`count(*) filter (where c.channel in (${sql.join(WEB_CHANNELS)}))`.as('web'),
    ])
    .where('c.bank_id', '=', bankId)
    .where('ct.client_id', 'in', clientIds)
    .where('c.last_inbound_at', '>=', since)
    .groupBy('ct.client_id')
    .execute();
  return rows.map((r) => ({ clientId: r.client_id as string, social: Number(r.social), web: Number(r.web) }));
};

/** Days the client signed in to the secure space. */
const spaceVisitSignals: SegmentSignalSource = async (deps, bankId, clientIds, since) => {
  if (clientIds.length === 0) return [];
  const rows = await deps.database.db
    .selectFrom('client_space_visits')
    .select(['client_id', sql<string>`count(*)`.as('days')])
    .where('bank_id', '=', bankId)
    .where('client_id', 'in', clientIds)
    .where('day', '>=', since.toISOString().slice(0, 10))
    .groupBy('client_id')
    .execute();
  return rows.map((r) => ({ clientId: r.client_id, social: 0, web: Number(r.days) }));
};

/**
 * What rule 12 counts, one line per kind of channel use. A module that brings a channel (secure
 * messages, appointments booked online…) writes a SegmentSignalSource over its own tables and adds
 * it here; to have a change recomputed soon, it publishes a bus event carrying `clientId` (or calls
 * markSegmentDirty in its transaction). Otherwise the daily sweep catches up.
 */
export const CLIENT_SEGMENT_SIGNALS: readonly SegmentSignalSource[] = [conversationSignals, spaceVisitSignals];
