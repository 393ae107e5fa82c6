import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './db.types.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { namingClient } from './prepared-statements.ts';

// bigint (bigserial ids, counts) as string, never a lossy number; timestamps as Date.
pg.types.setTypeParser(20, (v) => v);

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<DB>;
  /** Runs parameterless, possibly multi-statement SQL (migrations). */
  exec(sql: string): Promise<void>;
  /** Calls `onNotify` with its payload on NOTIFY to `channel` (Postgres server only; PGlite is one process). */
  listen(channel: string, onNotify: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url);
  return openPGlite(target.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
  // Statements marked PREPARED are named: each connection parses them once (prepared-statements.ts).
  const pool = new pg.Pool({ connectionString: url, max: 10, Client: namingClient() });
  // A connection the server ends (restart, failover, a dropped database) must not crash the
  // process: the pool discards it and the next query opens a new one, or fails with its reason.
  pool.on('error', () => undefined);
  // Fail at start, with the reason, when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  // One connection carries every LISTEN of the process: a pool connection per channel would
  // take three of the ten from the work that needs them under load.
  let listener: Promise<pg.PoolClient> | null = null;
  const onNotifyOf = new Map<string, Set<(payload: string) => void>>();
  const listenerClient = () => {
    listener ??= pool.connect().then((client) => {
      client.on('error', () => undefined);
      client.on('notification', (n) => {
        for (const onNotify of onNotifyOf.get(n.channel) ?? []) onNotify(n.payload ?? '');
      });
      return client;
    });
    return listener;
  };
  return {
    kind: 'postgres',
    db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
    async exec(sql) {
      await pool.query(sql);
    },
    async listen(channel, onNotify) {
      const client = await listenerClient();
      const known = onNotifyOf.get(channel);
      if (known) {
        known.add(onNotify);
        return;
      }
      onNotifyOf.set(channel, new Set([onNotify]));
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    },
    async close() {
      if (listener) (await listener.catch(() => null))?.release();
      await pool.end();
    },
  };
}

async function openPGlite(dataDir: string | null): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite();
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    async exec(sql) {
      await pglite.exec(sql);
    },
    async listen() {
      // one process: the in-process wake-up is enough
    },
    async close() {
      await db.destroy();
    },
  };
}
