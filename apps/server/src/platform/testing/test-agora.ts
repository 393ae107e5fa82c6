import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Role } from '@agora/contracts/common.schema.ts';
import pg from 'pg';
import { createStaffUser } from '../../modules/staff/staff.service.ts';
import { type RunningAgora, startAgora } from '../../server.ts';

export const TEST_ADMIN = { email: 'admin@agora.test', password: 'mot-de-passe-admin-test' };

export interface TestDatabaseUrl {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the Postgres server at `serverUrl`; fails (never skips) when unreachable. */
export async function createTestDatabaseUrl(serverUrl: string, prefix = 'agora_t'): Promise<TestDatabaseUrl> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await c.end();
    },
  };
}

/** Where a whole Agora runs in tests: embedded PGlite always, the Postgres server when DATABASE_URL is set. */
export function agoraTargets(): { name: 'pglite' | 'postgres' }[] {
  return process.env.DATABASE_URL ? [{ name: 'pglite' }, { name: 'postgres' }] : [{ name: 'pglite' }];
}

export interface TestAgora extends RunningAgora {
  /** Closes Agora and drops its database. */
  stop(): Promise<void>;
}

/**
 * A whole Agora on a random port, on its own database, with the local platform fakes, no demo
 * seed and no simulator. `nats` puts the bus on the NATS server at NATS_URL, on a stream of its
 * own so parallel files never see each other's events.
 */
export async function startTestAgora(options: {
  database: 'pglite' | 'postgres';
  nats?: boolean;
  env?: Record<string, string>;
}): Promise<TestAgora> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-it-'));
  let dropDatabase = async () => undefined as void;
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    AGORA_SIMULATOR: 'off',
    AGORA_DEMO_SEED: 'off',
    AGORA_FAKE_PLATFORMS_PORT: '0',
    AGORA_ADMIN_EMAIL: TEST_ADMIN.email,
    AGORA_ADMIN_PASSWORD: TEST_ADMIN.password,
    ...options.env,
  };
  if (options.database === 'postgres') {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) throw new Error('DATABASE_URL is not set');
    const created = await createTestDatabaseUrl(serverUrl);
    env.DATABASE_URL = created.url;
    dropDatabase = created.drop;
  }
  // On the server target the bus is NATS too when NATS_URL is set: the same suite runs on both engines.
  const nats = options.nats ?? (options.database === 'postgres' && Boolean(process.env.NATS_URL));
  if (nats) {
    if (!process.env.NATS_URL) throw new Error('NATS_URL is not set');
    env.NATS_URL = process.env.NATS_URL;
    env.AGORA_NATS_PREFIX ??= `t${randomBytes(5).toString('hex')}`;
  }
  const agora = await startAgora(env);
  return {
    ...agora,
    async stop() {
      await agora.close();
      await dropDatabase();
    },
  };
}

/** A staff member with a password, in the bank's team of `teamKind` (social care by default). */
export async function addStaff(
  agora: RunningAgora,
  person: { email: string; password: string; displayName: string; firstName: string; role: Role },
  teamKind: 'social_care' | 'advisors' = 'social_care',
): Promise<{ id: string }> {
  const team = await agora.deps.database.db
    .selectFrom('teams')
    .select(['id'])
    .where('bank_id', '=', agora.deps.bankId)
    .where('kind', '=', teamKind)
    .executeTakeFirstOrThrow();
  return createStaffUser(agora.deps, { ...person, teamIds: [team.id] });
}
