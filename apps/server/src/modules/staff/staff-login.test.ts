import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../platform/auth/staff-principal.ts';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, buildTestServer, freshTestIp, signIn, TEST_PUBLIC_URL, type TestDeps } from '../../platform/testing/test-app.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { registerStaffRoutes } from './staff.routes.ts';
import { createStaffUser } from './staff.service.ts';

const PASSWORD = 'un mot de passe solide';
const BAD_CREDENTIALS = 'E-mail ou mot de passe incorrect.';
const freshIp = freshTestIp;

describe.each(testDatabaseTargets())('staff sign-in on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database);
    app = await buildTestServer(deps, (a) => registerStaffRoutes(a, deps));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const newUser = (email: string, extra: { role?: 'agent' | 'admin' | 'supervisor'; totpSecret?: string } = {}) =>
    createStaffUser(deps, {
      email,
      password: PASSWORD,
      displayName: `Test ${email}`,
      firstName: 'Test',
      role: extra.role ?? 'agent',
      teamIds: [deps.testBank.teamIds[0]],
      totpSecret: extra.totpSecret,
    });
  const login = (payload: Record<string, unknown>, ip = freshIp(), headers: Record<string, string> = {}, target = app) =>
    target.inject({ method: 'POST', url: '/api/auth/login', payload, remoteAddress: ip, headers: { origin: TEST_PUBLIC_URL, ...headers } });
  const auditRows = (action: string) =>
    database.db.selectFrom('audit_log').select(['actor_id', 'target_id', 'details']).where('action', '=', action).execute();

  it('signs in with the right password, sets a hardened cookie, and audits it', async () => {
    const user = await newUser('camille@banque.test');
    const response = await login({ email: 'Camille@Banque.test', password: PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      status: 'ok',
      me: { id: user.id, email: 'camille@banque.test', role: 'agent', teamIds: [deps.testBank.teamIds[0]], totpEnabled: false },
    });
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy(); // http public URL in tests
    const stored = await database.db.selectFrom('staff_sessions').select(['token_hash']).where('user_id', '=', user.id).execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(cookie.value); // only the hash is stored
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` } });
    expect(me.json()).toMatchObject({ id: user.id, csrfToken: body.me.csrfToken });
    expect((await auditRows('auth.login')).some((r) => r.actor_id === user.id)).toBe(true);
  });

  it('answers the same 401 for a wrong password and an unknown e-mail, and never audits the password', async () => {
    await newUser('dominique@banque.test');
    const wrong = await login({ email: 'dominique@banque.test', password: 'pas le bon mot de passe' });
    const unknown = await login({ email: 'personne@banque.test', password: 'pas le bon mot de passe' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.message).toBe(BAD_CREDENTIALS);
    expect(wrong.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    const failures = await auditRows('auth.login_failed');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(failures)).not.toContain('pas le bon mot de passe');
  });

  it('locks an account after 5 failures, even from different IPs, and says so the same way for unknown e-mails', async () => {
    await newUser('eve@banque.test');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login({ email: 'eve@banque.test', password: 'mauvais' })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await login({ email: 'eve@banque.test', password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('account_locked');

    for (let i = 0; i < 4; i++) await login({ email: 'fantome@banque.test', password: 'mauvais' });
    const ghost = await login({ email: 'fantome@banque.test', password: 'mauvais' });
    expect(ghost.statusCode).toBe(429);
    expect(ghost.json()).toEqual(locked.json());

    // After the lock expires the right password works again.
    await database.db
      .updateTable('staff_users')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('email', '=', 'eve@banque.test')
      .execute();
    expect((await login({ email: 'eve@banque.test', password: PASSWORD })).statusCode).toBe(200);
  });

  it('locks an IP after 5 failures whatever the accounts tried', async () => {
    await newUser('france@banque.test');
    const ip = freshIp();
    for (let i = 0; i < 4; i++) expect((await login({ email: `inconnu${i}@banque.test`, password: 'x' }, ip)).statusCode).toBe(401);
    expect((await login({ email: 'inconnu5@banque.test', password: 'x' }, ip)).statusCode).toBe(429);
    const blocked = await login({ email: 'france@banque.test', password: PASSWORD }, ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('too_many_attempts');
    expect((await login({ email: 'france@banque.test', password: PASSWORD })).statusCode).toBe(200);
  });

  it('resets the account counter on success', async () => {
    await newUser('gael@banque.test');
    for (let i = 0; i < 4; i++) await login({ email: 'gael@banque.test', password: 'mauvais' });
    expect((await login({ email: 'gael@banque.test', password: PASSWORD })).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login({ email: 'gael@banque.test', password: 'mauvais' })).statusCode).toBe(401);
  });

  it('asks for the TOTP code, refuses a wrong one (counted as a failure), accepts a real one', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await newUser('hugo@banque.test', { totpSecret: secret });
    const first = await login({ email: 'hugo@banque.test', password: PASSWORD });
    expect(first.json()).toEqual({ status: 'totp_required' });
    expect(first.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    const code = await generate({ secret });
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await login({ email: 'hugo@banque.test', password: PASSWORD, totp: wrongCode });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('totp_invalid');
    const row = await database.db
      .selectFrom('staff_users')
      .select(['failed_login_count'])
      .where('email', '=', 'hugo@banque.test')
      .executeTakeFirstOrThrow();
    expect(row.failed_login_count).toBe(1);
    const ok = await login({ email: 'hugo@banque.test', password: PASSWORD, totp: code });
    expect(ok.json()).toMatchObject({ status: 'ok', me: { totpEnabled: true } });
  });

  it('rotates the session at sign-in: the previous cookie dies', async () => {
    await newUser('ines@banque.test');
    const first = await signIn(app, 'ines@banque.test', PASSWORD);
    const again = await login({ email: 'ines@banque.test', password: PASSWORD }, freshIp(), { cookie: first.cookie });
    expect(again.statusCode).toBe(200);
    const newCookie = again.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    expect(`${SESSION_COOKIE}=${newCookie}`).not.toBe(first.cookie);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first.cookie } })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=${newCookie}` } })).statusCode,
    ).toBe(200);
  });

  it('in production, sends an admin without TOTP to a pending session that only allows TOTP setup', async () => {
    const prodDeps = { ...deps, config: { ...deps.config, NODE_ENV: 'production' as const, demoMode: false } };
    const prodApp = await buildTestServer(prodDeps, (a) => registerStaffRoutes(a, prodDeps));
    try {
      await newUser('jade@banque.test', { role: 'admin' });
      const response = await login({ email: 'jade@banque.test', password: PASSWORD }, freshIp(), {}, prodApp);
      const body = response.json();
      expect(body).toMatchObject({ status: 'totp_setup_required', csrfToken: expect.any(String) });
      const cookie = `${SESSION_COOKIE}=${response.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
      const headers = { cookie, 'x-csrf-token': body.csrfToken, origin: TEST_PUBLIC_URL };
      expect((await prodApp.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
      const setup = await prodApp.inject({ method: 'POST', url: '/api/auth/totp/setup', headers });
      expect(setup.statusCode).toBe(200);
      const { secret, otpauthUrl } = setup.json();
      expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Agora:jade%40banque\.test\?secret=/);
      const badEnable = await prodApp.inject({ method: 'POST', url: '/api/auth/totp/enable', headers, payload: { code: '12345' } });
      expect(badEnable.statusCode).toBe(400);
      const enable = await prodApp.inject({
        method: 'POST',
        url: '/api/auth/totp/enable',
        headers,
        payload: { code: await generate({ secret }) },
      });
      expect(enable.json()).toMatchObject({ status: 'ok', me: { totpEnabled: true, role: 'admin' } });
      const fullCookie = `${SESSION_COOKIE}=${enable.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
      expect((await prodApp.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401); // pending one is gone
      expect((await prodApp.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: fullCookie } })).statusCode).toBe(200);
      // From now on the code is required at sign-in.
      expect((await login({ email: 'jade@banque.test', password: PASSWORD }, freshIp(), {}, prodApp)).json()).toEqual({
        status: 'totp_required',
      });
      expect((await auditRows('auth.totp_enabled')).length).toBe(1);
    } finally {
      await prodApp.close();
    }
  });
});
