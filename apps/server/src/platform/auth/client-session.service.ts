import type { Kysely, Transaction } from 'kysely';
import type { AppDeps } from '../app-deps.ts';
import { randomToken, sha256Hex } from '../crypto.ts';
import type { DB } from '../db/db.types.ts';
import './client-auth.tables.ts';
import type { ClientPrincipal } from './client-principal.ts';

export const CLIENT_SESSION_COOKIE = 'agora_client';
/** Whatever happens, a secure-space session ends 4 hours after sign-in. */
export const CLIENT_SESSION_ABSOLUTE_MS = 4 * 60 * 60_000;
// The idle clock is minutes long (CLIENT_IDLE_MINUTES): last_seen_at is written at most every
// 15 s, so it stays accurate without turning every read into a write.
const LAST_SEEN_RESOLUTION_MS = 15_000;

type Db = Kysely<DB> | Transaction<DB>;

export interface NewClientSession {
  /** Goes to the cookie only; the database keeps its SHA-256. */
  token: string;
  tokenHash: string;
  csrfToken: string;
}

export async function createClientSession(db: Db, client: { id: string; bankId: string }, now = new Date()): Promise<NewClientSession> {
  const token = randomToken(32);
  const tokenHash = sha256Hex(token);
  const csrfToken = randomToken(24);
  await db
    .insertInto('client_sessions')
    .values({
      token_hash: tokenHash,
      client_id: client.id,
      bank_id: client.bankId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      reauthenticated_at: now,
      expires_at: new Date(now.getTime() + CLIENT_SESSION_ABSOLUTE_MS),
    })
    .execute();
  return { token, tokenHash, csrfToken };
}

export async function deleteClientSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('client_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteClientSessions(db: Db, clientId: string): Promise<number> {
  const result = await db.deleteFrom('client_sessions').where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

const idleMsOf = (deps: Pick<AppDeps, 'config'>) => deps.config.CLIENT_IDLE_MINUTES * 60_000;

function isExpired(row: { last_seen_at: Date; expires_at: Date }, now: Date, idleMs: number): boolean {
  return now.getTime() >= row.expires_at.getTime() || now.getTime() - row.last_seen_at.getTime() >= idleMs;
}

export interface ResolvedClientSession {
  tokenHash: string;
  principal: ClientPrincipal;
  /** When the idle clock runs out unless the client does something: the screen warns before. */
  idleExpiresAt: Date;
}

/**
 * The live session behind a token, for an active account. An expired session is deleted on
 * sight; `touch: false` reads without moving the idle clock (a screen polling its own state must
 * not keep an abandoned session alive).
 */
export async function resolveClientSessionToken(
  deps: Pick<AppDeps, 'database' | 'config'>,
  token: string,
  options: { now?: Date; touch?: boolean } = {},
): Promise<ResolvedClientSession | null> {
  if (!token || token.length > 200) return null;
  const now = options.now ?? new Date();
  const db = deps.database.db;
  const tokenHash = sha256Hex(token);
  const row = await db
    .selectFrom('client_sessions as s')
    .innerJoin('clients as c', 'c.id', 's.client_id')
    .innerJoin('client_accounts as a', 'a.client_id', 's.client_id')
    .select([
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      's.reauthenticated_at',
      'c.id as client_id',
      'c.bank_id',
      'c.first_name',
      'c.last_name',
      'c.email',
      'c.advisor_id',
      'a.status',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const idleMs = idleMsOf(deps);
  if (isExpired(row, now, idleMs)) {
    await deleteClientSession(db, tokenHash);
    return null;
  }
  if (row.status !== 'active') return null;
  let lastSeen = row.last_seen_at;
  if (options.touch !== false && now.getTime() - row.last_seen_at.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.updateTable('client_sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
    lastSeen = now;
  }
  return {
    tokenHash,
    idleExpiresAt: new Date(Math.min(lastSeen.getTime() + idleMs, row.expires_at.getTime())),
    principal: {
      clientId: row.client_id,
      bankId: row.bank_id,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email ?? '',
      advisorId: row.advisor_id,
      csrfToken: row.csrf_token,
      sessionId: tokenHash,
      reauthenticatedAt: row.reauthenticated_at,
    },
  };
}

/** Whether a client's socket may stay open (read-only: a socket alone does not keep a session alive). */
export async function isClientSessionAlive(deps: Pick<AppDeps, 'database' | 'config'>, sessionId: string, now = new Date()) {
  const row = await deps.database.db
    .selectFrom('client_sessions as s')
    .innerJoin('client_accounts as a', 'a.client_id', 's.client_id')
    .select(['s.last_seen_at', 's.expires_at', 'a.status'])
    .where('s.token_hash', '=', sessionId)
    .executeTakeFirst();
  return !!row && row.status === 'active' && !isExpired(row, now, idleMsOf(deps));
}

export async function markReauthenticated(db: Db, tokenHash: string, now = new Date()): Promise<void> {
  await db.updateTable('client_sessions').set({ reauthenticated_at: now, last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
}

/** The client session token from a raw Cookie header (WebSocket upgrades, the auth hook). */
export function clientTokenFromCookieHeader(header: string | undefined | null): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== CLIENT_SESSION_COOKIE) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim()) || null;
    } catch {
      return null;
    }
  }
  return null;
}
