import type { StaffUser, Team } from '@agora/contracts/admin.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** 0002_staff_auth.sql adds this table; the shared DB type does not know it yet. */
interface AuthTables {
  login_email_failures: { email_hash: string; failures: number; locked_until: Date | null; updated_at: Date };
}

export interface LoginUserRow {
  id: string;
  bank_id: string;
  email: string;
  display_name: string;
  first_name: string;
  role: Role;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  active: boolean;
  failed_login_count: number;
  locked_until: Date | null;
}

const LOGIN_COLUMNS = [
  'id',
  'bank_id',
  'email',
  'display_name',
  'first_name',
  'role',
  'password_hash',
  'totp_secret',
  'totp_enabled',
  'active',
  'failed_login_count',
  'locked_until',
] as const;

// E-mail addresses are unique across banks (staff_users_email_idx): sign-in needs no bank.
export async function findLoginUserByEmail(db: Db, email: string): Promise<LoginUserRow | undefined> {
  return (await db.selectFrom('staff_users').select(LOGIN_COLUMNS).where('email', '=', email).executeTakeFirst()) as
    | LoginUserRow
    | undefined;
}

export async function findLoginUserById(db: Db, userId: string): Promise<LoginUserRow | undefined> {
  return (await db.selectFrom('staff_users').select(LOGIN_COLUMNS).where('id', '=', userId).executeTakeFirst()) as LoginUserRow | undefined;
}

export async function updateLoginState(db: Db, userId: string, state: { failedLoginCount: number; lockedUntil: Date | null }) {
  await db
    .updateTable('staff_users')
    .set({ failed_login_count: state.failedLoginCount, locked_until: state.lockedUntil })
    .where('id', '=', userId)
    .execute();
}

/** Atomic, so concurrent wrong guesses cannot overwrite each other's count. Returns whether it locked. */
export async function recordAccountFailure(db: Db, userId: string, rule: { limit: number; lockUntil: Date }): Promise<boolean> {
  const row = await db
    .updateTable('staff_users')
    .set((eb) => ({ failed_login_count: eb('failed_login_count', '+', 1) }))
    .where('id', '=', userId)
    .returning(['failed_login_count'])
    .executeTakeFirst();
  if (!row || row.failed_login_count < rule.limit) return false;
  await updateLoginState(db, userId, { failedLoginCount: 0, lockedUntil: rule.lockUntil });
  return true;
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string | null) {
  await db
    .updateTable('staff_users')
    .set({ password_hash: passwordHash, failed_login_count: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

export async function setTotp(db: Db, userId: string, totp: { secret: string | null; enabled: boolean }) {
  await db.updateTable('staff_users').set({ totp_secret: totp.secret, totp_enabled: totp.enabled }).where('id', '=', userId).execute();
}

/**
 * Failure counters keyed by IP (login_ip_failures) or by unknown e-mail (login_email_failures).
 * Failures older than `windowStart` are forgotten; reaching `limit` locks until `lockUntil` and
 * restarts the count. Returns whether this failure set the lock.
 */
export async function recordKeyedFailure(
  db: Db,
  kind: 'ip' | 'email',
  key: string,
  rule: { now: Date; windowStart: Date; limit: number; lockUntil: Date },
): Promise<boolean> {
  const table = kind === 'ip' ? 'login_ip_failures' : 'login_email_failures';
  const keyColumn = kind === 'ip' ? 'ip' : 'email_hash';
  const t = sql.table(table);
  const { rows } = await sql<{ failures: number }>`
    insert into ${t} (${sql.ref(keyColumn)}, failures, locked_until, updated_at) values (${key}, 1, null, ${rule.now})
    on conflict (${sql.ref(keyColumn)}) do update set
      failures = case when ${t}.updated_at < ${rule.windowStart} then 1 else ${t}.failures + 1 end,
      updated_at = ${rule.now}
    returning failures`.execute(db);
  if ((rows[0]?.failures ?? 0) < rule.limit) return false;
  await sql`update ${t} set failures = 0, locked_until = ${rule.lockUntil} where ${sql.ref(keyColumn)} = ${key}`.execute(db);
  return true;
}

export async function keyedLockedUntil(db: Db, kind: 'ip' | 'email', key: string): Promise<Date | null> {
  const adb = db as unknown as Kysely<DB & AuthTables>;
  const row =
    kind === 'ip'
      ? await adb.selectFrom('login_ip_failures').select(['locked_until']).where('ip', '=', key).executeTakeFirst()
      : await adb.selectFrom('login_email_failures').select(['locked_until']).where('email_hash', '=', key).executeTakeFirst();
  return row?.locked_until ?? null;
}

// ---- staff administration (every query names the bank) ----

async function teamIdsByUser(db: Db, userIds: string[]): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('team_members')
    .select(['user_id', 'team_id'])
    .where('user_id', 'in', userIds)
    .orderBy('team_id')
    .execute();
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.team_id]);
  return byUser;
}

