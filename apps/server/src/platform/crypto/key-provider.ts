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

// Binds a wrapped blob to its purpose: it can't be replayed as some other AES-GCM payload.
const WRAP_AAD = Buffer.from('agora:data-key:v1');

/** AES-256-GCM key wrapping with the master key from AGORA_MASTER_KEY (32 bytes, base64url). */
export class ConfigKeyProvider implements KeyProvider {
  readonly keyId: string;
  readonly #masterKey: Buffer;

  constructor(masterKeyBase64Url: string) {
    const key = Buffer.from(masterKeyBase64Url, 'base64url');
    if (key.length !== 32) throw new KeyProviderError('la clé maîtresse doit faire 32 octets');
    this.#masterKey = key;
    // A short hash names the key without revealing it: enough to tell which master wrapped what.
    this.keyId = `cfg-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  }

  async wrap(dataKey: Buffer) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#masterKey, iv).setAAD(WRAP_AAD);
    const sealed = Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    return { keyId: this.keyId, wrapped: sealed.toString('base64url') };
  }

  async unwrap(keyId: string, wrapped: string) {
    if (keyId !== this.keyId) throw new KeyProviderError(`clé maîtresse inconnue : ${keyId}`);
    const sealed = Buffer.from(wrapped, 'base64url');
    if (sealed.length < 12 + 16) throw new KeyProviderError('clé enveloppée illisible');
    const decipher = createDecipheriv('aes-256-gcm', this.#masterKey, sealed.subarray(0, 12)).setAAD(WRAP_AAD);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    } catch {
      throw new KeyProviderError('clé enveloppée altérée ou clé maîtresse différente');
    }
  }
}
