import type { ClientAccountSummary, ClientProfile, Passkey, PersonalSpace } from '@agora/contracts/client-space.schema.ts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, buildTestServer, freshTestIp, signIn, TEST_PUBLIC_URL, type TestDeps } from '../../platform/testing/test-app.ts';
import {
  buildActiveClient,
  forgetSpentTotp,
  markTotpSpent,
  signInClient,
  type TestClient,
  totpNow,
} from '../../platform/testing/test-clients.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { createSoftPasskey } from '../../platform/testing/test-webauthn.ts';
import { registerStaffRoutes } from '../staff/staff.routes.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { registerClientSpaceRoutes } from './client-space.routes.ts';
import { registerClientRoutes } from './clients.routes.ts';

const SAME_MESSAGE = 'E-mail, mot de passe ou code incorrect.';
const RP = { id: 'agora.test', origin: TEST_PUBLIC_URL };
const LAYOUT = {
  lg: [
    { i: 'advisor', x: 0, y: 0, w: 4, h: 3 },
    { i: 'accounts', x: 4, y: 0, w: 8, h: 4 },
  ],
};

describe.each(testDatabaseTargets())('the personal space, contact details and passkeys on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database);
    app = await buildTestServer(deps, async (a) => {
      await registerStaffRoutes(a, deps);
      await registerClientRoutes(a, deps);
      await registerClientSpaceRoutes(a, deps);
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    app.inject({ method, url, headers, remoteAddress: freshTestIp(), ...(payload ? { payload } : {}) });
  const login = (payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/client/auth/login',
      headers: { origin: TEST_PUBLIC_URL },
      remoteAddress: freshTestIp(),
      payload,
    });
  const signInOptions = async () => (await call('POST', '/api/client/auth/passkey/options', { origin: TEST_PUBLIC_URL }, {})).json();
  /** Moves the last proof of both factors back by six minutes: sensitive actions then ask again. */
  const staleReauth = (client: TestClient) =>
    database.db
      .updateTable('client_sessions')
      .set({ reauthenticated_at: new Date(Date.now() - 6 * 60_000) })
      .where('client_id', '=', client.clientId)
      .execute();

  it('saves each client’s widget layout for that client only; staff sessions and bad layouts are refused', async () => {
    const julie = await buildActiveClient(database, deps.bankId);
    const marc = await buildActiveClient(database, deps.bankId);
    const js = await signInClient(app, julie);
    const ms = await signInClient(app, marc);
    const first = (await call('GET', '/api/client/space', js.headers)).json() as PersonalSpace;
    expect(first).toEqual({ segment: 'web', layouts: null, updatedAt: null });
    expect((await call('PUT', '/api/client/space/layout', js.headers, LAYOUT)).statusCode).toBe(200);
    expect(((await call('GET', '/api/client/space', js.headers)).json() as PersonalSpace).layouts).toEqual(LAYOUT);
    // Marc's space is his own: still the default.
    expect(((await call('GET', '/api/client/space', ms.headers)).json() as PersonalSpace).layouts).toBeNull();

    const overflow = { lg: [{ i: 'advisor', x: 8, y: 0, w: 6, h: 3 }] };
    expect((await call('PUT', '/api/client/space/layout', js.headers, overflow)).statusCode).toBe(400);
    const twice = { lg: [LAYOUT.lg[0], LAYOUT.lg[0]] };
    expect((await call('PUT', '/api/client/space/layout', js.headers, twice)).statusCode).toBe(400);
    const noCsrf = { cookie: js.cookie, origin: TEST_PUBLIC_URL };
    expect((await call('PUT', '/api/client/space/layout', noCsrf, LAYOUT)).statusCode).toBe(403);

    await createStaffUser(deps, {
      email: 'nora@banque.test',
      password: 'mot de passe du personnel',
      displayName: 'Nora',
      firstName: 'Nora',
      role: 'admin',
      teamIds: [],
    });
    const admin = await signIn(app, 'nora@banque.test', 'mot de passe du personnel');
    expect((await call('GET', '/api/client/space', admin.headers)).statusCode).toBe(401);
    expect((await call('GET', '/api/client/accounts', admin.headers)).statusCode).toBe(401);
    expect((await call('GET', '/api/client/passkeys', admin.headers)).statusCode).toBe(401);
    expect((await call('GET', '/api/client/profile', { origin: TEST_PUBLIC_URL })).statusCode).toBe(401);
  });

  it('reads a screen makes by itself (x-agora-passive) leave the idle clock alone; the person’s own calls move it', async () => {
    const julie = await buildActiveClient(database, deps.bankId);
    const session = await signInClient(app, julie);
    const minuteAgo = new Date(Date.now() - 60_000);
    const lastSeen = async () =>
      (
        await database.db
          .selectFrom('client_sessions')
          .select(['last_seen_at'])
          .where('client_id', '=', julie.clientId)
          .executeTakeFirstOrThrow()
      ).last_seen_at.getTime();
    await database.db.updateTable('client_sessions').set({ last_seen_at: minuteAgo }).where('client_id', '=', julie.clientId).execute();
    expect((await call('GET', '/api/client/space', { ...session.headers, 'x-agora-passive': '1' })).statusCode).toBe(200);
    expect(await lastSeen()).toBe(minuteAgo.getTime());
    expect((await call('GET', '/api/client/space', session.headers)).statusCode).toBe(200);
    expect(await lastSeen()).toBeGreaterThan(minuteAgo.getTime());
  });

  it('the accounts summary shows the client’s own accounts, IBANs masked', async () => {
    const julie = await buildActiveClient(database, deps.bankId, { withAccounts: true });
    const marc = await buildActiveClient(database, deps.bankId, { withAccounts: true });
    const mine = (await call('GET', '/api/client/accounts', (await signInClient(app, julie)).headers)).json() as ClientAccountSummary[];
    const his = (await call('GET', '/api/client/accounts', (await signInClient(app, marc)).headers)).json() as ClientAccountSummary[];
    expect(mine.map((a) => a.kind).sort()).toEqual(['current', 'savings']);
    expect(mine.find((a) => a.kind === 'current')?.balanceCents).toBe(250_000);
    for (const a of mine) expect(a.ibanMasked).toMatch(/^FR\d\d •••• •••• \d{4}$/);
    expect(mine.some((a) => his.some((h) => h.id === a.id))).toBe(false);
  });

  it('changing contact details needs both factors again, is audited with masked values and tells both addresses', async () => {
    const julie = await buildActiveClient(database, deps.bankId);
    const session = await signInClient(app, julie);
    await staleReauth(julie);
    const refused = await call('PATCH', '/api/client/profile', session.headers, { email: 'julie.nouvelle@example.fr' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('reauthentication_required');
    const reauth = await call('POST', '/api/client/auth/reauthenticate', session.headers, {
      password: julie.password,
      totp: await totpNow(julie),
    });
    expect(reauth.statusCode).toBe(204);
    markTotpSpent(julie);
    const other = await buildActiveClient(database, deps.bankId);
    expect((await call('PATCH', '/api/client/profile', session.headers, { email: other.email })).statusCode).toBe(409);
    const changed = await call('PATCH', '/api/client/profile', session.headers, {
      email: 'Julie.Nouvelle@example.fr',
      phone: '+33 6 01 02 03 04',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json() as ClientProfile).toMatchObject({ email: 'julie.nouvelle@example.fr', phone: '+33 6 01 02 03 04' });
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'client.contact_details_changed')
      .where('target_id', '=', julie.clientId)
      .executeTakeFirstOrThrow();
    const details = JSON.stringify(audit.details);
    expect(details).toContain('"fields":["email","phone"]');
    expect(details).not.toContain('nouvelle');
    expect(details).not.toContain('01 02 03 04');
    const mail = await database.db
      .selectFrom('outgoing_mail')
      .select(['to_address'])
      .where('kind', '=', 'client.contact_details_changed')
      .execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual([julie.email, 'julie.nouvelle@example.fr'].sort());
    // The new address is the sign-in from now on.
    await forgetSpentTotp(database, julie);
    expect((await signInClient(app, { ...julie, email: 'julie.nouvelle@example.fr' })).cookie).toBeTruthy();
  });

  it('refuses a TOTP code already used in its time step, with the same message, counting a failure', async () => {
    const julie = await buildActiveClient(database, deps.bankId);
    const code = await totpNow(julie);
    expect((await login({ email: julie.email, password: julie.password, totp: code })).statusCode).toBe(200);
    const replay = await login({ email: julie.email, password: julie.password, totp: code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.message).toBe(SAME_MESSAGE);
    const account = await database.db
      .selectFrom('client_accounts')
      .select(['failed_login_count'])
      .where('client_id', '=', julie.clientId)
      .executeTakeFirstOrThrow();
    expect(account.failed_login_count).toBe(1);
  });

  it('registers a passkey after re-authentication, then signs in with password and passkey in one request', async () => {
    const julie = await buildActiveClient(database, deps.bankId);
    const marc = await buildActiveClient(database, deps.bankId);
    const session = await signInClient(app, julie);
    const key = createSoftPasskey(RP);

    await staleReauth(julie);
    const refused = await call('POST', '/api/client/passkeys/registration-options', session.headers, {});
    expect(refused.json().error.code).toBe('reauthentication_required');
    await call('POST', '/api/client/auth/reauthenticate', session.headers, { password: julie.password, totp: await totpNow(julie) });
    markTotpSpent(julie);
    const options = (await call('POST', '/api/client/passkeys/registration-options', session.headers, {})).json();
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    const created = await call('POST', '/api/client/passkeys', session.headers, { name: 'Mon téléphone', response: key.register(options) });
    expect(created.statusCode).toBe(201);
    // A registration answer is good once: its challenge is spent.
    const again = await call('POST', '/api/client/passkeys', session.headers, { name: 'Encore', response: key.register(options) });
    expect(again.statusCode).toBe(400);
    const listed = (await call('GET', '/api/client/passkeys', session.headers)).json() as Passkey[];
    expect(listed.map((p) => p.name)).toEqual(['Mon téléphone']);
    const addedMail = await database.db
      .selectFrom('outgoing_mail')
      .select(['to_address'])
      .where('kind', '=', 'client.passkey_added')
      .execute();
    expect(addedMail.map((m) => m.to_address)).toContain(julie.email);

    const challenge = await signInOptions();
    expect(challenge.allowCredentials ?? []).toEqual([]);
    const assertion = key.assert(challenge);
    const ok = await login({ email: julie.email, password: julie.password, passkey: assertion });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('ok');
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'client.login')
      .where('target_id', '=', julie.clientId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).toContain('"secondFactor":"passkey"');

    // Each failure answers the same: the same assertion again (challenge spent), a wrong password,
    // another client's account, another origin, no user verification.
    const failures = [
      await login({ email: julie.email, password: julie.password, passkey: assertion }),
      await login({ email: julie.email, password: 'pas le bon', passkey: key.assert(await signInOptions()) }),
      await login({ email: marc.email, password: marc.password, passkey: key.assert(await signInOptions()) }),
      await login({
        email: julie.email,
        password: julie.password,
        passkey: key.assert(await signInOptions(), { origin: 'https://evil.example' }),
      }),
      await login({ email: julie.email, password: julie.password, passkey: key.assert(await signInOptions(), { userVerified: false }) }),
    ];
    for (const f of failures) {
      expect(f.statusCode).toBe(401);
      expect(f.json().error.message).toBe(SAME_MESSAGE);
    }
    // A fifth failure on Julie's account (Marc's attempt counted on Marc's) locks it, as with TOTP,
    // and then even the right factors are refused.
    const fifth = await login({ email: julie.email, password: 'encore faux', passkey: key.assert(await signInOptions()) });
    expect(fifth.statusCode).toBe(429);
    const afterLock = await login({ email: julie.email, password: julie.password, passkey: key.assert(await signInOptions()) });
    expect(afterLock.statusCode).toBe(429);
    expect(afterLock.json().error.code).toBe('client_account_locked');
  });

  it('a passkey re-authenticates; a client removes only their own passkeys, and only after re-authentication', async () => {
    const julie = await buildActiveClient(database, deps.bankId);
    const marc = await buildActiveClient(database, deps.bankId);
    const js = await signInClient(app, julie);
    const ms = await signInClient(app, marc);
    const key = createSoftPasskey(RP);
    const options = (await call('POST', '/api/client/passkeys/registration-options', js.headers, {})).json();
    const created = (
      await call('POST', '/api/client/passkeys', js.headers, { name: 'Clé USB', response: key.register(options) })
    ).json() as Passkey;

    expect((await call('DELETE', `/api/client/passkeys/${created.id}`, ms.headers)).statusCode).toBe(404);
    expect(((await call('GET', '/api/client/passkeys', ms.headers)).json() as Passkey[]).length).toBe(0);
    // Marc cannot register with a challenge issued to Julie.
    const stolen = (await call('POST', '/api/client/passkeys/registration-options', js.headers, {})).json();
    expect(
      (await call('POST', '/api/client/passkeys', ms.headers, { name: 'x', response: createSoftPasskey(RP).register(stolen) })).statusCode,
    ).toBe(400);

    await staleReauth(julie);
    expect((await call('DELETE', `/api/client/passkeys/${created.id}`, js.headers)).statusCode).toBe(403);
    const reauth = await call('POST', '/api/client/auth/reauthenticate', js.headers, {
      password: julie.password,
      passkey: key.assert(await signInOptions()),
    });
    expect(reauth.statusCode).toBe(204);
    expect((await call('DELETE', `/api/client/passkeys/${created.id}`, js.headers)).statusCode).toBe(204);
    const gone = await login({ email: julie.email, password: julie.password, passkey: key.assert(await signInOptions()) });
    expect(gone.statusCode).toBe(401);
  });
});
