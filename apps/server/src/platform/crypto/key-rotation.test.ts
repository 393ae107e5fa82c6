import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { testDatabaseTargets } from '../testing/test-database.ts';
import {
  DecryptionError,
  decryptBytesForBank,
  decryptForBank,
  type EnvelopeDeps,
  encryptBytesForBank,
  encryptForBank,
} from './envelope.ts';
import { ConfigKeyProvider } from './key-provider.ts';
import { rewrapDataKeys } from './key-rotation.ts';

const masterKey = () => randomBytes(32).toString('base64url');
/** Another process of the same deployment: a new Database wrapper has a cold data-key cache. */
const coldProcess = (database: Database, config: EnvelopeDeps['config']): EnvelopeDeps => ({
  database: { ...database } as Database,
  config,
});

describe.each(testDatabaseTargets())('master key rotation on $name', ({ open }) => {
  let database: Database;
  const oldKey = masterKey();
  const newKey = masterKey();
  const bank = randomUUID();
  let running: EnvelopeDeps;

  beforeAll(async () => {
    database = await open();
    running = { database, config: { AGORA_MASTER_KEY: oldKey } };
    await database.db
      .insertInto('banks')
      .values({ id: bank, slug: `r-${bank}`, name: 'Banque R' })
      .execute();
  });
  afterAll(async () => database?.close());

  it('re-wraps data keys under the new master key while a server keeps reading and writing', async () => {
    const before = await encryptForBank(running, bank, 'avant la rotation');
    const file = await encryptBytesForBank(running, bank, Buffer.from('%PDF-1.4 relevé'));
    const wrappedBefore = await database.db
      .selectFrom('tenant_data_keys')
      .select(['key_id', 'wrapped_key'])
      .where('bank_id', '=', bank)
      .execute();
    expect(wrappedBefore).toHaveLength(1);

    const result = await rewrapDataKeys(database, new ConfigKeyProvider(newKey, [oldKey]));
    expect(result.rewrapped).toBeGreaterThanOrEqual(1);
    const after = await database.db.selectFrom('tenant_data_keys').select(['key_id', 'wrapped_key']).where('bank_id', '=', bank).execute();
    expect(after[0]?.key_id).toBe(new ConfigKeyProvider(newKey).keyId);
    expect(after[0]?.wrapped_key).not.toBe(wrappedBefore[0]?.wrapped_key);

    // The running server (old key, data key cached) goes on: values sealed before and after read back.
    const during = await encryptForBank(running, bank, 'pendant la rotation');
    expect(await decryptForBank(running, bank, before)).toBe('avant la rotation');
    // A server configured with the new version only reads everything, old values included.
    const rolled = coldProcess(database, { AGORA_MASTER_KEY: newKey });
    expect(await decryptForBank(rolled, bank, before)).toBe('avant la rotation');
    expect(await decryptForBank(rolled, bank, during)).toBe('pendant la rotation');
    expect((await decryptBytesForBank(rolled, bank, file.dataKeyId, file.sealed)).toString()).toBe('%PDF-1.4 relevé');
    // The old master key alone no longer opens the data key.
    await expect(decryptForBank(coldProcess(database, { AGORA_MASTER_KEY: oldKey }), bank, before)).rejects.toThrow(/clé maîtresse/);

    // A second run has nothing left to do.
    expect(await rewrapDataKeys(database, new ConfigKeyProvider(newKey, [oldKey]))).toMatchObject({ rewrapped: 0 });
  });

  it('lets a demo server that started with the old key pick the new version from its key file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agora-keys-'));
    const keyFile = path.join(dir, 'demo-secrets.json');
    // The file as keys:rotate leaves it; the process was started before, with the old key only.
    writeFileSync(keyFile, JSON.stringify({ AGORA_MASTER_KEY: newKey, AGORA_MASTER_KEYS_RETIRED: oldKey }));
    const startedBefore = coldProcess(database, { AGORA_MASTER_KEY: oldKey, masterKeyFile: keyFile });
    const sealed = await encryptForBank(coldProcess(database, { AGORA_MASTER_KEY: newKey }), bank, 'relu après rotation');
    expect(await decryptForBank(startedBefore, bank, sealed)).toBe('relu après rotation');
  });

  it('refuses an attachment whose bytes or key id were altered', async () => {
    const deps = coldProcess(database, { AGORA_MASTER_KEY: newKey });
    const { dataKeyId, sealed } = await encryptBytesForBank(deps, bank, Buffer.from('GIF89a pièce jointe'));
    const altered = Buffer.from(sealed);
    altered[20] = (altered[20] ?? 0) ^ 1;
    await expect(decryptBytesForBank(deps, bank, dataKeyId, altered)).rejects.toBeInstanceOf(DecryptionError);
    await expect(decryptBytesForBank(deps, bank, 'autre-cle', sealed)).rejects.toBeInstanceOf(DecryptionError);
    await expect(decryptBytesForBank(deps, randomUUID(), dataKeyId, sealed)).rejects.toBeInstanceOf(DecryptionError);
  });
});
