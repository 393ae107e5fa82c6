import { randomUUID } from 'node:crypto';
import type { InviteStaffResponse, StaffDirectoryEntry, StaffUser, Team } from '@agora/contracts/admin.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { deleteUserSessions } from '../../platform/auth/staff-session.service.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { staffErrors } from './staff.errors.ts';
import * as repo from './staff.repository.ts';
import { LOCKOUT_MS, MAX_LOGIN_FAILURES } from './staff-login.service.ts';

export const INVITATION_TTL_MS = 72 * 60 * 60_000;
export const RESET_TTL_MS = 24 * 60 * 60_000;

const actorOf = (p: StaffPrincipal) => ({ bankId: p.bankId, actorId: p.userId, actorLabel: `${p.displayName} (${p.role})` });

async function assertBankTeams(tx: Transaction<DB>, bankId: string, teamIds: string[]) {
  const unique = [...new Set(teamIds)];
  if ((await repo.countBankTeams(tx, bankId, unique)) !== unique.length) throw staffErrors.unknownTeam();
  return unique;
}

async function issueLink(tx: Transaction<DB>, deps: AppDeps, userId: string, purpose: 'invite' | 'reset'): Promise<string> {
  const token = randomToken(32);
  const ttl = purpose === 'invite' ? INVITATION_TTL_MS : RESET_TTL_MS;
  await repo.replaceInvitation(tx, { tokenHash: sha256Hex(token), userId, purpose, expiresAt: new Date(Date.now() + ttl) });
  return `${deps.config.publicUrl}/invitation/${token}`;
}

export function listStaffUsers(deps: AppDeps, actor: StaffPrincipal): Promise<StaffUser[]> {
  return repo.listStaffUsers(deps.database.db, actor.bankId);
}

export function listTeams(deps: AppDeps, actor: StaffPrincipal): Promise<Team[]> {
  return repo.listTeams(deps.database.db, actor.bankId);
}

/** Active colleagues of the same bank, without e-mail or security state: for the assignee picker. */
export async function listStaffDirectory(deps: AppDeps, actor: StaffPrincipal): Promise<StaffDirectoryEntry[]> {
  const users = await repo.listStaffUsers(deps.database.db, actor.bankId, { activeOnly: true });
  return users.map((u) => ({ id: u.id, displayName: u.displayName, firstName: u.firstName, role: u.role, teamIds: u.teamIds }));
}

/** Creates the account without a password and a one-time link to choose it (no e-mail is sent here). */
export async function inviteStaff(
  deps: AppDeps,
  actor: StaffPrincipal,
  input: { email: string; displayName: string; firstName: string; role: Role; teamIds: string[] },
): Promise<InviteStaffResponse> {
  const userId = randomUUID();
  const inviteUrl = await deps.database.db.transaction().execute(async (tx) => {
    const teamIds = await assertBankTeams(tx, actor.bankId, input.teamIds);
    if (await repo.emailExists(tx, input.email)) throw staffErrors.emailTaken();
    await repo.insertStaffUser(tx, {
      id: userId,
      bankId: actor.bankId,
      email: input.email,
      displayName: input.displayName,
      firstName: input.firstName,
      role: input.role,
      passwordHash: null,
    });
    await repo.replaceTeams(tx, userId, teamIds);
    const url = await issueLink(tx, deps, userId, 'invite');
    await appendAudit(tx, {
      ...actorOf(actor),
      action: 'staff.invited',
      targetType: 'staff_user',
      targetId: userId,
      details: { email: input.email, role: input.role, teamIds },
    });
    return url;
  });
  const user = await repo.findStaffUser(deps.database.db, actor.bankId, userId);
  if (!user) throw staffErrors.userNotFound();
  return { user, inviteUrl };
}

/**
 * Role, teams and activation in one transaction. Deactivation ends every session of the account
 * in that transaction, then tells the WebSocket gateways, so the person is out at once.
 */
export async function updateStaff(
  deps: AppDeps,
  actor: StaffPrincipal,
  userId: string,
  patch: { role?: Role; teamIds?: string[]; active?: boolean },
): Promise<StaffUser> {
  const ended = await deps.database.db.transaction().execute(async (tx) => {
    const activeAdmins = await repo.lockActiveAdminIds(tx, actor.bankId);
    const before = await repo.findStaffUser(tx, actor.bankId, userId, { forUpdate: true });
    if (!before) throw staffErrors.userNotFound();
    if (patch.active === false && userId === actor.userId) throw staffErrors.cannotDeactivateSelf();
    const stillAdmin = (patch.role ?? before.role) === 'admin' && (patch.active ?? before.active);
    if (activeAdmins.includes(userId) && !stillAdmin && activeAdmins.length <= 1) throw staffErrors.lastAdmin();

    const audit = (action: string, details: Record<string, unknown> = {}) =>
      appendAudit(tx, { ...actorOf(actor), action, targetType: 'staff_user', targetId: userId, details });
    const columns: { role?: Role; active?: boolean } = {};
    if (patch.role !== undefined && patch.role !== before.role) {
      columns.role = patch.role;
      await audit('staff.role_changed', { from: before.role, to: patch.role });
    }
    if (patch.active !== undefined && patch.active !== before.active) {
      columns.active = patch.active;
      await audit(patch.active ? 'staff.reactivated' : 'staff.deactivated');
    }
    await repo.updateStaffColumns(tx, actor.bankId, userId, columns);
    if (patch.teamIds !== undefined) {
      const teamIds = (await assertBankTeams(tx, actor.bankId, patch.teamIds)).sort();
      if (teamIds.join() !== [...before.teamIds].sort().join()) {
        await repo.replaceTeams(tx, userId, teamIds);
        await audit('staff.teams_changed', { from: before.teamIds, to: teamIds });
      }
    }
    if (columns.active === false) {
      await deleteUserSessions(tx, userId);
      return true;
    }
    return false;
  });
  if (ended) deps.onSessionsEnded(userId);
  const user = await repo.findStaffUser(deps.database.db, actor.bankId, userId);
  if (!user) throw staffErrors.userNotFound();
  return user;
}

