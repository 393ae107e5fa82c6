import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, writeSecretsFile } from '../../config.ts';
import { openDatabase } from '../db/database.ts';
import { ConfigKeyProvider } from './key-provider.ts';
import { rewrapDataKeys } from './key-rotation.ts';

/**
 * npm run keys:rotate — re-wraps every bank's data key under the current master key version.
 *
 * Production: configure the new master key as AGORA_MASTER_KEY and the old one in
 * AGORA_MASTER_KEYS_RETIRED, roll the servers (they read both), then run this while they serve;
 * remove the retired key once it printed "0 left". Demo mode (master key generated in DATA_DIR):
 * this command generates the new version itself, keeps the old one as retired, and re-wraps;
 * a running server re-reads the key file when it meets a re-wrapped key.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  let current = config.AGORA_MASTER_KEY;
  let retired = (config.AGORA_MASTER_KEYS_RETIRED ?? '').split(',').filter(Boolean);
  if (config.masterKeyFile && existsSync(config.masterKeyFile)) {
    const stored = JSON.parse(readFileSync(config.masterKeyFile, 'utf8')) as Record<string, string>;
    retired = [current, ...retired.filter((k) => k !== current)];
    current = randomBytes(32).toString('base64url');
    stored.AGORA_MASTER_KEY = current;
    stored.AGORA_MASTER_KEYS_RETIRED = retired.join(',');
    writeSecretsFile(config.masterKeyFile, stored);
  }
  const provider = new ConfigKeyProvider(current, retired);
  const pgliteDir = path.resolve(config.DATA_DIR, 'pglite');
  if (!config.DATABASE_URL) {
    console.error(
      `note: base PGlite dans ${pgliteDir} — une base PGlite n'appartient qu'à un processus : arrêtez le serveur pendant la rotation, ou utilisez DATABASE_URL (rotation en ligne).`,
    );
  }
  const database = await openDatabase(
    config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'pglite', dataDir: pgliteDir },
  );
  try {
    const result = await rewrapDataKeys(database, provider);
    const left = await database.db.selectFrom('tenant_data_keys').select(['id']).where('key_id', '!=', provider.keyId).execute();
    console.log(
      `master key ${provider.keyId}: ${result.rewrapped} data key(s) re-wrapped, ${result.alreadyCurrent} already current, ${left.length} left`,
    );
    return left.length === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
