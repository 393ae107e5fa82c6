import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/db.types.ts';
import { perObject } from '../per-object.ts';
import { ConfigKeyProvider, type KeyProvider, UnknownMasterKeyError } from './key-provider.ts';

/**
 * Envelope encryption per bank (tenant). Each bank has a random AES-256 data key, stored only
 * wrapped by the master key (KeyProvider); a value is encrypted with AES-256-GCM under the
 * bank's active data key and carries that key's id:
 *
 *   v1.<dataKeyId>.<iv>.<ciphertext+tag>   (each part base64url)
 *
 * The bank id and the data key id are authenticated with the value (AAD), so a value copied to
 * another bank, or altered in any byte, fails to decrypt instead of yielding something else.
 */
export interface EnvelopeDeps {
  database: Database;
  config: {
    AGORA_MASTER_KEY: string;
    /** Master keys replaced by a rotation, comma-separated: they still unwrap, never wrap. */
    AGORA_MASTER_KEYS_RETIRED?: string | undefined;
    /**
     * Demo mode: the file the master keys were generated into. `npm run keys:rotate` writes a new
     * version there; a running server re-reads it when it meets a data key wrapped by a master key
     * it does not hold yet, so the rotation needs no restart.
     */
    masterKeyFile?: string | null;
  };
  /** A KMS-backed provider in production if wanted; the configured master key otherwise. */
  keyProvider?: KeyProvider;
}

type Executor = Kysely<DB> | Transaction<DB>;

export interface TenantDataKeysTable {
  id: string;
  bank_id: string;
  key_id: string;
  wrapped_key: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
}

// The platform owns this table: its type joins the database's here, not in the shared file.
declare module '../db/db.types.ts' {
  interface DB {
    tenant_data_keys: TenantDataKeysTable;
  }
}

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

// Unwrapped data keys, per database: unwrapping may be a KMS round trip, values are many.
const cacheOf = perObject((_database: Database) => new Map<string, { bankId: string; key: Buffer }>());
const providers = new Map<string, ConfigKeyProvider>();
// Master keys re-read from the demo key file after a rotation, per configuration object.
const reloaded = new WeakMap<object, ConfigKeyProvider>();

