import { loadConfig } from '../../config.ts';
import { openDatabase } from '../db/database.ts';
import { verifyAuditChain } from './audit-verify.ts';

/**
 * npm run audit:verify — checks the audit hash chain; exit 0 when intact, 1 when broken or unreadable.
 * PGlite is one process's database: stop the server using the same DATA_DIR first (or use DATABASE_URL).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    console.error(`note: base PGlite dans ${config.DATA_DIR} — le serveur Agora qui l'utilise doit être arrêté pendant la vérification.`);
  }
  const database = await openDatabase(config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'pglite', dataDir: config.DATA_DIR });
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
