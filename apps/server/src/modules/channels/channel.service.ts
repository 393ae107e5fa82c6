import { createHash, createPrivateKey } from 'node:crypto';
import {
  CHANNEL_PLATFORMS,
  type ChannelPlatform,
  type ChannelView,
  channelCredentialsSchemas,
  channelPlatformSchema,
} from '@agora/contracts/channels.schema.ts';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { buildConnectors } from '../../connectors/build-connectors.ts';
import { type Connector, PLATFORM_OF_CHANNEL, type Platform } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { dataKeyIdOf, decryptForBank, encryptForBank } from '../../platform/crypto/envelope.ts';
import type { Database } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { perObject } from '../../platform/per-object.ts';
import { channelErrors } from './channel.errors.ts';
import {
  type ChannelRow,
  channelStates,
  ensureChannelRows,
  failedRepliesByChannel,
  listChannelRows,
  pendingDeliveriesByPlatform,
  pollerErrors,
  storedCiphertext,
  updateChannel,
} from './channel.repository.ts';
import {
  type Credentials,
  configWithCredentials,
  DISPLAY_NAMES,
  environmentCredentials,
  maskCredentials,
  missingFields,
} from './channel-settings.ts';

type Executor = Kysely<DB> | Transaction<DB>;

// Same fingerprint as the database's md5(credentials_ciphertext).
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

const actorOf = (p: StaffPrincipal) => ({ bankId: p.bankId, actorId: p.userId, actorLabel: `${p.displayName} (${p.role})` });

