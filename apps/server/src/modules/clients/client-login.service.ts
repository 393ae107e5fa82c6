import type { ClientLogin, ClientLoginResponse, ClientMe } from '@agora/contracts/clients.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import {
  createClientSession,
  deleteClientSession,
  markReauthenticated,
  type NewClientSession,
  type ResolvedClientSession,
} from '../../platform/auth/client-session.service.ts';
import { spendPasswordCheckTime, verifyPassword } from '../../platform/auth/password.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { keyedLockedUntil, recordKeyedFailure } from '../staff/staff.repository.ts';
import { LOCKOUT_MS, MAX_LOGIN_FAILURES } from '../staff/staff-login.service.ts';
import {
  type ClientLoginRow,
  claimTotpStep,
  clearClientFailures,
  findAdvisorCard,
  findClientLoginByEmail,
  findClientLoginById,
  recordClientFailure,
} from './client-account.repository.ts';
import { type PasskeyUse, recordPasskeyUse, verifyPasskeyAssertion } from './client-passkeys.service.ts';
import { recordSpaceVisit } from './client-segment.service.ts';
import { totpStepOf } from './client-totp.ts';
import { clientErrors } from './clients.errors.ts';

export interface ClientLoginContext {
  ip: string;
  /** The secure-space session this browser already holds: ended at sign-in (sessions rotate). */
  currentTokenHash: string | null;
}

export type ClientLoginOutcome =
  | { status: 'second_factor_required'; methods: ('totp' | 'passkey')[] }
  | { status: 'ok'; session: NewClientSession };

export const clientLabelOf = (c: { first_name: string; last_name: string }) => `${c.first_name} ${c.last_name} (client)`;

const isLocked = (until: Date | null, now: Date) => !!until && until.getTime() > now.getTime();

/** The second factor that held, to be spent in the transaction that opens the session. */
type HeldFactor = { kind: 'totp'; step: number } | { kind: 'passkey'; use: PasskeyUse };

/**
 * Both factors, checked together: a wrong password, a wrong or replayed code and a wrong passkey
 * look exactly the same. A passkey assertion, when given, is the second factor; else the code.
 */
async function factorsHold(
  deps: AppDeps,
  row: ClientLoginRow,
  input: { password: string; totp?: string; passkey?: Record<string, unknown> },
): Promise<HeldFactor | null> {
  const passwordOk = row.password_hash ? await verifyPassword(row.password_hash, input.password) : false;
  if (!row.password_hash) await spendPasswordCheckTime(input.password);
  let factor: HeldFactor | null = null;
  if (input.passkey) {
    const use = await verifyPasskeyAssertion(deps, row.bank_id, row.client_id, input.passkey);
    if (use) factor = { kind: 'passkey', use };
  } else if (input.totp && row.totp_enabled && row.totp_secret) {
    const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
    const step = await totpStepOf(row.totp_secret, input.totp, lastStep);
    if (step !== null) factor = { kind: 'totp', step };
  }
  return passwordOk && factor && row.status === 'active' ? factor : null;
}

/** Spends the factor: a TOTP step once only (a concurrent request with the same code loses). */
async function spendFactor(tx: Transaction<DB>, clientId: string, factor: HeldFactor): Promise<boolean> {
  if (factor.kind === 'totp') return claimTotpStep(tx, clientId, factor.step);
  await recordPasskeyUse(tx, factor.use);
  return true;
}

async function fail(deps: AppDeps, input: ClientLogin, ctx: ClientLoginContext, row: ClientLoginRow | undefined): Promise<never> {
  const now = new Date();
  const rule = {
    now,
    windowStart: new Date(now.getTime() - LOCKOUT_MS),
    limit: MAX_LOGIN_FAILURES,
    lockUntil: new Date(now.getTime() + LOCKOUT_MS),
  };
  const locks = await deps.database.db.transaction().execute(async (tx) => {
    const ipLocked = await recordKeyedFailure(tx, 'ip', ctx.ip, rule);
    const accountLocked = row
      ? await recordClientFailure(tx, row.client_id, rule)
      : await recordKeyedFailure(tx, 'email', sha256Hex(`client:${input.email}`), rule);
    await appendAudit(tx, {
      bankId: row?.bank_id ?? deps.bankId,
      actorId: null,
      actorLabel: row ? clientLabelOf(row) : 'inconnu',
      action: 'client.login_failed',
      targetType: row ? 'client' : null,
      targetId: row?.client_id ?? null,
      // Never the password nor the code; the address only when no account has it (an attack trace).
      details: { ip: ctx.ip, ...(row ? {} : { email: input.email }), ...(accountLocked ? { accountLocked: true } : {}) },
    });
    return { ipLocked, accountLocked };
  });
  if (locks.accountLocked) throw clientErrors.accountLocked();
  if (locks.ipLocked) throw clientErrors.ipLocked();
  throw clientErrors.invalidCredentials();
}

