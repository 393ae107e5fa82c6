import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresTestDatabase } from '../testing/test-database.ts';
import type { Database } from './database.ts';
import { PREPARED } from './prepared-statements.ts';

describe.runIf(process.env.DATABASE_URL)('LISTEN on a Postgres server', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openPostgresTestDatabase(process.env.DATABASE_URL ?? '');
  });
  afterAll(async () => database?.close());

  it('carries every channel on one connection, and each NOTIFY reaches its own listeners', async () => {
    const heard: string[] = [];
    const arrived = (count: number) =>
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (heard.length >= count) {
            clearInterval(check);
            resolve();
          }
        }, 5);
      });
    await database.listen('test_one', () => heard.push('one'));
    await database.listen('test_two', () => heard.push('two'));
    await database.listen('test_two', () => heard.push('two again'));
    await database.listen('test_three', () => heard.push('three'));

    const listening = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and query ilike 'listen %'`.execute(database.db);
    // A connection per channel took three of the pool's ten from the work that needs them.
    expect(listening.rows[0]?.n).toBe(1);

    await sql`select pg_notify('test_two', '')`.execute(database.db);
    await arrived(2);
    await sql`select pg_notify('test_three', '')`.execute(database.db);
    await arrived(3);
    expect(heard.sort()).toEqual(['three', 'two', 'two again']);
  });
});

describe.runIf(process.env.DATABASE_URL)('statements marked PREPARED on a Postgres server', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openPostgresTestDatabase(process.env.DATABASE_URL ?? '');
  });
  afterAll(async () => database?.close());

  it('runs them as named statements, parsed once per connection, and leaves the others unnamed', async () => {
    const named = await database.db.transaction().execute(async (tx) => {
      // One transaction: one connection, whose prepared statements pg_prepared_statements lists.
      for (const n of [1, 2, 3]) {
        const { rows } = await sql<{ n: number }>`${PREPARED}select ${n}::int + 1 as n`.execute(tx);
        expect(rows[0]?.n).toBe(n + 1);
      }
      await sql`select ${4}::int + 2 as unmarked`.execute(tx);
      const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(tx);
      return rows.map((r) => r.statement);
    });
    expect(named).toEqual(['/* prepared */ select $1::int + 1 as n']);
  });

  it('parses a marked statement again once its first parse failed, on the same connection', async () => {
    await database.db.transaction().execute(async (tx) => {
      const marked = () => sql<{ n: string }>`${PREPARED}select count(*) as n from later_table where 1 = ${1}`.execute(tx);
      await sql`savepoint before_table`.execute(tx);
      await expect(marked()).rejects.toThrow(/later_table/);
      await sql`rollback to savepoint before_table`.execute(tx);
      await sql`create temporary table later_table (id int)`.execute(tx);
      // Had the name been kept after the failed parse, this would bind a statement that does not exist.
      expect((await marked()).rows[0]?.n).toBe('0');
    });
  });
});