const retiredOf = (list: string | undefined | null) =>
  (list ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

/** The provider of configured master keys: the current one wraps, retired ones still unwrap. */
export function configKeyProvider(config: EnvelopeDeps['config']): ConfigKeyProvider {
  const fresh = reloaded.get(config);
  if (fresh) return fresh;
  const cacheKey = `${config.AGORA_MASTER_KEY}|${config.AGORA_MASTER_KEYS_RETIRED ?? ''}`;
  let provider = providers.get(cacheKey);
  if (!provider) {
    provider = new ConfigKeyProvider(config.AGORA_MASTER_KEY, retiredOf(config.AGORA_MASTER_KEYS_RETIRED));
    providers.set(cacheKey, provider);
  }
  return provider;
}

function providerOf(deps: EnvelopeDeps): KeyProvider {
  return deps.keyProvider ?? configKeyProvider(deps.config);
}

/** Unwraps, re-reading the demo key file once if a rotation introduced a master key we lack. */
async function unwrapWithReload(deps: EnvelopeDeps, keyId: string, wrapped: string): Promise<Buffer> {
  try {
    return await providerOf(deps).unwrap(keyId, wrapped);
  } catch (error) {
    const file = deps.config.masterKeyFile;
    if (!(error instanceof UnknownMasterKeyError) || deps.keyProvider || !file || !existsSync(file)) throw error;
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | undefined>;
    if (!stored.AGORA_MASTER_KEY) throw error;
    const provider = new ConfigKeyProvider(stored.AGORA_MASTER_KEY, [
      ...retiredOf(stored.AGORA_MASTER_KEYS_RETIRED),
      deps.config.AGORA_MASTER_KEY,
      ...retiredOf(deps.config.AGORA_MASTER_KEYS_RETIRED),
    ]);
    if (!provider.knows(keyId)) throw error;
    reloaded.set(deps.config, provider);
    return provider.unwrap(keyId, wrapped);
  }
}

const aadOf = (bankId: string, dataKeyId: string) => Buffer.from(`agora:${VERSION}:${bankId}:${dataKeyId}`);

/** The bank's active data key, created on first use. */
async function activeDataKey(deps: EnvelopeDeps, bankId: string, db: Executor): Promise<{ id: string; key: Buffer }> {
  let row = await db
    .selectFrom('tenant_data_keys')
    .select(['id', 'key_id', 'wrapped_key'])
    .where('bank_id', '=', bankId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!row) {
    const { keyId, wrapped } = await providerOf(deps).wrap(randomBytes(32));
    // The partial unique index lets only one active key per bank exist: a concurrent creator wins, we read its key.
    await db
      .insertInto('tenant_data_keys')
      .values({ id: randomBytes(9).toString('base64url'), bank_id: bankId, key_id: keyId, wrapped_key: wrapped, active: true })
      .onConflict((oc) => oc.doNothing())
      .execute();
    row = await db
      .selectFrom('tenant_data_keys')
      .select(['id', 'key_id', 'wrapped_key'])
      .where('bank_id', '=', bankId)
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
  }
  return { id: row.id, key: await unwrapped(deps, bankId, row.id, db, row) };
}

async function unwrapped(
  deps: EnvelopeDeps,
  bankId: string,
  dataKeyId: string,
  db: Executor,
  known?: { key_id: string; wrapped_key: string },
): Promise<Buffer> {
  const cache = cacheOf(deps.database);
  const hit = cache.get(dataKeyId);
  if (hit) {
    if (hit.bankId !== bankId) throw new DecryptionError("cette valeur n'appartient pas à cette banque");
    return hit.key;
  }
  const row =
    known ??
    (await db
      .selectFrom('tenant_data_keys')
      .select(['key_id', 'wrapped_key'])
      .where('id', '=', dataKeyId)
      .where('bank_id', '=', bankId)
      .executeTakeFirst());
  if (!row) throw new DecryptionError('clé de données inconnue pour cette banque');
  const key = await unwrapWithReload(deps, row.key_id, row.wrapped_key);
  cache.set(dataKeyId, { bankId, key });
  return key;
}

/**
 * Encrypts `plaintext` for `bankId`. Pass `db` when inside a transaction: on PGlite the
 * transaction holds the only connection.
 */
export async function encryptForBank(
  deps: EnvelopeDeps,
  bankId: string,
  plaintext: string,
  db: Executor = deps.database.db,
): Promise<string> {
  const dataKey = await activeDataKey(deps, bankId, db);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv).setAAD(aadOf(bankId, dataKey.id));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, dataKey.id, iv.toString('base64url'), sealed.toString('base64url')].join('.');
}

/** Decrypts a value of `encryptForBank`; throws DecryptionError if altered or of another bank. */
export async function decryptForBank(deps: EnvelopeDeps, bankId: string, value: string, db: Executor = deps.database.db): Promise<string> {
  const parts = value.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new DecryptionError('format chiffré inconnu');
  const [, dataKeyId, ivText, sealedText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, 'base64url');
  const sealed = Buffer.from(sealedText, 'base64url');
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new DecryptionError('valeur chiffrée tronquée');
  const key = await unwrapped(deps, bankId, dataKeyId, db);
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(aadOf(bankId, dataKeyId));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('valeur chiffrée altérée');
  }
}

/** The data key id a value was encrypted with (stored beside it, e.g. channels.credentials_key_id). */
export const dataKeyIdOf = (value: string): string | null => {
  const parts = value.split('.');
  return parts.length === 4 && parts[0] === VERSION ? parts[1]! : null;
};

/**
 * Binary values (attachments): AES-256-GCM under the bank's active data key, returned as
 * iv || ciphertext || tag with the data key id to store beside it (a column of its own).
 */
export async function encryptBytesForBank(
  deps: EnvelopeDeps,
  bankId: string,
  plaintext: Uint8Array,
  db: Executor = deps.database.db,
): Promise<{ dataKeyId: string; sealed: Buffer }> {
  const dataKey = await activeDataKey(deps, bankId, db);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv).setAAD(aadOf(bankId, dataKey.id));
  return { dataKeyId: dataKey.id, sealed: Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]) };
}

export async function decryptBytesForBank(
  deps: EnvelopeDeps,
  bankId: string,
  dataKeyId: string,
  sealed: Uint8Array,
  db: Executor = deps.database.db,
): Promise<Buffer> {
  const bytes = Buffer.from(sealed);
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('valeur chiffrée tronquée');
  const key = await unwrapped(deps, bankId, dataKeyId, db);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(aadOf(bankId, dataKeyId));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError('valeur chiffrée altérée');
  }
}
