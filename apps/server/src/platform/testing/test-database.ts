import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

export interface TestDatabaseTarget {
  name: string;
  /** A fresh, migrated database; its close() also drops it on a Postgres server. */
  open(): Promise<Database>;
}

/**
 * Where database tests run: PGlite in memory always, and a Postgres server when DATABASE_URL is
 * set. Each open() is a new database, so test files run in parallel without sharing rows. When
 * DATABASE_URL is set but unreachable, open() throws: the suite fails rather than silently
 * testing PGlite only.
 *
 *   describe.each(testDatabaseTargets())('staff on $name', ({ open }) => { ... })
 */
export function testDatabaseTargets(): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ name: 'pglite', open: openPGliteTestDatabase }];
  const url = process.env.DATABASE_URL;
  if (url) targets.push({ name: 'postgres', open: () => openPostgresTestDatabase(url) });
  return targets;
}

export async function openPGliteTestDatabase(): Promise<Database> {
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  await migrate(database);
  return database;
}

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function openPostgresTestDatabase(serverUrl: string): Promise<Database> {
  const name = `agora_t_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (c) => c.query(`create database ${pg.escapeIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ kind: 'postgres', url: url.toString() });
    await migrate(database);
  } catch (error) {
    await withAdminClient(serverUrl, (c) => c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`));
    throw error;
  }
  const close = database.close.bind(database);
  return {
    ...database,
    kind: database.kind,
    db: database.db,
    async close() {
      await close();
      await withAdminClient(serverUrl, (c) => c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`));
    },
  };
}
