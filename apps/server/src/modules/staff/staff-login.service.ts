import type { LoginRequest, Me, TotpSetupResponse } from '@agora/contracts/auth.schema.ts';
import { TOTP_REQUIRED_ROLES } from '@agora/contracts/common.schema.ts';
import { generateSecret, generateURI, verify as verifyTotpCode } from 'otplib';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { spendPasswordCheckTime, verifyPassword } from '../../platform/auth/password.ts';
import { createSession, deleteSession, type NewSession, type ResolvedSession } from '../../platform/auth/staff-session.service.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { staffErrors } from './staff.errors.ts';
import {
  findLoginUserByEmail,
  findLoginUserById,
  keyedLockedUntil,
  type LoginUserRow,
  recordAccountFailure,
  recordKeyedFailure,
  setTotp,
  updateLoginState,
} from './staff.repository.ts';

export const MAX_LOGIN_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;
const TOTP_ISSUER = 'Agora';
// One 30-second step either side: a phone clock a little off still works, a code seen an hour ago does not.
const TOTP_TOLERANCE_SECONDS = 30;

export interface LoginContext {
  ip: string;
  /** The session the browser already holds, ended at sign-in (a new token every time). */
  currentTokenHash: string | null;
}

export type LoginOutcome =
  | { status: 'ok'; session: NewSession; me: Me }
  | { status: 'totp_required' }
  | { status: 'totp_setup_required'; session: NewSession };

export const actorLabelOf = (user: { display_name: string; role: string }) => `${user.display_name} (${user.role})`;

export async function checkTotp(secret: string, code: string): Promise<boolean> {
  try {
    return (await verifyTotpCode({ secret, token: code, epochTolerance: TOTP_TOLERANCE_SECONDS })).valid;
  } catch {
    return false;
  }
}

export function meOf(user: LoginUserRow, teamIds: string[], csrfToken: string): Me {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    firstName: user.first_name,
    role: user.role,
    teamIds,
    totpEnabled: user.totp_enabled,
    csrfToken,
  };
}

async function teamIdsOf(deps: AppDeps, userId: string): Promise<string[]> {
  const rows = await deps.database.db
    .selectFrom('team_members')
    .select(['team_id'])
    .where('user_id', '=', userId)
    .orderBy('team_id')
    .execute();
  return rows.map((r) => r.team_id);
}

type FailureReason = 'unknown_account' | 'bad_password' | 'inactive' | 'no_password' | 'bad_totp';

/**
 * Counts one failed sign-in against the IP and the account (or the unknown address), audits it,
 * and throws what the person sees. The audit row never holds the password nor the code.
 */
async function failLogin(
  deps: AppDeps,
  input: LoginRequest,
  ctx: LoginContext,
  user: LoginUserRow | undefined,
  reason: FailureReason,
): Promise<never> {
  const now = new Date();
  const rule = {
    now,
    windowStart: new Date(now.getTime() - LOCKOUT_MS),
    limit: MAX_LOGIN_FAILURES,
    lockUntil: new Date(now.getTime() + LOCKOUT_MS),
  };
  const locks = await deps.database.db.transaction().execute(async (tx) => {
    const ipLocked = await recordKeyedFailure(tx, 'ip', ctx.ip, rule);
    let accountLocked: boolean;
    if (user) {
      accountLocked = await recordAccountFailure(tx, user.id, rule);
    } else {
      accountLocked = await recordKeyedFailure(tx, 'email', sha256Hex(input.email), rule);
    }
    await appendAudit(tx, {
      bankId: user?.bank_id ?? deps.bankId,
      actorId: null,
      actorLabel: user ? actorLabelOf(user) : 'inconnu',
      action: 'auth.login_failed',
      targetType: user ? 'staff_user' : null,
      targetId: user?.id ?? null,
      details: {
        email: input.email,
        ip: ctx.ip,
        reason,
        ...(accountLocked ? { accountLocked: true } : {}),
        ...(ipLocked ? { ipLocked: true } : {}),
      },
    });
    return { ipLocked, accountLocked };
  });
  if (locks.accountLocked) throw staffErrors.accountLocked();
  if (locks.ipLocked) throw staffErrors.ipLocked();
  throw reason === 'bad_totp' ? staffErrors.totpInvalid() : staffErrors.invalidCredentials();
}

const isLocked = (until: Date | null, now: Date) => !!until && until.getTime() > now.getTime();

/**
 * Password, then lockouts, then the second factor. A locked IP or account is refused before the
 * password is even checked (and not audited again: an attack must not flood the audit chain).
 */
