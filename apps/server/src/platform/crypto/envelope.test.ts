import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { testDatabaseTargets } from '../testing/test-database.ts';
import { DecryptionError, decryptForBank, type EnvelopeDeps, encryptForBank } from './envelope.ts';
import { ConfigKeyProvider } from './key-provider.ts';
import { plainDump } from './plain-dump.ts';

const masterKey = () => randomBytes(32).toString('base64url');

/** Flips one character of the base64url part `index` of a v1 value. */
function tamper(value: string, index: number): string {
  const parts = value.split('.');
  const part = parts[index]!;
  const at = Math.floor(part.length / 2);
  parts[index] = part.slice(0, at) + (part[at] === 'A' ? 'B' : 'A') + part.slice(at + 1);
  return parts.join('.');
}

describe.each(testDatabaseTargets())('envelope encryption on $name', ({ open }) => {
  let database: Database;
  let deps: EnvelopeDeps;
  const bankA = randomUUID();
  const bankB = randomUUID();

  beforeAll(async () => {
    database = await open();
    deps = { database, config: { AGORA_MASTER_KEY: masterKey() } };
    await database.db
      .insertInto('banks')
      .values([
        { id: bankA, slug: `a-${bankA}`, name: 'Banque A' },
        { id: bankB, slug: `b-${bankB}`, name: 'Banque B' },
      ])
      .execute();
  });
  afterAll(async () => database?.close());

  it('round-trips a value, in the versioned format with the data key id', async () => {
    const secret = 'EAAG-page-token-é-😀-' + randomBytes(8).toString('hex');
    const sealed = await encryptForBank(deps, bankA, secret);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(await decryptForBank(deps, bankA, sealed)).toBe(secret);
    // A fresh IV each time: the same value never encrypts twice the same way.
    expect(await encryptForBank(deps, bankA, secret)).not.toBe(sealed);
  });

  it('refuses an altered value: ciphertext, IV or key id', async () => {
    const sealed = await encryptForBank(deps, bankA, 'mot de passe du service');
    await expect(decryptForBank(deps, bankA, tamper(sealed, 3))).rejects.toBeInstanceOf(DecryptionError);
    await expect(decryptForBank(deps, bankA, tamper(sealed, 2))).rejects.toBeInstanceOf(DecryptionError);
    await expect(decryptForBank(deps, bankA, tamper(sealed, 1))).rejects.toThrow();
    await expect(decryptForBank(deps, bankA, sealed.replace(/^v1/, 'v9'))).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses a value of another bank, even with a fresh cache', async () => {
    const sealed = await encryptForBank(deps, bankA, 'secret de la banque A');
    await expect(decryptForBank(deps, bankB, sealed)).rejects.toBeInstanceOf(DecryptionError);
    // Each bank has its own data key.
    const [keyA, keyB] = await Promise.all([encryptForBank(deps, bankA, 'x'), encryptForBank(deps, bankB, 'x')]);
    expect(keyA.split('.')[1]).not.toBe(keyB.split('.')[1]);
  });

  it('needs the same master key: another one cannot unwrap the data key', async () => {
    const sealed = await encryptForBank(deps, bankA, 'clé privée');
    // A second process with the right master key reads it (no shared cache: a new Database wrapper).
    const otherProcess: EnvelopeDeps = { database: { ...database } as Database, config: deps.config };
    expect(await decryptForBank(otherProcess, bankA, sealed)).toBe('clé privée');
    const wrongMaster: EnvelopeDeps = { database: { ...database } as Database, config: { AGORA_MASTER_KEY: masterKey() } };
    await expect(decryptForBank(wrongMaster, bankA, sealed)).rejects.toThrow(/clé maîtresse/);
  });

  it('leaves no plaintext in a dump of the database, data keys included', async () => {
    const secret = `tp-webhook-secret-${randomBytes(12).toString('hex')}`;
    const sealed = await encryptForBank(deps, bankA, secret);
    await database.db
      .insertInto('audit_log')
      .values({
        id: '999999',
        bank_id: bankA,
        at: new Date(),
        actor_id: null,
        actor_label: 'test',
        action: 'test.sealed',
        details: JSON.stringify({ sealed }),
        prev_hash: '0',
        hash: '1',
      })
      .execute();
    const dump = await plainDump(database);
    expect(dump).toContain(sealed);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
    expect(dump).toMatch(/cfg-[0-9a-f]{12}/);
    expect(dump).not.toContain(deps.config.AGORA_MASTER_KEY);
  });
});

describe('ConfigKeyProvider', () => {
  it('names its master key by a short hash and refuses other key ids', async () => {
    const provider = new ConfigKeyProvider(masterKey());
    expect(provider.keyId).toMatch(/^cfg-[0-9a-f]{12}$/);
    const dataKey = randomBytes(32);
    const { keyId, wrapped } = await provider.wrap(dataKey);
    expect(await provider.unwrap(keyId, wrapped)).toEqual(dataKey);
    await expect(provider.unwrap('cfg-000000000000', wrapped)).rejects.toThrow(/inconnue/);
    expect(() => new ConfigKeyProvider('trop-courte')).toThrow(/32 octets/);
  });
});