/**
 * A one-time link (24 h) to choose a new password. The old password stops working and every
 * session ends: an admin resets an account because it may be in the wrong hands.
 */
export async function resetStaffPassword(deps: AppDeps, actor: StaffPrincipal, userId: string): Promise<{ resetUrl: string }> {
  const resetUrl = await deps.database.db.transaction().execute(async (tx) => {
    const user = await repo.findStaffUser(tx, actor.bankId, userId, { forUpdate: true });
    if (!user) throw staffErrors.userNotFound();
    await repo.setPasswordHash(tx, userId, null);
    await deleteUserSessions(tx, userId);
    const url = await issueLink(tx, deps, userId, 'reset');
    await appendAudit(tx, { ...actorOf(actor), action: 'staff.password_reset', targetType: 'staff_user', targetId: userId });
    return url;
  });
  deps.onSessionsEnded(userId);
  return { resetUrl };
}

/**
 * Sets the password from an invitation or reset link, once. A wrong or spent token counts as a
 * failure of the caller's IP (the same counter as sign-in), so links cannot be guessed at speed.
 */
export async function acceptInvitation(deps: AppDeps, input: { token: string; password: string }, ip: string): Promise<void> {
  const db = deps.database.db;
  const now = new Date();
  const ipLock = await repo.keyedLockedUntil(db, 'ip', ip);
  if (ipLock && ipLock > now) throw staffErrors.ipLocked();
  const passwordHash = await hashPassword(input.password);
  const accepted = await db.transaction().execute(async (tx) => {
    const claimed = await repo.claimInvitation(tx, sha256Hex(input.token), now);
    const user = claimed && (await repo.findLoginUserById(tx, claimed.userId));
    if (!claimed || !user?.active) return false;
    await repo.setPasswordHash(tx, user.id, passwordHash);
    await appendAudit(tx, {
      bankId: user.bank_id,
      actorId: user.id,
      actorLabel: `${user.display_name} (${user.role})`,
      action: claimed.purpose === 'invite' ? 'staff.invitation_accepted' : 'staff.password_changed',
      targetType: 'staff_user',
      targetId: user.id,
      details: { ip },
    });
    return true;
  });
  if (accepted) return;
  const locked = await repo.recordKeyedFailure(db, 'ip', ip, {
    now,
    windowStart: new Date(now.getTime() - LOCKOUT_MS),
    limit: MAX_LOGIN_FAILURES,
    lockUntil: new Date(now.getTime() + LOCKOUT_MS),
  });
  throw locked ? staffErrors.ipLocked() : staffErrors.invitationInvalid();
}

export interface NewStaffUser {
  email: string;
  displayName: string;
  firstName: string;
  role: Role;
  teamIds?: string[];
  password: string;
  /** The demo seed may hand a known TOTP secret to a demo account. */
  totpSecret?: string;
}

/** An account with a password, created by the system (first admin, demo seed), audited as such. */
export async function createStaffUser(deps: AppDeps, input: NewStaffUser): Promise<StaffUser> {
  const userId = randomUUID();
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  await deps.database.db.transaction().execute(async (tx) => {
    const teamIds = await assertBankTeams(tx, deps.bankId, input.teamIds ?? []);
    if (await repo.emailExists(tx, email)) throw staffErrors.emailTaken();
    await repo.insertStaffUser(tx, {
      id: userId,
      bankId: deps.bankId,
      email,
      displayName: input.displayName,
      firstName: input.firstName,
      role: input.role,
      passwordHash,
    });
    await repo.replaceTeams(tx, userId, teamIds);
    if (input.totpSecret) await repo.setTotp(tx, userId, { secret: input.totpSecret, enabled: true });
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: null,
      actorLabel: 'système',
      action: 'staff.created',
      targetType: 'staff_user',
      targetId: userId,
      details: { email, role: input.role, teamIds },
    });
  });
  const user = await repo.findStaffUser(deps.database.db, deps.bankId, userId);
  if (!user) throw staffErrors.userNotFound();
  return user;
}

/**
 * Creates the admin named by AGORA_ADMIN_EMAIL / AGORA_ADMIN_PASSWORD at start when no account has
 * that address. An existing account is left alone: restarting never resets a changed password.
 */
export async function ensureFirstAdmin(deps: AppDeps): Promise<StaffUser | null> {
  const { AGORA_ADMIN_EMAIL: email, AGORA_ADMIN_PASSWORD: password } = deps.config;
  if (!email || !password) return null;
  if (await repo.emailExists(deps.database.db, email.trim().toLowerCase())) return null;
  const name = email.split('@')[0] ?? 'admin';
  const user = await createStaffUser(deps, { email, password, role: 'admin', displayName: `Administrateur (${name})`, firstName: 'Admin' });
  deps.logger.info({ userId: user.id }, 'first admin account created from AGORA_ADMIN_EMAIL');
  return user;
}
