import type { Role } from '@agora/contracts/common.schema.ts';
import type { Kysely, Transaction } from 'kysely';
import type { AppDeps } from '../app-deps.ts';
import { randomToken, sha256Hex } from '../crypto.ts';
import type { DB } from '../db/db.types.ts';
import { SESSION_COOKIE, type StaffPrincipal } from './staff-principal.ts';

/** A session dies after 30 minutes without a request, and 12 hours after sign-in whatever happens. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
// Writing last_seen_at on every request would turn each read into a write; once a minute keeps
// the idle clock accurate to a minute.
const LAST_SEEN_RESOLUTION_MS = 60_000;

type Db = Kysely<DB> | Transaction<DB>;

export interface NewSession {
  /** Goes to the cookie only; the database keeps its SHA-256. */
  token: string;
  tokenHash: string;
  csrfToken: string;
}

export async function createSession(db: Db, userId: string, options: { pendingTotp?: boolean; now?: Date } = {}): Promise<NewSession> {
  const token = randomToken(32);
  const tokenHash = sha256Hex(token);
  const csrfToken = randomToken(24);
  const now = options.now ?? new Date();
  await db
    .insertInto('staff_sessions')
    .values({
      token_hash: tokenHash,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      pending_totp: options.pendingTotp ?? false,
    })
    .execute();
  return { token, tokenHash, csrfToken };
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  const result = await db.deleteFrom('staff_sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A live session of an active user, pending (TOTP setup only) or not. */
export interface ResolvedSession {
  tokenHash: string;
  csrfToken: string;
  pendingTotp: boolean;
  principal: StaffPrincipal;
}

function isExpired(row: { last_seen_at: Date; expires_at: Date }, now: Date): boolean {
  return now.getTime() >= row.expires_at.getTime() || now.getTime() - row.last_seen_at.getTime() >= SESSION_IDLE_MS;
}

/**
 * Resolves a session token, pending sessions included. An expired session is deleted on sight,
 * so a stolen old cookie stays dead; the sliding idle clock is moved at most once a minute.
 */
export async function resolveSessionToken(
  deps: Pick<AppDeps, 'database'>,
  token: string,
  now = new Date(),
): Promise<ResolvedSession | null> {
  if (!token || token.length > 200) return null;
  const db = deps.database.db;
  const tokenHash = sha256Hex(token);
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      's.pending_totp',
      'u.id as user_id',
      'u.bank_id',
      'u.role',
      'u.email',
      'u.first_name',
      'u.display_name',
      'u.active',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  if (isExpired(row, now)) {
    await deleteSession(db, tokenHash);
    return null;
  }
  if (!row.active) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  const teams = await db.selectFrom('team_members').select(['team_id']).where('user_id', '=', row.user_id).orderBy('team_id').execute();
  return {
    tokenHash,
    csrfToken: row.csrf_token,
    pendingTotp: row.pending_totp,
    principal: {
      userId: row.user_id,
      bankId: row.bank_id,
      role: row.role as Role,
      teamIds: teams.map((t) => t.team_id),
      email: row.email,
      firstName: row.first_name,
      displayName: row.display_name,
      csrfToken: row.csrf_token,
      sessionId: tokenHash,
    },
  };
}

/** The signed-in staff member behind a token (WebSocket gateway); null for pending or dead sessions. */
export async function authenticateSessionToken(deps: Pick<AppDeps, 'database'>, token: string): Promise<StaffPrincipal | null> {
  const session = await resolveSessionToken(deps, token);
  return session && !session.pendingTotp ? session.principal : null;
}

/**
 * Whether a session (its id is the token hash, StaffPrincipal.sessionId) still lets its holder in:
 * a gateway calls it to drop a socket whose session was logged out or expired. Read-only: it does
 * not extend the idle clock.
 */
export async function isSessionAlive(deps: Pick<AppDeps, 'database'>, sessionId: string, now = new Date()): Promise<boolean> {
  const row = await deps.database.db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select(['s.last_seen_at', 's.expires_at', 's.pending_totp', 'u.active'])
    .where('s.token_hash', '=', sessionId)
    .executeTakeFirst();
  return !!row && row.active && !row.pending_totp && !isExpired(row, now);
}

/** The session token from a raw Cookie header (WebSocket upgrades do not go through the cookie plugin). */
export function sessionTokenFromCookieHeader(header: string | undefined | null): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value) || null;
    } catch {
      return null;
    }
  }
  return null;
}
