import { describe, expect, it } from 'vitest';
import { createTestDatabaseUrl } from '../testing/test-agora.ts';
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';

/** Two processes starting at once on one Postgres server both migrate: one applies, the other finds it done. */
describe.runIf(process.env.DATABASE_URL)('migrations from two processes at once', () => {
  it('apply every file exactly once, on fresh databases, without a collision', async () => {
    for (let round = 0; round < 5; round++) {
      const target = await createTestDatabaseUrl(process.env.DATABASE_URL as string, 'agora_mig');
      const [a, b] = await Promise.all([
        openDatabase({ kind: 'postgres', url: target.url }),
        openDatabase({ kind: 'postgres', url: target.url }),
      ]);
      try {
        const [doneA, doneB] = await Promise.all([migrate(a), migrate(b)]);
        expect(doneA.length + doneB.length).toBeGreaterThan(0);
        expect(new Set([...doneA, ...doneB]).size).toBe(doneA.length + doneB.length);
        expect(await migrate(a)).toEqual([]);
      } finally {
        await a.close();
        await b.close();
        await target.drop();
      }
    }
  });
});
