import type { Kysely, Transaction } from 'kysely';
import type { ClientAccountStatus } from '../../platform/auth/client-auth.tables.ts';
import type { DB } from '../../platform/db/db.types.ts';
import '../../platform/auth/client-auth.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ClientLoginRow {
  client_id: string;
  bank_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  advisor_id: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: string | number | null;
  status: ClientAccountStatus;
  failed_login_count: number;
  locked_until: Date | null;
}

const LOGIN_COLUMNS = [
  'c.id as client_id',
  'c.bank_id',
  'c.first_name',
  'c.last_name',
  'c.email',
  'c.advisor_id',
  'a.password_hash',
  'a.totp_secret',
  'a.totp_enabled',
  'a.totp_last_step',
  'a.status',
  'a.failed_login_count',
  'a.locked_until',
] as const;

/** Sign-in names no bank: the deployment serves one bank, and e-mail is unique within it. */
export async function findClientLoginByEmail(db: Db, bankId: string, email: string): Promise<ClientLoginRow | undefined> {
  return db
    .selectFrom('clients as c')
    .innerJoin('client_accounts as a', 'a.client_id', 'c.id')
    .select(LOGIN_COLUMNS)
    .where('c.bank_id', '=', bankId)
    .where((eb) => eb(eb.fn('lower', ['c.email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function findClientLoginById(db: Db, bankId: string, clientId: string): Promise<ClientLoginRow | undefined> {
  return db
    .selectFrom('clients as c')
    .innerJoin('client_accounts as a', 'a.client_id', 'c.id')
    .select(LOGIN_COLUMNS)
    .where('c.bank_id', '=', bankId)
    .where('c.id', '=', clientId)
    .executeTakeFirst();
}

/** Atomic, so concurrent wrong guesses cannot overwrite each other's count. Returns whether it locked. */
export async function recordClientFailure(db: Db, clientId: string, rule: { limit: number; lockUntil: Date }): Promise<boolean> {
  const row = await db
    .updateTable('client_accounts')
    .set((eb) => ({ failed_login_count: eb('failed_login_count', '+', 1) }))
    .where('client_id', '=', clientId)
    .returning(['failed_login_count'])
    .executeTakeFirst();
  if (!row || row.failed_login_count < rule.limit) return false;
  await db
    .updateTable('client_accounts')
    .set({ failed_login_count: 0, locked_until: rule.lockUntil })
    .where('client_id', '=', clientId)
    .execute();
  return true;
}

export async function clearClientFailures(db: Db, clientId: string): Promise<void> {
  await db.updateTable('client_accounts').set({ failed_login_count: 0, locked_until: null }).where('client_id', '=', clientId).execute();
}

export async function findAdvisorCard(db: Db, bankId: string, advisorId: string | null) {
  if (!advisorId) return null;
  const row = await db
    .selectFrom('staff_users')
    .select(['id', 'display_name', 'first_name'])
    .where('bank_id', '=', bankId)
    .where('id', '=', advisorId)
    .executeTakeFirst();
  return row ? { id: row.id, displayName: row.display_name, firstName: row.first_name } : null;
}

/**
 * Spends a TOTP time step: accepted only if later than the last one spent, atomically, so the
 * same code (or an older one) never opens two sessions, even from two requests at once.
 */
export async function claimTotpStep(db: Db, clientId: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('client_accounts')
    .set({ totp_last_step: step })
    .where('client_id', '=', clientId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .returning(['client_id'])
    .executeTakeFirst();
  return row !== undefined;
}