export async function login(deps: AppDeps, input: LoginRequest, ctx: LoginContext): Promise<LoginOutcome> {
  const db = deps.database.db;
  const now = new Date();
  if (isLocked(await keyedLockedUntil(db, 'ip', ctx.ip), now)) throw staffErrors.ipLocked();
  const user = await findLoginUserByEmail(db, input.email);
  if (!user) {
    if (isLocked(await keyedLockedUntil(db, 'email', sha256Hex(input.email)), now)) throw staffErrors.accountLocked();
    await spendPasswordCheckTime(input.password);
    return failLogin(deps, input, ctx, undefined, 'unknown_account');
  }
  if (isLocked(user.locked_until, now)) throw staffErrors.accountLocked();
  if (!user.password_hash) {
    await spendPasswordCheckTime(input.password);
    return failLogin(deps, input, ctx, user, 'no_password');
  }
  if (!(await verifyPassword(user.password_hash, input.password))) return failLogin(deps, input, ctx, user, 'bad_password');
  if (!user.active) return failLogin(deps, input, ctx, user, 'inactive');
  if (user.totp_enabled) {
    // The client asks for the code and sends e-mail, password and code again: no half-open session.
    if (!input.totp) return { status: 'totp_required' };
    if (!user.totp_secret || !(await checkTotp(user.totp_secret, input.totp))) return failLogin(deps, input, ctx, user, 'bad_totp');
  }
  const pendingTotp = deps.config.NODE_ENV === 'production' && TOTP_REQUIRED_ROLES.includes(user.role) && !user.totp_enabled;
  const session = await db.transaction().execute(async (tx) => {
    await updateLoginState(tx, user.id, { failedLoginCount: 0, lockedUntil: null });
    if (ctx.currentTokenHash) await deleteSession(tx, ctx.currentTokenHash);
    const created = await createSession(tx, user.id, { pendingTotp });
    await appendAudit(tx, {
      bankId: user.bank_id,
      actorId: user.id,
      actorLabel: actorLabelOf(user),
      action: 'auth.login',
      targetType: 'staff_user',
      targetId: user.id,
      details: { ip: ctx.ip, secondFactor: user.totp_enabled, ...(pendingTotp ? { pendingTotpSetup: true } : {}) },
    });
    return created;
  });
  if (pendingTotp) return { status: 'totp_setup_required', session };
  return { status: 'ok', session, me: meOf(user, await teamIdsOf(deps, user.id), session.csrfToken) };
}

export async function logout(deps: AppDeps, session: ResolvedSession, ip: string): Promise<void> {
  await deps.database.db.transaction().execute(async (tx) => {
    await deleteSession(tx, session.tokenHash);
    await appendAudit(tx, {
      bankId: session.principal.bankId,
      actorId: session.principal.userId,
      actorLabel: `${session.principal.displayName} (${session.principal.role})`,
      action: 'auth.logout',
      targetType: 'staff_user',
      targetId: session.principal.userId,
      details: { ip },
    });
  });
}

export async function getMe(deps: AppDeps, session: ResolvedSession): Promise<Me> {
  const user = await findLoginUserById(deps.database.db, session.principal.userId);
  if (!user) throw staffErrors.notSignedIn();
  return meOf(user, session.principal.teamIds, session.csrfToken);
}

/**
 * A new secret, stored but not yet enabled: it only counts once a code from it has been checked.
 * Refused when TOTP is already on, so a stolen session cannot swap the second factor.
 */
export async function startTotpSetup(deps: AppDeps, session: ResolvedSession): Promise<TotpSetupResponse> {
  const user = await findLoginUserById(deps.database.db, session.principal.userId);
  if (!user) throw staffErrors.notSignedIn();
  if (user.totp_enabled) throw staffErrors.totpAlreadyEnabled();
  const secret = generateSecret();
  await setTotp(deps.database.db, user.id, { secret, enabled: false });
  return { secret, otpauthUrl: generateURI({ issuer: TOTP_ISSUER, label: user.email, secret }) };
}

/** Enables TOTP; a pending session (production set-up) becomes a full one under a new token. */
export async function enableTotp(
  deps: AppDeps,
  session: ResolvedSession,
  code: string,
): Promise<{ me: Me; newSession: NewSession | null }> {
  const user = await findLoginUserById(deps.database.db, session.principal.userId);
  if (!user) throw staffErrors.notSignedIn();
  if (user.totp_enabled) throw staffErrors.totpAlreadyEnabled();
  if (!user.totp_secret) throw staffErrors.totpSetupMissing();
  if (!(await checkTotp(user.totp_secret, code))) throw staffErrors.totpInvalid();
  const newSession = await deps.database.db.transaction().execute(async (tx) => {
    await setTotp(tx, user.id, { secret: user.totp_secret, enabled: true });
    let created: NewSession | null = null;
    if (session.pendingTotp) {
      await deleteSession(tx, session.tokenHash);
      created = await createSession(tx, user.id);
    }
    await appendAudit(tx, {
      bankId: user.bank_id,
      actorId: user.id,
      actorLabel: actorLabelOf(user),
      action: 'auth.totp_enabled',
      targetType: 'staff_user',
      targetId: user.id,
    });
    return created;
  });
  const me = meOf({ ...user, totp_enabled: true }, session.principal.teamIds, newSession?.csrfToken ?? session.csrfToken);
  return { me, newSession };
}
