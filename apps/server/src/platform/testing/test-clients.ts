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

/** The current code of a test client's authenticator. */
export const totpNow = (client: Pick<TestClient, 'totpSecret'>) => generate({ secret: client.totpSecret });

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
  const cookie = `${CLIENT_SESSION_COOKIE}=${setCookie.value}`;
  return { cookie, csrfToken: body.me.csrfToken, headers: { cookie, 'x-csrf-token': body.me.csrfToken, origin: TEST_PUBLIC_URL } };
}
