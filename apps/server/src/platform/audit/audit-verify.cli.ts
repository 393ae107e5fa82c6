import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../db/database.ts';
import { verifyAuditChain } from './audit-verify.ts';

/**
 * npm run audit:verify — checks the audit hash chain; exit 0 when intact, 1 when broken or unreadable.
 * PGlite is one process's database: stop the server using the same DATA_DIR first (or use DATABASE_URL).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  // The same place server.ts keeps its embedded database.
  const pgliteDir = path.resolve(config.DATA_DIR, 'pglite');
  if (!config.DATABASE_URL) {
    if (!existsSync(pgliteDir)) {
      console.error(`aucune base PGlite dans ${pgliteDir} : vérifiez DATA_DIR (ou DATABASE_URL).`);
      return 1;
    }
    console.error(
      `note: base PGlite dans ${pgliteDir} — arrêtez le serveur Agora qui l'utilise avant de vérifier (une base PGlite n'appartient qu'à un processus).`,
    );
  }
  const database = await openDatabase(
    config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'pglite', dataDir: pgliteDir },
  );
  try {
    const result = await verifyAuditChain(database);
    if (result.ok) {
      console.log(`ok (${result.count} rows)`);
      return 0;
    }
    console.log(`broken at row ${result.firstBrokenId}: ${result.reason}`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`audit:verify failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
