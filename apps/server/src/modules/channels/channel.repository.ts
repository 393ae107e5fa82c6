import { randomUUID } from 'node:crypto';
import type { ChannelPlatform } from '@agora/contracts/channels.schema.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';
import { DISPLAY_NAMES } from './channel-settings.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export const CHANNEL_COLUMNS = [
  'platform',
  'display_name',
  'status',
  'credentials_ciphertext',
  'credentials_hint',
  'last_event_at',
  'last_error',
  'last_error_at',
  'token_expires_at',
  'updated_at',
] as const;

export const listChannelRows = (db: Executor, bankId: string) =>
  db.selectFrom('channels').select(CHANNEL_COLUMNS).where('bank_id', '=', bankId).execute();

export type ChannelRow = Awaited<ReturnType<typeof listChannelRows>>[number];

/** One row per platform and bank, so health updates on the hot path are plain UPDATEs. */
export async function ensureChannelRows(db: Executor, bankId: string, platforms: readonly ChannelPlatform[]): Promise<void> {
  await db
    .insertInto('channels')
    .values(platforms.map((platform) => ({ id: randomUUID(), bank_id: bankId, platform, display_name: DISPLAY_NAMES[platform] })))
    .onConflict((oc) => oc.columns(['bank_id', 'platform']).doNothing())
    .execute();
}

export async function updateChannel(
  db: Executor,
  bankId: string,
  platform: ChannelPlatform,
  changes: {
    status?: 'active' | 'paused';
    credentials_ciphertext?: string;
    credentials_key_id?: string;
    credentials_hint?: string;
    token_expires_at?: Date | null;
  },
): Promise<void> {
  await ensureChannelRows(db, bankId, [platform]);
  await db
    .updateTable('channels')
    .set({ ...changes, updated_at: new Date() })
    .where('bank_id', '=', bankId)
    .where('platform', '=', platform)
    .execute();
}

/** Status of each channel and a fingerprint of its stored credentials (to notice a change made by another process). */
export async function channelStates(
  db: Executor,
  bankId: string,
): Promise<Array<{ platform: string; status: 'active' | 'paused'; credentialsVersion: string | null }>> {
  return db
    .selectFrom('channels')
    .select(['platform', 'status', sql<string | null>`md5(credentials_ciphertext)`.as('credentialsVersion')])
    .where('bank_id', '=', bankId)
    .execute();
}

export async function storedCiphertext(db: Executor, bankId: string, platform: string): Promise<string | null> {
  const row = await db
    .selectFrom('channels')
    .select(['credentials_ciphertext'])
    .where('bank_id', '=', bankId)
    .where('platform', '=', platform)
    .executeTakeFirst();
  return row?.credentials_ciphertext ?? null;
}

/** Raw deliveries waiting per platform (paused channels keep theirs here). */
export async function pendingDeliveriesByPlatform(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('raw_deliveries')
    .select(['platform', sql<string>`count(*)`.as('count')])
    .where('status', '=', 'new')
    .groupBy('platform')
    .execute();
  return new Map(rows.map((r) => [r.platform, Number(r.count)]));
}

export async function failedRepliesByChannel(db: Executor, bankId: string, since: Date): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['conversations.channel', sql<string>`count(*)`.as('count')])
    .where('messages.bank_id', '=', bankId)
    .where('messages.direction', '=', 'outbound')
    .where('messages.delivery_status', '=', 'failed')
    .where('messages.created_at', '>=', since)
    .groupBy('conversations.channel')
    .execute();
  return new Map(rows.map((r) => [r.channel, Number(r.count)]));
}

export async function pollerErrors(db: Executor): Promise<Map<string, { error: string; at: Date }>> {
  const rows = await db
    .selectFrom('poll_cursors')
    .select(['platform', 'last_error', 'last_error_at'])
    .where('last_error', 'is not', null)
    .execute();
  return new Map(rows.filter((r) => r.last_error_at).map((r) => [r.platform, { error: r.last_error!, at: r.last_error_at! }]));
}
