import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../../config.ts';
import { createDemoCoreBanking } from '../../connectors/core-banking/demo-core-banking.ts';
import type { AppDeps } from '../app-deps.ts';
import { registerStaffAuth } from '../auth/staff-auth.plugin.ts';
import { SESSION_COOKIE } from '../auth/staff-principal.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import type { Database } from '../db/database.ts';
import { registerErrorHandler } from '../http/error-handler.ts';
import { createLogger } from '../logger.ts';

export interface TestBank {
  bankId: string;
  /** [social care team, advisors team] */
  teamIds: [string, string];
}

/** A bank and its two teams, with random names so several banks can share one database. */
export async function seedTestBank(database: Database): Promise<TestBank> {
  const bankId = randomUUID();
  const suffix = bankId.slice(0, 8);
  const teamIds: [string, string] = [randomUUID(), randomUUID()];
  await database.db
    .insertInto('banks')
    .values({ id: bankId, slug: `test-${suffix}`, name: `Banque test ${suffix}` })
    .execute();
  await database.db
    .insertInto('teams')
    .values([
      { id: teamIds[0], bank_id: bankId, name: 'Relation client sociale', kind: 'social_care' },
      { id: teamIds[1], bank_id: bankId, name: 'Conseillers', kind: 'advisors' },
    ])
    .execute();
  return { bankId, teamIds };
}

export const TEST_PUBLIC_URL = 'http://agora.test';

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'agora-test-')),
    PUBLIC_URL: TEST_PUBLIC_URL,
    LOG_LEVEL: 'silent',
    AGORA_SESSION_SECRET: 'test-session-secret-0123456789',
    AGORA_SIMULATOR: 'off',
    AGORA_DEMO_SEED: 'off',
    META_APP_SECRET: 'test-meta-app-secret-0123456789',
    META_VERIFY_TOKEN: 'test-meta-verify-token-0123456789',
    META_PAGE_ACCESS_TOKEN: 'test-meta-page-token-0123456789',
    X_CONSUMER_SECRET: 'test-x-consumer-secret-0123456789',
    X_ACCESS_TOKEN_SECRET: 'test-x-access-secret-0123456789',
    ...env,
  });
}

export type TestDeps = AppDeps & { testBank: TestBank };

/** AppDeps over `database` with a fresh test bank; `overrides` replaces any member (a spy, a config). */
export async function buildTestDeps(database: Database, overrides: Partial<AppDeps> = {}): Promise<TestDeps> {
  const testBank = await seedTestBank(database);
  const noop = () => {};
  return {
    config: testConfig(),
    database,
    bus: createMemoryBus(),
    logger: createLogger('silent'),
    connectors: new Map(),
    coreBanking: createDemoCoreBanking(database),
    bankId: testBank.bankId,
    wakeIngest: noop,
    wakeDelivery: noop,
    wakeOutbox: noop,
    hotPathBehind: () => false,
    onSessionsEnded: noop,
    ...overrides,
    testBank,
  };
}

/** A Fastify app as main.ts builds it for the API: cookies, error handler, staff auth, then `register`. */
export async function buildTestServer(deps: AppDeps, register: (app: FastifyInstance) => Promise<void>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(fastifyCookie);
  registerErrorHandler(app);
  registerStaffAuth(app, deps);
  await register(app);
  await app.ready();
  return app;
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  /** Headers for a signed-in, same-origin request (GET or state-changing). */
  headers: Record<string, string>;
}

let ipCounter = 0;
/** A distinct client address per call: the per-IP lockout must not couple unrelated tests. */
export const freshTestIp = () => `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter++ & 255}`;

/** Signs in through POST /api/auth/login (the staff routes must be registered). */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
  options: { totp?: string; ip?: string } = {},
): Promise<SignedIn> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { origin: TEST_PUBLIC_URL },
    remoteAddress: options.ip ?? freshTestIp(),
    payload: { email, password, ...(options.totp ? { totp: options.totp } : {}) },
  });
  const body = response.json() as { status: string; me?: { csrfToken: string } };
  const setCookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (response.statusCode !== 200 || body.status !== 'ok' || !setCookie || !body.me) {
    throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
  }
  const cookie = `${SESSION_COOKIE}=${setCookie.value}`;
  return { cookie, csrfToken: body.me.csrfToken, headers: { cookie, 'x-csrf-token': body.me.csrfToken, origin: TEST_PUBLIC_URL } };
}
