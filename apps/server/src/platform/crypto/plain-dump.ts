import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * Every row of every table as text, as a plain `pg_dump` would show them: what someone who
 * walked off with a backup could read. Tests grep it for secrets.
 */
export async function plainDump(database: Database): Promise<string> {
  const tables = await sql<{
    name: string;
  }>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`.execute(database.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(database.db);
    parts.push(`-- ${name}`, ...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}
