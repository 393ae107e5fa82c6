import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');
// Any fixed number: every Agora process takes this lock before migrating.
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies the numbered SQL files not yet applied, each in its own transaction. On a Postgres
 * server a session advisory lock serialises two processes starting at once; the loser then
 * finds the migrations already recorded and does nothing.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  return database.db.connection().execute(async (conn) => {
    // The lock comes first: two `create table if not exists` running at once can still collide.
    if (database.kind === 'postgres') await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())`.execute(
        conn,
      );
      const applied = new Set(
        (await sql<{ version: string }>`select version from schema_migrations`.execute(conn)).rows.map((r) => r.version),
      );
      const done: string[] = [];
      for (const file of files) {
        if (applied.has(file)) continue;
        const text = readFileSync(path.join(dir, file), 'utf8');
        await sql.raw('begin').execute(conn);
        try {
          // Multi-statement text: sent as one simple query (no parameters) on both drivers.
          await sql.raw(text).execute(conn);
          await sql`insert into schema_migrations (version) values (${file})`.execute(conn);
          await sql.raw('commit').execute(conn);
        } catch (error) {
          await sql.raw('rollback').execute(conn);
          throw new Error(`migration ${file} failed: ${(error as Error).message}`);
        }
        done.push(file);
      }
      return done;
    } finally {
      if (database.kind === 'postgres') await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}
