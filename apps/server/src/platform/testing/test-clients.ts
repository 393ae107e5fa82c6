import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { generate, generateSecret } from 'otplib';
import { seedDemoAccounts } from '../../connectors/core-banking/demo-core-banking.ts';
import '../auth/client-auth.tables.ts';
import { CLIENT_SESSION_COOKIE } from '../auth/client-session.service.ts';
import { hashPassword } from '../auth/password.ts';
import type { Database } from '../db/database.ts';
import { freshTestIp, type SignedIn, TEST_PUBLIC_URL } from './test-app.ts';

export interface TestClient {
  clientId: string;
  email: string;
  password: string;
  totpSecret: string;
  firstName: string;
  lastName: string;
}

let counter = 0;

/**
 * A client with an active secure-space account (password + TOTP), as if they had activated their
 * invitation: a builder for tests that are about something else than activation.
 */
export async function buildActiveClient(
  database: Database,
  bankId: string,
  options: { advisorId?: string | null; firstName?: string; lastName?: string; email?: string; withAccounts?: boolean } = {},
): Promise<TestClient> {
  const n = ++counter;
  const clientId = randomUUID();
  const firstName = options.firstName ?? 'Claire';
  const lastName = options.lastName ?? `Martin${n}`;
  const email = options.email ?? `client${n}-${clientId.slice(0, 6)}@example.fr`;
  const password = `mot de passe client ${n}`;
  const totpSecret = generateSecret();
  await database.db
    .insertInto('clients')
    .values({ id: clientId, bank_id: bankId, first_name: firstName, last_name: lastName, email, advisor_id: options.advisorId ?? null })
    .execute();
  await database.db
    .insertInto('client_accounts')
    .values({
      client_id: clientId,
      bank_id: bankId,
      password_hash: await hashPassword(password),
      totp_secret: totpSecret,
      totp_enabled: true,
      status: 'active',
      activated_at: new Date(),
    })
    .execute();
  if (options.withAccounts) await seedDemoAccounts(database, bankId, clientId, n, { currentCents: 250_000, savingsCents: 1_000_000 });
  return { clientId, email, password, totpSecret, firstName, lastName };
}

const TOTP_PERIOD_S = 30;
/** Time steps each test client has spent in a successful sign-in (the server refuses a step twice). */
const spentSteps = new Map<string, number>();

/**
 * A code of the test client's authenticator that the server has not seen used: the current
 * step's, or the next step's (accepted within the one-step tolerance) when the current one was
 * spent by a sign-in made through these helpers.
 */
export const totpNow = async (client: Pick<TestClient, 'totpSecret'>) => {
  const current = Math.floor(Date.now() / 1000 / TOTP_PERIOD_S);
  const step = Math.max(current, (spentSteps.get(client.totpSecret) ?? -1) + 1);
  // Two steps ahead is outside the server's tolerance: wait (at most one period) for the clock.
  if (step > current + 1) await new Promise((resolve) => setTimeout(resolve, (step - 1) * TOTP_PERIOD_S * 1000 - Date.now() + 50));
  return generate({ secret: client.totpSecret, epoch: step * TOTP_PERIOD_S });
};

/** Records that the code just returned by totpNow opened a session (the next call moves on a step). */
export const markTotpSpent = (client: Pick<TestClient, 'totpSecret'>) => {
  const current = Math.floor(Date.now() / 1000 / TOTP_PERIOD_S);
  spentSteps.set(client.totpSecret, Math.max(current, (spentSteps.get(client.totpSecret) ?? -1) + 1));
};

/** As if a minute had passed since the client's last code: the server and totpNow forget the spent steps. */
export async function forgetSpentTotp(database: Database, client: Pick<TestClient, 'clientId' | 'totpSecret'>): Promise<void> {
  spentSteps.delete(client.totpSecret);
  await database.db.updateTable('client_accounts').set({ totp_last_step: null }).where('client_id', '=', client.clientId).execute();
}

/** Signs a client in through POST /api/client/auth/login (the client routes must be registered). */
export async function signInClient(app: FastifyInstance, client: TestClient, options: { ip?: string } = {}): Promise<SignedIn> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/client/auth/login',
    headers: { origin: TEST_PUBLIC_URL },
    remoteAddress: options.ip ?? freshTestIp(),
    payload: { email: client.email, password: client.password, totp: await totpNow(client) },
  });
  const body = response.json() as { status: string; me?: { csrfToken: string } };
  const setCookie = response.cookies.find((c) => c.name === CLIENT_SESSION_COOKIE);
  if (response.statusCode !== 200 || body.status !== 'ok' || !setCookie || !body.me) {
    throw new Error(`client sign-in of ${client.email} failed: ${response.statusCode} ${response.body}`);
  }
  markTotpSpent(client);
  const cookie = `${CLIENT_SESSION_COOKIE}=${setCookie.value}`;
  return { cookie, csrfToken: body.me.csrfToken, headers: { cookie, 'x-csrf-token': body.me.csrfToken, origin: TEST_PUBLIC_URL } };
}
