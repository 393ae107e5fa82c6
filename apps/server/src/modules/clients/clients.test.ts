import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SESSION_COOKIE } from '../../platform/auth/client-session.service.ts';
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
import { buildActiveClient, signInClient, totpNow } from '../../platform/testing/test-clients.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { registerStaffRoutes } from '../staff/staff.routes.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { registerClientRoutes } from './clients.routes.ts';

const STAFF_PASSWORD = 'mot de passe du personnel';
const SAME_MESSAGE = 'E-mail, mot de passe ou code incorrect.';

describe.each(testDatabaseTargets())('client accounts of the secure space on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;
  let advisor: SignedIn;
  let advisorId: string;
  let otherAdvisor: SignedIn;

  const staff = async (email: string, role: 'advisor' | 'agent' | 'admin') => {
    const user = await createStaffUser(deps, {
      email,
      password: STAFF_PASSWORD,
      displayName: `Test ${email}`,
      firstName: 'Nora',
      role,
      teamIds: [deps.testBank.teamIds[1]],
    });
    return { id: user.id, session: await signIn(app, email, STAFF_PASSWORD) };
  };

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database);
    app = await buildTestServer(deps, async (a) => {
      await registerStaffRoutes(a, deps);
      await registerClientRoutes(a, deps);
    });
    const a = await staff('nora.conseil@banque.test', 'advisor');
    advisor = a.session;
    advisorId = a.id;
    otherAdvisor = (await staff('karim.conseil@banque.test', 'advisor')).session;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = { origin: TEST_PUBLIC_URL }, ip = freshTestIp()) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers, remoteAddress: ip });
  const mailTo = (email: string) =>
    database.db
      .selectFrom('outgoing_mail')
      .select(['subject', 'text_body', 'kind'])
      .where('to_address', '=', email)
      .orderBy('created_at', 'desc')
      .execute();
  const tokenFrom = (text: string) => /\/espace\/activation\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';

  it('an advisor creates a client and invites them; the client activates with a password and an authenticator, and is signed in', async () => {
    const created = await post(
      '/api/clients',
      { firstName: 'Léa', lastName: 'Dubois', email: 'Lea.Dubois@example.fr', birthDate: '1990-04-12' },
      advisor.headers,
    );
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const row = await database.db
      .selectFrom('clients')
      .select(['advisor_id', 'email', 'birth_date'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ advisor_id: advisorId, email: 'lea.dubois@example.fr' });

    expect((await post(`/api/clients/${id}/invitation`, {}, advisor.headers)).statusCode).toBe(200);
    const [mail] = await mailTo('lea.dubois@example.fr');
    expect(mail?.kind).toBe('client.activation');
    const token = tokenFrom(mail?.text_body ?? '');
    expect(token.length).toBeGreaterThan(20);
    // Only the hash of the link is stored.
    const stored = await database.db.selectFrom('client_invitations').select(['token_hash']).where('client_id', '=', id).execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    const described = await app.inject({ url: `/api/client/auth/activation/${token}` });
    expect(described.json()).toMatchObject({ firstName: 'Léa', purpose: 'activate' });
    const setup = await post('/api/client/auth/activation/totp', { token });
    const { secret, qrSvg, otpauthUrl } = setup.json() as { secret: string; qrSvg: string; otpauthUrl: string };
    expect(qrSvg).toContain('<svg');
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);

    const weak = await post('/api/client/auth/activate', { token, password: 'court', totp: await generate({ secret }) });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toContain('12 caractères');
    const wrongCode = await post('/api/client/auth/activate', { token, password: 'un long mot de passe sûr', totp: '000000' });
    expect(wrongCode.statusCode).toBe(400);
    expect(wrongCode.json().error.code).toBe('totp_invalid');

    const activated = await post('/api/client/auth/activate', {
      token,
      password: 'un long mot de passe sûr',
      totp: await generate({ secret }),
    });
    expect(activated.statusCode).toBe(200);
    expect(activated.json()).toMatchObject({ status: 'ok', me: { firstName: 'Léa', advisor: { id: advisorId } } });
    const cookie = activated.cookies.find((c) => c.name === CLIENT_SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // The link is single-use.
    const again = await post('/api/client/auth/activate', {
      token,
      password: 'un autre mot de passe long',
      totp: await generate({ secret }),
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('client_link_invalid');
  });

  it("an advisor cannot invite another advisor's client; an agent cannot create clients", async () => {
    const client = await buildActiveClient(database, deps.bankId, { advisorId });
    const refused = await post(`/api/clients/${client.clientId}/invitation`, {}, otherAdvisor.headers);
    expect(refused.statusCode).toBe(403);
    const agent = await staff('agent.x@banque.test', 'agent');
    const create = await post('/api/clients', { firstName: 'A', lastName: 'B', email: 'ab@example.fr' }, agent.session.headers);
    expect(create.statusCode).toBe(403);
  });

  it('asks for the second factor without checking anything, then checks everything at once with one message', async () => {
    const client = await buildActiveClient(database, deps.bankId, { advisorId });
    const step = await post('/api/client/auth/login', { email: client.email, password: 'wrong password' });
    expect(step.json()).toEqual({ status: 'second_factor_required', methods: ['totp', 'passkey'] });
    const unknown = await post('/api/client/auth/login', { email: 'nobody@example.fr', password: 'x' });
    expect(unknown.json()).toEqual(step.json());

    const badPassword = await post('/api/client/auth/login', {
      email: client.email,
      password: 'wrong password',
      totp: await totpNow(client),
    });
    const badCode = await post('/api/client/auth/login', { email: client.email, password: client.password, totp: '000000' });
    const noAccount = await post('/api/client/auth/login', { email: 'nobody@example.fr', password: 'x', totp: '123456' });
    for (const r of [badPassword, badCode, noAccount]) {
      expect(r.statusCode).toBe(401);
      expect(r.json().error.message).toBe(SAME_MESSAGE);
    }
    const ok = await post('/api/client/auth/login', {
      email: client.email.toUpperCase(),
      password: client.password,
      totp: await totpNow(client),
    });
    expect(ok.statusCode).toBe(200);
  });

  it('locks the account after five failures, whatever factor failed, even for the right factors', async () => {
    const client = await buildActiveClient(database, deps.bankId);
    for (let i = 0; i < 5; i++) {
      const payload = i % 2 ? { password: 'faux', totp: await totpNow(client) } : { password: client.password, totp: '000000' };
      await post('/api/client/auth/login', { email: client.email, ...payload });
    }
    const locked = await post('/api/client/auth/login', { email: client.email, password: client.password, totp: await totpNow(client) });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('client_account_locked');
  });

  it('rotates the session at sign-in, ends it at logout, and refuses state changes without the CSRF token', async () => {
    const client = await buildActiveClient(database, deps.bankId);
    const first = await signInClient(app, client);
    const second = await post(
      '/api/client/auth/login',
      { email: client.email, password: client.password, totp: await totpNow(client) },
      { origin: TEST_PUBLIC_URL, cookie: first.cookie },
    );
    expect(second.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/client/auth/session', headers: { cookie: first.cookie } })).statusCode).toBe(401);
    const cookie = `${CLIENT_SESSION_COOKIE}=${second.cookies.find((c) => c.name === CLIENT_SESSION_COOKIE)?.value}`;
    const csrf = (second.json() as { me: { csrfToken: string } }).me.csrfToken;
    const noToken = await post('/api/client/auth/keepalive', {}, { origin: TEST_PUBLIC_URL, cookie });
    expect(noToken.statusCode).toBe(403);
    const crossSite = await post('/api/client/auth/keepalive', {}, { origin: 'https://evil.example', cookie, 'x-csrf-token': csrf });
    expect(crossSite.statusCode).toBe(403);
    expect((await post('/api/client/auth/keepalive', {}, { origin: TEST_PUBLIC_URL, cookie, 'x-csrf-token': csrf })).statusCode).toBe(200);
    expect((await post('/api/client/auth/logout', {}, { origin: TEST_PUBLIC_URL, cookie, 'x-csrf-token': csrf })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/client/auth/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('ends a session after the idle minutes, and reading the session state does not extend it', async () => {
    const client = await buildActiveClient(database, deps.bankId);
    const session = await signInClient(app, client);
    const fourMinutesAgo = new Date(Date.now() - 4 * 60_000);
    await database.db
      .updateTable('client_sessions')
      .set({ last_seen_at: fourMinutesAgo })
      .where('client_id', '=', client.clientId)
      .execute();
    const state = await app.inject({ url: '/api/client/auth/session', headers: { cookie: session.cookie } });
    expect(state.statusCode).toBe(200);
    const idleExpiresAt = new Date((state.json() as { idleExpiresAt: string }).idleExpiresAt);
    expect(Math.abs(idleExpiresAt.getTime() - (fourMinutesAgo.getTime() + 5 * 60_000))).toBeLessThan(1000);
    const row = await database.db
      .selectFrom('client_sessions')
      .select(['last_seen_at'])
      .where('client_id', '=', client.clientId)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at.getTime()).toBe(fourMinutesAgo.getTime());
    await database.db
      .updateTable('client_sessions')
      .set({ last_seen_at: new Date(Date.now() - 5 * 60_000 - 1000) })
      .where('client_id', '=', client.clientId)
      .execute();
    expect((await app.inject({ url: '/api/client/auth/session', headers: { cookie: session.cookie } })).statusCode).toBe(401);
    const left = await database.db.selectFrom('client_sessions').select(['token_hash']).where('client_id', '=', client.clientId).execute();
    expect(left).toHaveLength(0);
  });

  it('a client session opens no staff route, and a staff session is no client session', async () => {
    const client = await buildActiveClient(database, deps.bankId, { advisorId });
    const session = await signInClient(app, client);
    expect((await app.inject({ url: '/api/auth/me', headers: session.headers })).statusCode).toBe(401);
    expect((await post('/api/clients', { firstName: 'A', lastName: 'B', email: 'x@example.fr' }, session.headers)).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/client/auth/session', headers: advisor.headers })).statusCode).toBe(401);
  });

  it('re-authentication needs both factors again and counts failures', async () => {
    const client = await buildActiveClient(database, deps.bankId);
    const session = await signInClient(app, client);
    const bad = await post('/api/client/auth/reauthenticate', { password: client.password, totp: '000000' }, session.headers);
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.message).toBe(SAME_MESSAGE);
    const good = await post('/api/client/auth/reauthenticate', { password: client.password, totp: await totpNow(client) }, session.headers);
    expect(good.statusCode).toBe(204);
  });
});
