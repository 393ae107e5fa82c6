import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import {
  buildTestDeps,
  buildTestServer,
  freshTestIp,
  type SignedIn,
  signIn,
  TEST_PUBLIC_URL,
  type TestDeps,
} from '../../platform/testing/test-app.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { registerAuditRoutes } from '../audit/audit.routes.ts';
import { registerStaffRoutes } from './staff.routes.ts';
import { createStaffUser, ensureFirstAdmin } from './staff.service.ts';

const PASSWORD = 'un mot de passe solide';
const NEW_PASSWORD = 'un autre mot de passe solide';

describe.each(testDatabaseTargets())('staff administration on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;
  let admin: SignedIn;
  let adminId: string;
  const onSessionsEnded = vi.fn();
  let n = 0;

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database, { onSessionsEnded });
    app = await buildTestServer(deps, async (a) => {
      await registerStaffRoutes(a, deps);
      await registerAuditRoutes(a, deps);
    });
    adminId = (
      await createStaffUser(deps, {
        email: 'admin@banque.test',
        password: PASSWORD,
        displayName: 'Alice Admin',
        firstName: 'Alice',
        role: 'admin',
      })
    ).id;
    admin = await signIn(app, 'admin@banque.test', PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: SignedIn | null, payload?: unknown) =>
    app.inject({
      method,
      url,
      remoteAddress: freshTestIp(),
      headers: who ? who.headers : { origin: TEST_PUBLIC_URL },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  async function agent(role: 'agent' | 'compliance' | 'admin' = 'agent') {
    const email = `staff${n++}@banque.test`;
    const user = await createStaffUser(deps, {
      email,
      password: PASSWORD,
      displayName: `Staff ${n}`,
      firstName: 'Staff',
      role,
      teamIds: [deps.testBank.teamIds[0]],
    });
    return { user, email, session: await signIn(app, email, PASSWORD) };
  }
  const tokenOf = (url: string) => url.split('/invitation/')[1]!;
  const actions = async () => (await database.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);

  it('refuses admin routes to non-admins (403) and to strangers (401)', async () => {
    const { user, session } = await agent();
    expect((await call('GET', '/api/admin/users', session)).statusCode).toBe(403);
    expect(
      (await call('POST', '/api/admin/users', session, { email: 'x@banque.test', displayName: 'X', firstName: 'X', role: 'admin' }))
        .statusCode,
    ).toBe(403);
    expect((await call('PATCH', `/api/admin/users/${user.id}`, session, { role: 'admin' })).statusCode).toBe(403);
    expect((await call('POST', `/api/admin/users/${adminId}/reset-password`, session)).statusCode).toBe(403);
    expect((await call('GET', '/api/admin/users', null)).statusCode).toBe(401);
    expect((await call('GET', '/api/audit', session)).statusCode).toBe(403);
  });

  it('invites, lets the invitee choose a password once, then sign in', async () => {
    const invited = await call('POST', '/api/admin/users', admin, {
      email: 'Nouvelle@Banque.test',
      displayName: 'Nina Nouvelle',
      firstName: 'Nina',
      role: 'advisor',
      teamIds: [deps.testBank.teamIds[1]],
    });
    expect(invited.statusCode).toBe(201);
    const { user, inviteUrl } = invited.json();
    expect(user).toMatchObject({ email: 'nouvelle@banque.test', role: 'advisor', teamIds: [deps.testBank.teamIds[1]], active: true });
    expect(inviteUrl).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/invitation/[\\w-]{40,}$`));
    expect((await call('POST', '/api/auth/login', null, { email: 'nouvelle@banque.test', password: NEW_PASSWORD })).statusCode).toBe(401);
    expect((await call('POST', '/api/auth/accept-invite', null, { token: tokenOf(inviteUrl), password: 'court' })).statusCode).toBe(400);
    expect((await call('POST', '/api/auth/accept-invite', null, { token: tokenOf(inviteUrl), password: NEW_PASSWORD })).statusCode).toBe(
      204,
    );
    const reused = await call('POST', '/api/auth/accept-invite', null, { token: tokenOf(inviteUrl), password: NEW_PASSWORD });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('invitation_invalid');
    await signIn(app, 'nouvelle@banque.test', NEW_PASSWORD);
    expect(
      (await call('POST', '/api/admin/users', admin, { email: 'nouvelle@banque.test', displayName: 'N', firstName: 'N', role: 'agent' }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await call('POST', '/api/admin/users', admin, {
          email: 'autre@banque.test',
          displayName: 'N',
          firstName: 'N',
          role: 'agent',
          teamIds: ['00000000-0000-4000-8000-000000000000'],
        })
      ).statusCode,
    ).toBe(400);
    expect(await actions()).toEqual(expect.arrayContaining(['staff.invited', 'staff.invitation_accepted']));
  });

  it('refuses an expired invitation', async () => {
    const { inviteUrl, user } = (
      await call('POST', '/api/admin/users', admin, { email: 'tard@banque.test', displayName: 'T', firstName: 'T', role: 'agent' })
    ).json();
    await database.db
      .updateTable('staff_invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    expect((await call('POST', '/api/auth/accept-invite', null, { token: tokenOf(inviteUrl), password: NEW_PASSWORD })).statusCode).toBe(
      400,
    );
  });

  it('resets a password: sessions end, the old password stops working, the link sets a new one', async () => {
    const { user, email, session } = await agent();
    onSessionsEnded.mockClear();
    const reset = await call('POST', `/api/admin/users/${user.id}/reset-password`, admin);
    expect(reset.statusCode).toBe(200);
    const { resetUrl } = reset.json();
    expect(onSessionsEnded).toHaveBeenCalledWith(user.id);
    expect((await call('GET', '/api/auth/me', session)).statusCode).toBe(401);
    expect((await call('POST', '/api/auth/login', null, { email, password: PASSWORD })).statusCode).toBe(401);
    expect((await call('POST', '/api/auth/accept-invite', null, { token: tokenOf(resetUrl), password: NEW_PASSWORD })).statusCode).toBe(
      204,
    );
    await signIn(app, email, NEW_PASSWORD);
    expect(await actions()).toEqual(expect.arrayContaining(['staff.password_reset', 'staff.password_changed']));
  });

  it('deactivation ends every session of the user at once and tells the gateways; reactivation is audited', async () => {
    const { user, email, session } = await agent();
    const second = await signIn(app, email, PASSWORD);
    onSessionsEnded.mockClear();
    const patched = await call('PATCH', `/api/admin/users/${user.id}`, admin, { active: false });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: user.id, active: false });
    expect((await call('GET', '/api/auth/me', session)).statusCode).toBe(401);
    expect((await call('GET', '/api/auth/me', second)).statusCode).toBe(401);
    expect(onSessionsEnded).toHaveBeenCalledExactlyOnceWith(user.id);
    expect((await call('POST', '/api/auth/login', null, { email, password: PASSWORD })).statusCode).toBe(401);
    expect((await call('PATCH', `/api/admin/users/${user.id}`, admin, { active: true })).json()).toMatchObject({ active: true });
    await signIn(app, email, PASSWORD);
    expect(await actions()).toEqual(expect.arrayContaining(['staff.deactivated', 'staff.reactivated']));
  });

  it('changes role and teams (audited), and keeps at least one active admin', async () => {
    const { user } = await agent();
    const patched = await call('PATCH', `/api/admin/users/${user.id}`, admin, { role: 'supervisor', teamIds: deps.testBank.teamIds });
    expect(patched.json()).toMatchObject({ role: 'supervisor', teamIds: [...deps.testBank.teamIds].sort() });
    const rows = await database.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', user.id).execute();
    expect(rows.find((r) => r.action === 'staff.role_changed')?.details).toEqual({ from: 'agent', to: 'supervisor' });
    expect(rows.some((r) => r.action === 'staff.teams_changed')).toBe(true);

    const self = await call('PATCH', `/api/admin/users/${adminId}`, admin, { active: false });
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('cannot_deactivate_self');
    const demote = await call('PATCH', `/api/admin/users/${adminId}`, admin, { role: 'agent' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('last_admin');
    // With a second admin, the first may step down.
    const other = await agent('admin');
    expect((await call('PATCH', `/api/admin/users/${other.user.id}`, admin, { role: 'compliance' })).statusCode).toBe(200);
    expect((await call('PATCH', '/api/admin/users/not-a-uuid', admin, { role: 'agent' })).statusCode).toBe(400);
    expect((await call('PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000', admin, { role: 'agent' })).statusCode).toBe(404);
  });

  it('lists users for admins, teams and the staff directory for any staff member', async () => {
    const { session } = await agent();
    const users = (await call('GET', '/api/admin/users', admin)).json();
    expect(users.some((u: { email: string }) => u.email === 'admin@banque.test')).toBe(true);
    const teams = (await call('GET', '/api/teams', session)).json();
    expect(teams.map((t: { id: string }) => t.id).sort()).toEqual([...deps.testBank.teamIds].sort());
    const directory = (await call('GET', '/api/staff', session)).json();
    expect(directory.length).toBeGreaterThan(0);
    expect(Object.keys(directory[0]).sort()).toEqual(['displayName', 'firstName', 'id', 'role', 'teamIds']);
  });

  it('pages the audit trail newest first for compliance, filtered by action', async () => {
    const { session } = await agent('compliance');
    const first = (await call('GET', '/api/audit?limit=2', session)).json();
    expect(first.items).toHaveLength(2);
    expect(first.items[0].id).toBeGreaterThan(first.items[1].id);
    const next = (await call('GET', `/api/audit?limit=2&cursor=${first.nextCursor}`, session)).json();
    expect(next.items[0].id).toBeLessThan(first.items[1].id);
    const logins = (await call('GET', '/api/audit?action=auth.login&limit=200', session)).json();
    expect(logins.items.length).toBeGreaterThan(0);
    expect(logins.items.every((i: { action: string }) => i.action === 'auth.login')).toBe(true);
    expect((await call('GET', '/api/audit?limit=0', session)).statusCode).toBe(400);
  });

  it('ensureFirstAdmin creates the configured admin once', async () => {
    const withAdmin = {
      ...deps,
      config: { ...deps.config, AGORA_ADMIN_EMAIL: 'premier@banque.test', AGORA_ADMIN_PASSWORD: 'premier mot de passe' },
    };
    expect(await ensureFirstAdmin(withAdmin)).toMatchObject({ email: 'premier@banque.test', role: 'admin' });
    expect(await ensureFirstAdmin(withAdmin)).toBeNull();
    await signIn(app, 'premier@banque.test', 'premier mot de passe');
  });
});