export function parsePlatform(value: string): ChannelPlatform {
  const parsed = channelPlatformSchema.safeParse(value);
  if (!parsed.success) throw channelErrors.unknownPlatform(value);
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// Pause: read on the hot paths (ingest, replies, pollers), so it is cached for a few seconds;
// a change made in this process is seen at once, another process sees it within PAUSE_CACHE_MS.
const PAUSE_CACHE_MS = 3000;
const pauseCache = new WeakMap<Database, { at: number; value: Promise<Set<string>> }>();

// The credentials each process applied to its connectors, by fingerprint of the stored value.
const appliedOf = perObject((_database: Database) => new Map<string, string | null>());

/**
 * Platforms whose channel an admin paused: their deliveries wait, their replies are refused.
 * The same read notices credentials saved by another process (a web node took the PUT, this is
 * a worker): their connector is rebuilt here too, within the cache's few seconds.
 */
export function pausedPlatforms(deps: Pick<AppDeps, 'database' | 'bankId'> & Partial<AppDeps>): Promise<Set<string>> {
  const hit = pauseCache.get(deps.database);
  if (hit && Date.now() - hit.at < PAUSE_CACHE_MS) return hit.value;
  const value = channelStates(deps.database.db, deps.bankId).then((rows) => {
    if (deps.connectors && deps.config && deps.logger) {
      const applied = appliedOf(deps.database);
      const changed = rows.filter((r) => r.credentialsVersion && applied.get(r.platform) !== r.credentialsVersion);
      // Not awaited: on PGlite the caller may be about to open a transaction on the only connection.
      for (const row of changed) void refreshConnector(deps as AppDeps, row.platform as ChannelPlatform, row.credentialsVersion);
    }
    return new Set(rows.filter((r) => r.status === 'paused').map((r) => r.platform));
  });
  pauseCache.set(deps.database, { at: Date.now(), value });
  // A failed read must not stick for the cache's lifetime.
  value.catch(() => pauseCache.delete(deps.database));
  return value;
}

async function refreshConnector(deps: AppDeps, platform: ChannelPlatform, version: string | null) {
  const applied = appliedOf(deps.database);
  applied.set(platform, version);
  try {
    const ciphertext = await storedCiphertext(deps.database.db, deps.bankId, platform);
    if (ciphertext) rebuildConnector(deps, platform, await storedCredentials(deps, deps.bankId, ciphertext));
  } catch (error) {
    deps.logger.error({ err: error, platform }, 'stored channel credentials could not be applied');
  }
}

/** Refuses a reply on a paused channel (conversation service, before the reply is queued). */
export async function assertChannelNotPaused(deps: Pick<AppDeps, 'database' | 'bankId'>, channel: string): Promise<void> {
  const platform = PLATFORM_OF_CHANNEL[channel as keyof typeof PLATFORM_OF_CHANNEL];
  if (platform && (await pausedPlatforms(deps)).has(platform)) throw channelErrors.paused(DISPLAY_NAMES[platform]);
}

export async function setChannelStatus(
  deps: AppDeps,
  p: StaffPrincipal,
  platform: ChannelPlatform,
  status: 'active' | 'paused',
): Promise<ChannelView> {
  await deps.database.db.transaction().execute(async (tx) => {
    await updateChannel(tx, p.bankId, platform, { status });
    await appendAudit(tx, {
      ...actorOf(p),
      action: status === 'paused' ? 'channel.paused' : 'channel.resumed',
      targetType: 'channel',
      targetId: platform,
      details: { platform },
    });
  });
  pauseCache.delete(deps.database);
  // Deliveries kept while paused are ingested now, without waiting for the next webhook.
  if (status === 'active') deps.wakeIngest();
  return channelView(deps, p.bankId, platform);
}

// ---------------------------------------------------------------------------------------------
// Health, written by the workers.

/**
 * Marks that events of `platform` were just ingested. Throttled to once every few seconds per
 * channel, so parallel ingest batches rarely wait on the same row lock.
 */
/** Marks that events arrived on these platforms; the column moves at most every five seconds. */
export async function recordChannelEvent(tx: Executor, bankId: string, platforms: string | string[]): Promise<void> {
  const list = typeof platforms === 'string' ? [platforms] : platforms;
  if (list.length === 0) return;
  await tx
    .updateTable('channels')
    .set({ last_event_at: sql`now()` })
    .where('bank_id', '=', bankId)
    .where('platform', 'in', list)
    .where((eb) => eb.or([eb('last_event_at', 'is', null), eb('last_event_at', '<', sql<Date>`now() - interval '5 seconds'`)]))
    .execute();
}

export async function recordChannelError(tx: Executor, bankId: string, platform: string, message: string): Promise<void> {
  await tx
    .updateTable('channels')
    .set({ last_error: message.slice(0, 300), last_error_at: new Date() })
    .where('bank_id', '=', bankId)
    .where('platform', '=', platform)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Credentials.

async function storedCredentials(deps: AppDeps, bankId: string, ciphertext: string | null): Promise<Credentials> {
  if (!ciphertext) return {};
  return JSON.parse(await decryptForBank(deps, bankId, ciphertext)) as Credentials;
}

/** A connector built from the environment with the stored credentials over it, or null if incomplete. */
function connectorWith(deps: AppDeps, platform: ChannelPlatform, stored: Credentials): Connector | null {
  return buildConnectors(configWithCredentials(deps.config, platform, stored)).get(platform as Platform) ?? null;
}

/** Replaces the platform's connector in the registry the modules share (webhooks, workers, pollers). */
export function rebuildConnector(deps: AppDeps, platform: ChannelPlatform, stored: Credentials): boolean {
  const connector = connectorWith(deps, platform, stored);
  if (!connector) return false;
  (deps.connectors as Map<Platform, Connector>).set(platform as Platform, connector);
  return true;
}

/** At start: credentials saved on the settings screen win over the environment's. */
export async function applyStoredCredentials(deps: AppDeps): Promise<void> {
  await ensureChannelRows(deps.database.db, deps.bankId, CHANNEL_PLATFORMS);
  const rows = await listChannelRows(deps.database.db, deps.bankId);
  for (const row of rows) {
    if (!row.credentials_ciphertext) continue;
    const platform = row.platform as ChannelPlatform;
    try {
      rebuildConnector(deps, platform, await storedCredentials(deps, deps.bankId, row.credentials_ciphertext));
      appliedOf(deps.database).set(platform, md5(row.credentials_ciphertext));
    } catch (error) {
      // Unreadable (another master key?) or unusable: the environment's settings stay in force.
      deps.logger.error({ err: error, platform }, 'stored channel credentials could not be applied');
      await recordChannelError(
        deps.database.db,
        deps.bankId,
        platform,
        'Identifiants enregistrés illisibles : vérifiez la clé maîtresse (AGORA_MASTER_KEY).',
      );
    }
  }
}

function checkPrivateKey(platform: ChannelPlatform, pem: string | undefined) {
  if (!pem) return;
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw channelErrors.unusable('la clé privée est illisible');
  }
  const expected = platform === 'app_store' ? 'ec' : 'rsa';
  if (type !== expected) throw channelErrors.unusable(`la clé privée doit être une clé ${expected === 'ec' ? 'EC P-256 (ES256)' : 'RSA'}`);
}

/**
 * Saves credentials encrypted with the bank's data key. Fields left out keep their stored value;
 * the merged set (over the environment's) must be complete. The audit names the fields, never
 * a value. The connector is rebuilt at once: the next webhook is verified with the new secret.
 */
export async function updateChannelCredentials(
  deps: AppDeps,
  p: StaffPrincipal,
  platform: ChannelPlatform,
  input: Record<string, string>,
): Promise<ChannelView> {
  if (platform === 'live_chat' || platform === 'forum') throw channelErrors.noCredentials();
  const fields = channelCredentialsSchemas[platform].parse(input) as Credentials;
  const row = (await listChannelRows(deps.database.db, p.bankId)).find((r) => r.platform === platform);
  const next = { ...(await storedCredentials(deps, p.bankId, row?.credentials_ciphertext ?? null)), ...fields };
  const missing = missingFields(platform, { ...environmentCredentials(deps.config, platform), ...next });
  if (missing.length) throw channelErrors.incomplete(missing);
  checkPrivateKey(platform, next.privateKey);
  let connector: Connector | null;
  try {
    connector = connectorWith(deps, platform, next);
  } catch (error) {
    throw channelErrors.unusable((error as Error).message);
  }
  if (!connector) throw channelErrors.unusable("l'adresse de l'API de la plateforme n'est pas configurée");

  // Encrypted before the transaction: on PGlite it holds the only connection.
  const ciphertext = await encryptForBank(deps, p.bankId, JSON.stringify(next));
  await deps.database.db.transaction().execute(async (tx) => {
    await updateChannel(tx, p.bankId, platform, {
      credentials_ciphertext: ciphertext,
      credentials_key_id: dataKeyIdOf(ciphertext) ?? undefined,
      credentials_hint: JSON.stringify(maskCredentials(platform, next)),
      // Meta Page tokens obtained from a long-lived user token never expire; others are unknown.
      token_expires_at: null,
    });
    await appendAudit(tx, {
      ...actorOf(p),
      action: 'channel.credentials_updated',
      targetType: 'channel',
      targetId: platform,
      details: { platform, fields: Object.keys(fields).sort() },
    });
  });
  (deps.connectors as Map<Platform, Connector>).set(platform as Platform, connector);
  appliedOf(deps.database).set(platform, md5(ciphertext));
  return channelView(deps, p.bankId, platform);
}

// ---------------------------------------------------------------------------------------------
// The settings screen.

const DAY_MS = 24 * 3600_000;
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export async function listChannels(deps: AppDeps, bankId: string): Promise<ChannelView[]> {
  const db = deps.database.db;
  const [rows, pending, failed, pollErrors] = await Promise.all([
    listChannelRows(db, bankId),
    pendingDeliveriesByPlatform(db),
    failedRepliesByChannel(db, bankId, new Date(Date.now() - DAY_MS)),
    pollerErrors(db),
  ]);
  return CHANNEL_PLATFORMS.map((platform) => {
    const row = rows.find((r) => r.platform === platform);
    let failedReplies = 0;
    for (const [channel, count] of failed)
      if (PLATFORM_OF_CHANNEL[channel as keyof typeof PLATFORM_OF_CHANNEL] === platform) failedReplies += count;
    return toView(deps, platform, row, { pending: pending.get(platform) ?? 0, failedReplies, pollError: pollErrors.get(platform) ?? null });
  });
}

async function channelView(deps: AppDeps, bankId: string, platform: ChannelPlatform): Promise<ChannelView> {
  const all = await listChannels(deps, bankId);
  return all.find((c) => c.platform === platform)!;
}

function toView(
  deps: AppDeps,
  platform: ChannelPlatform,
  row: ChannelRow | undefined,
  health: { pending: number; failedReplies: number; pollError: { error: string; at: Date } | null },
): ChannelView {
  const stored = Boolean(row?.credentials_ciphertext);
  const fromEnv = environmentCredentials(deps.config, platform);
  const hasEnv = platform !== 'live_chat' && platform !== 'forum' && missingFields(platform, fromEnv).length === 0;
  // The most recent of the delivery worker's and the poller's errors.
  const errors = [
    row?.last_error && row.last_error_at ? { error: row.last_error, at: new Date(row.last_error_at) } : null,
    health.pollError ? { error: health.pollError.error, at: new Date(health.pollError.at) } : null,
  ].filter((e): e is { error: string; at: Date } => e !== null);
  const lastError = errors.sort((a, b) => b.at.getTime() - a.at.getTime())[0] ?? null;
  return {
    platform,
    displayName: row?.display_name ?? DISPLAY_NAMES[platform],
    status: row?.status ?? 'active',
    connected: deps.connectors.has(platform as Platform),
    credentialsSource: stored ? 'stored' : hasEnv ? 'environment' : 'none',
    maskedCredentials: { ...maskCredentials(platform, fromEnv), ...((row?.credentials_hint as Record<string, string> | undefined) ?? {}) },
    health: {
      lastEventAt: iso(row?.last_event_at),
      lastError: lastError?.error ?? null,
      lastErrorAt: iso(lastError?.at),
      tokenExpiresAt: iso(row?.token_expires_at),
      pendingDeliveries: health.pending,
      failedRepliesLast24h: health.failedReplies,
    },
    updatedAt: stored || row?.status === 'paused' ? iso(row?.updated_at) : null,
  };
}
