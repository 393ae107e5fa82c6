import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresTestDatabase } from '../testing/test-database.ts';
import type { Database } from './database.ts';

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
