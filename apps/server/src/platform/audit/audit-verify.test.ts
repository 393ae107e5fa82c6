import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { testDatabaseTargets } from '../testing/test-database.ts';
import { appendAudit } from './audit.service.ts';
import { verifyAuditChain } from './audit-verify.ts';

async function appendRows(database: Database, n: number) {
  for (let i = 0; i < n; i++) {
    await database.db.transaction().execute((tx) =>
      appendAudit(tx, {
        bankId: null,
        actorId: null,
        actorLabel: 'test',
        action: `test.action_${i}`,
        details: { i, nested: { b: 1, a: [1, 2] } },
      }),
    );
  }
}

async function auditIds(database: Database): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id::text as id from audit_log order by id`.execute(database.db);
  return rows.map((r) => r.id);
}

describe.each(testDatabaseTargets())('verifyAuditChain on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('accepts an empty log and an intact chain, then names the first altered or removed row', async () => {
    expect(await verifyAuditChain(database)).toEqual({ ok: true, count: 0 });
    await appendRows(database, 6);
    expect(await verifyAuditChain(database)).toEqual({ ok: true, count: 6 });

    const ids = await auditIds(database);
    const altered = ids[2]!;
    await sql`update audit_log set details = ${JSON.stringify({ i: 99 })}::jsonb where id = ${altered}`.execute(database.db);
    const broken = await verifyAuditChain(database);
    expect(broken).toMatchObject({ ok: false, firstBrokenId: altered });
    if (!broken.ok) expect(broken.reason).toMatch(/altered/);

    await sql`delete from audit_log where id = ${altered}`.execute(database.db);
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, firstBrokenId: ids[3] });
  });
});

describe('npm run audit:verify (CLI) on a PGlite data dir', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-audit-cli-'));
  const cli = fileURLToPath(new URL('./audit-verify.cli.ts', import.meta.url));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const runCli = () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    return spawnSync(process.execPath, ['--import', 'tsx', cli], { env, encoding: 'utf8', timeout: 60_000 });
  };
  // The CLI opens DATA_DIR/pglite, as the server does; PGlite is one process's: close before spawning.
  const withDatabase = async (work: (database: Database) => Promise<void>) => {
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    try {
      await work(database);
    } finally {
      await database.close();
    }
  };

  it('prints ok for an intact chain and names the altered row otherwise', async () => {
    await withDatabase(async (database) => {
      await migrate(database);
      await appendRows(database, 3);
    });
    const good = runCli();
    expect(good.stdout).toMatch(/^ok \(3 rows\)/);
    expect(good.status).toBe(0);

    let altered = '';
    await withDatabase(async (database) => {
      altered = (await auditIds(database))[1]!;
      await sql`update audit_log set details = '{"forged":true}'::jsonb where id = ${altered}`.execute(database.db);
    });
    const bad = runCli();
    expect(bad.stdout).toContain(`broken at row ${altered}:`);
    expect(bad.status).toBe(1);
    // Two CLI runs, each starting tsx: slow on a loaded machine.
  }, 240_000);
});
