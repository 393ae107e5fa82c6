import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Wraps and unwraps data keys with a master key that never reaches the database. The default
 * reads the master key from the configuration; a KMS (AWS, GCP, Vault transit) implements the
 * same two calls, so switching needs no change in what was stored: each wrapped key names the
 * master key id that wrapped it.
 */
export interface KeyProvider {
  wrap(dataKey: Buffer): Promise<{ keyId: string; wrapped: string }>;
  unwrap(keyId: string, wrapped: string): Promise<Buffer>;
}

export class KeyProviderError extends Error {
  override name = 'KeyProviderError';
}

/** The wrapped key names a master key this process does not hold (yet): see the envelope's reload. */
export class UnknownMasterKeyError extends KeyProviderError {
  override name = 'UnknownMasterKeyError';
}

// Binds a wrapped blob to its purpose: it can't be replayed as some other AES-GCM payload.
const WRAP_AAD = Buffer.from('agora:data-key:v1');

function masterKeyOf(base64Url: string): { id: string; key: Buffer } {
  const key = Buffer.from(base64Url, 'base64url');
  if (key.length !== 32) throw new KeyProviderError('la clé maîtresse doit faire 32 octets');
  // A short hash names the key without revealing it: enough to tell which master wrapped what.
  return { id: `cfg-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, key };
}

/**
 * AES-256-GCM key wrapping with the master key from AGORA_MASTER_KEY (32 bytes, base64url). The
 * master keys it replaced (AGORA_MASTER_KEYS_RETIRED) still unwrap, so `npm run keys:rotate` can
 * re-wrap every data key under the new version while the servers keep reading.
 */
export class ConfigKeyProvider implements KeyProvider {
  readonly keyId: string;
  readonly #masterKey: Buffer;
  readonly #retired = new Map<string, Buffer>();

  constructor(masterKeyBase64Url: string, retiredBase64Url: readonly string[] = []) {
    const current = masterKeyOf(masterKeyBase64Url);
    this.#masterKey = current.key;
    this.keyId = current.id;
    for (const old of retiredBase64Url) {
      const retired = masterKeyOf(old);
      if (retired.id !== this.keyId) this.#retired.set(retired.id, retired.key);
    }
  }

  /** Whether `keyId` is a master key this provider can unwrap with. */
  knows(keyId: string): boolean {
    return keyId === this.keyId || this.#retired.has(keyId);
  }

  async wrap(dataKey: Buffer) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#masterKey, iv).setAAD(WRAP_AAD);
    const sealed = Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    return { keyId: this.keyId, wrapped: sealed.toString('base64url') };
  }

  async unwrap(keyId: string, wrapped: string) {
    const masterKey = keyId === this.keyId ? this.#masterKey : this.#retired.get(keyId);
    if (!masterKey) throw new UnknownMasterKeyError(`clé maîtresse inconnue : ${keyId}`);
    const sealed = Buffer.from(wrapped, 'base64url');
    if (sealed.length < 12 + 16) throw new KeyProviderError('clé enveloppée illisible');
    const decipher = createDecipheriv('aes-256-gcm', masterKey, sealed.subarray(0, 12)).setAAD(WRAP_AAD);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    } catch {
      throw new KeyProviderError('clé enveloppée altérée ou clé maîtresse différente');
    }
  }
}