/**
 * Sign-in to the secure space. Without a second factor the answer is only which factors are
 * accepted, whatever the e-mail and password: nothing is checked, nothing is revealed. With one,
 * everything is checked at once; five failures lock the account for 15 minutes.
 */
export async function loginClient(deps: AppDeps, input: ClientLogin, ctx: ClientLoginContext): Promise<ClientLoginOutcome> {
  if (!input.totp && !input.passkey) return { status: 'second_factor_required', methods: ['totp', 'passkey'] };
  const db = deps.database.db;
  const now = new Date();
  if (isLocked(await keyedLockedUntil(db, 'ip', ctx.ip), now)) throw clientErrors.ipLocked();
  const row = await findClientLoginByEmail(db, deps.bankId, input.email);
  if (!row) {
    if (isLocked(await keyedLockedUntil(db, 'email', sha256Hex(`client:${input.email}`)), now)) throw clientErrors.accountLocked();
    await spendPasswordCheckTime(input.password);
    return fail(deps, input, ctx, undefined);
  }
  if (isLocked(row.locked_until, now)) throw clientErrors.accountLocked();
  const factor = await factorsHold(deps, row, input);
  if (!factor) return fail(deps, input, ctx, row);
  const session = await db.transaction().execute(async (tx) => {
    if (!(await spendFactor(tx, row.client_id, factor))) return null;
    await clearClientFailures(tx, row.client_id);
    if (ctx.currentTokenHash) await deleteClientSession(tx, ctx.currentTokenHash);
    const created = await createClientSession(tx, { id: row.client_id, bankId: row.bank_id });
    await recordSpaceVisit(tx, row.bank_id, row.client_id, now);
    await appendAudit(tx, {
      bankId: row.bank_id,
      actorId: null,
      actorLabel: clientLabelOf(row),
      action: 'client.login',
      targetType: 'client',
      targetId: row.client_id,
      details: { ip: ctx.ip, secondFactor: factor.kind },
    });
    return created;
  });
  if (!session) return fail(deps, input, ctx, row);
  return { status: 'ok', session };
}

export async function logoutClient(deps: AppDeps, principal: ClientPrincipal, ip: string): Promise<void> {
  await deps.database.db.transaction().execute(async (tx) => {
    await deleteClientSession(tx, principal.sessionId);
    await appendAudit(tx, {
      bankId: principal.bankId,
      actorId: null,
      actorLabel: `${principal.firstName} ${principal.lastName} (client)`,
      action: 'client.logout',
      targetType: 'client',
      targetId: principal.clientId,
      details: { ip },
    });
  });
}

/** Both factors again, for a sensitive action; failures count toward the lockout like a sign-in. */
export async function reauthenticateClient(
  deps: AppDeps,
  principal: ClientPrincipal,
  input: { password: string; totp?: string; passkey?: Record<string, unknown> },
  ip: string,
): Promise<void> {
  const row = await findClientLoginById(deps.database.db, principal.bankId, principal.clientId);
  if (!row) throw clientErrors.clientNotFound();
  if (isLocked(row.locked_until, new Date())) throw clientErrors.accountLocked();
  const failed = () => fail(deps, { email: row.email ?? '', ...input }, { ip, currentTokenHash: null }, row);
  const factor = await factorsHold(deps, row, input);
  if (!factor) return failed();
  const spent = await deps.database.db.transaction().execute(async (tx) => {
    if (!(await spendFactor(tx, row.client_id, factor))) return false;
    await clearClientFailures(tx, row.client_id);
    await markReauthenticated(tx, principal.sessionId);
    return true;
  });
  if (!spent) return failed();
}

export async function clientMe(deps: AppDeps, session: ResolvedClientSession): Promise<ClientMe> {
  const p = session.principal;
  return {
    clientId: p.clientId,
    firstName: p.firstName,
    lastName: p.lastName,
    email: p.email,
    advisor: await findAdvisorCard(deps.database.db, p.bankId, p.advisorId),
    csrfToken: p.csrfToken,
    idleExpiresAt: session.idleExpiresAt.toISOString(),
    idleMinutes: deps.config.CLIENT_IDLE_MINUTES,
  };
}

export type { ClientLoginResponse };
