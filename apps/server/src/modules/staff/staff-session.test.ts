import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../platform/auth/password.ts';
import { SESSION_COOKIE } from '../../platform/auth/staff-principal.ts';
import {
  authenticateSessionToken,
  isSessionAlive,
  SESSION_IDLE_MS,
  sessionTokenFromCookieHeader,
} from '../../platform/auth/staff-session.service.ts';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, buildTestServer, type SignedIn, signIn, TEST_PUBLIC_URL, type TestDeps } from '../../platform/testing/test-app.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { registerStaffRoutes } from './staff.routes.ts';
import { createStaffUser } from './staff.service.ts';

const PASSWORD = 'un mot de passe solide';

describe('password hashing', () => {
  it('uses argon2id', async () => {
    expect(await hashPassword('quelque chose de long')).toMatch(/^\$argon2id\$/);
  });
});

describe('sessionTokenFromCookieHeader', () => {
  it('finds the session cookie among others', () => {
    expect(sessionTokenFromCookieHeader(`a=1; ${SESSION_COOKIE}=abc-_123; b=2`)).toBe('abc-_123');
    expect(sessionTokenFromCookieHeader('a=1')).toBeNull();
    expect(sessionTokenFromCookieHeader(undefined)).toBeNull();
  });
});

describe.each(testDatabaseTargets())('staff sessions and CSRF on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;
  let n = 0;

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database);
    app = await buildTestServer(deps, (a) => registerStaffRoutes(a, deps));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function signedInAgent(): Promise<SignedIn & { userId: string; token: string }> {
    const email = `agent${n++}@banque.test`;
    const user = await createStaffUser(deps, { email, password: PASSWORD, displayName: 'Agent', firstName: 'Agent', role: 'agent' });
    const session = await signIn(app, email, PASSWORD);
    return { ...session, userId: user.id, token: session.cookie.slice(SESSION_COOKIE.length + 1) };
  }
  const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  const totpSetup = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers });

  it('refuses a state-changing call without the CSRF token, with a wrong one, or from a foreign origin', async () => {
    const s = await signedInAgent();
    const noToken = await totpSetup({ cookie: s.cookie, origin: TEST_PUBLIC_URL });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf');
    expect((await totpSetup({ ...s.headers, 'x-csrf-token': 'faux' })).statusCode).toBe(403);
    expect((await totpSetup({ ...s.headers, origin: 'https://evil.example' })).statusCode).toBe(403);
    const { origin: _origin, ...withoutOrigin } = s.headers;
    expect((await totpSetup(withoutOrigin)).statusCode).toBe(403);
    expect((await totpSetup({ ...withoutOrigin, referer: `${TEST_PUBLIC_URL}/parametres` })).statusCode).toBe(200);
    expect((await totpSetup(s.headers)).statusCode).toBe(200);
    // Same host as the request, though not the public URL (a second hostname of the deployment).
    expect((await totpSetup({ ...s.headers, origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(200);
  });

  it('checks the origin of the sign-in form itself', async () => {
    await createStaffUser(deps, { email: 'origin@banque.test', password: PASSWORD, displayName: 'O', firstName: 'O', role: 'agent' });
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: 'origin@banque.test', password: PASSWORD },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('csrf');
  });

  it('logout deletes the session on the server: the old cookie gets 401', async () => {
    const s = await signedInAgent();
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    expect((await me(s.cookie)).statusCode).toBe(401);
    expect(await database.db.selectFrom('staff_sessions').select('token_hash').where('user_id', '=', s.userId).execute()).toEqual([]);
    const audited = await database.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'auth.logout').execute();
    expect(audited.map((r) => r.actor_id)).toContain(s.userId);
  });

  it('slides the idle clock, expires after 30 idle minutes and after 12 hours whatever', async () => {
    const s = await signedInAgent();
    const session = () =>
      database.db.selectFrom('staff_sessions').select(['last_seen_at']).where('user_id', '=', s.userId).executeTakeFirst();
    const setLastSeen = (msAgo: number) =>
      database.db
        .updateTable('staff_sessions')
        .set({ last_seen_at: new Date(Date.now() - msAgo) })
        .where('user_id', '=', s.userId)
        .execute();

    await setLastSeen(5 * 60_000);
    expect((await me(s.cookie)).statusCode).toBe(200);
    expect(Date.now() - (await session())!.last_seen_at.getTime()).toBeLessThan(10_000); // slid forward

    await setLastSeen(SESSION_IDLE_MS + 60_000);
    expect((await me(s.cookie)).statusCode).toBe(401);
    expect(await session()).toBeUndefined(); // deleted on sight

    const t = await signedInAgent();
    await database.db
      .updateTable('staff_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', t.userId)
      .execute();
    expect((await me(t.cookie)).statusCode).toBe(401);
  });

  it('authenticateSessionToken and isSessionAlive serve the WebSocket gateway', async () => {
    const s = await signedInAgent();
    const principal = await authenticateSessionToken(deps, s.token);
    expect(principal).toMatchObject({ userId: s.userId, bankId: deps.bankId, role: 'agent', csrfToken: s.csrfToken });
    expect(await isSessionAlive(deps, principal!.sessionId)).toBe(true);
    expect(await authenticateSessionToken(deps, 'nimporte-quoi')).toBeNull();
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(await isSessionAlive(deps, principal!.sessionId)).toBe(false);
    expect(await authenticateSessionToken(deps, s.token)).toBeNull();
  });
});