const STAFF_COLUMNS = ['id', 'email', 'display_name', 'first_name', 'role', 'active', 'totp_enabled', 'created_at'] as const;
type StaffRow = {
  id: string;
  email: string;
  display_name: string;
  first_name: string;
  role: string;
  active: boolean;
  totp_enabled: boolean;
  created_at: Date;
};

function toStaffUser(row: StaffRow, teamIds: string[]): StaffUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    firstName: row.first_name,
    role: row.role as Role,
    teamIds,
    active: row.active,
    totpEnabled: row.totp_enabled,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listStaffUsers(db: Db, bankId: string, filter: { activeOnly?: boolean } = {}): Promise<StaffUser[]> {
  let query = db.selectFrom('staff_users').select(STAFF_COLUMNS).where('bank_id', '=', bankId);
  if (filter.activeOnly) query = query.where('active', '=', true);
  const rows = await query.orderBy('display_name').orderBy('id').execute();
  const teams = await teamIdsByUser(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toStaffUser(r, teams.get(r.id) ?? []));
}

/** `forUpdate` locks the row: concurrent admin changes to one account apply one after the other. */
export async function findStaffUser(
  db: Db,
  bankId: string,
  userId: string,
  options: { forUpdate?: boolean } = {},
): Promise<StaffUser | undefined> {
  let query = db.selectFrom('staff_users').select(STAFF_COLUMNS).where('bank_id', '=', bankId).where('id', '=', userId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return toStaffUser(row, (await teamIdsByUser(db, [userId])).get(userId) ?? []);
}

export async function emailExists(db: Db, email: string): Promise<boolean> {
  return !!(await db.selectFrom('staff_users').select(['id']).where('email', '=', email).executeTakeFirst());
}

export async function insertStaffUser(
  db: Db,
  user: { id: string; bankId: string; email: string; displayName: string; firstName: string; role: Role; passwordHash: string | null },
) {
  await db
    .insertInto('staff_users')
    .values({
      id: user.id,
      bank_id: user.bankId,
      email: user.email,
      display_name: user.displayName,
      first_name: user.firstName,
      role: user.role,
      password_hash: user.passwordHash,
    })
    .execute();
}

export async function replaceTeams(db: Db, userId: string, teamIds: string[]) {
  await db.deleteFrom('team_members').where('user_id', '=', userId).execute();
  if (teamIds.length)
    await db
      .insertInto('team_members')
      .values(teamIds.map((teamId) => ({ team_id: teamId, user_id: userId })))
      .execute();
}

export async function updateStaffColumns(db: Db, bankId: string, userId: string, patch: { role?: Role; active?: boolean }) {
  if (patch.role === undefined && patch.active === undefined) return;
  await db.updateTable('staff_users').set(patch).where('bank_id', '=', bankId).where('id', '=', userId).execute();
}

/** Locks the bank's active admins so two admins cannot demote each other at the same moment. */
export async function lockActiveAdminIds(db: Db, bankId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_users')
    .select(['id'])
    .where('bank_id', '=', bankId)
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function listTeams(db: Db, bankId: string): Promise<Team[]> {
  return db.selectFrom('teams').select(['id', 'name', 'kind']).where('bank_id', '=', bankId).orderBy('name').execute();
}

export async function countBankTeams(db: Db, bankId: string, teamIds: string[]): Promise<number> {
  if (teamIds.length === 0) return 0;
  const row = await db
    .selectFrom('teams')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('bank_id', '=', bankId)
    .where('id', 'in', teamIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- one-time links (invitation, password reset) ----

export async function replaceInvitation(
  db: Db,
  invitation: { tokenHash: string; userId: string; purpose: 'invite' | 'reset'; expiresAt: Date },
) {
  // A new link supersedes the older ones: only the latest one sent can be used.
  await db.deleteFrom('staff_invitations').where('user_id', '=', invitation.userId).where('used_at', 'is', null).execute();
  await db
    .insertInto('staff_invitations')
    .values({ token_hash: invitation.tokenHash, user_id: invitation.userId, purpose: invitation.purpose, expires_at: invitation.expiresAt })
    .execute();
}

export async function claimInvitation(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<{ userId: string; purpose: 'invite' | 'reset' } | undefined> {
  // One statement: two concurrent uses of the same link cannot both succeed.
  const row = await db
    .updateTable('staff_invitations')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'purpose'])
    .executeTakeFirst();
  return row ? { userId: row.user_id, purpose: row.purpose } : undefined;
}
