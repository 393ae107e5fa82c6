import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * Compact JWS (RFC 7515) with node:crypto only, for the app stores' server-to-server auth:
 * RS256 for Google's service accounts, ES256 for App Store Connect API keys.
 */
export type JwtAlgorithm = 'RS256' | 'ES256';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** ES256 is P-256 with SHA-256; JWS wants the raw r||s signature (64 bytes), not DER. */
const signOptions = (algorithm: JwtAlgorithm, key: KeyObject) =>
  algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;

export function signJwt(
  algorithm: JwtAlgorithm,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateKeyPem: string | KeyObject,
): string {
  const key = typeof privateKeyPem === 'string' ? createPrivateKey(privateKeyPem) : privateKeyPem;
  const input = `${base64url(JSON.stringify({ ...header, alg: algorithm }))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), signOptions(algorithm, key));
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * Checks the signature and the `alg` header; returns the decoded token, or null when anything
 * is off. Claims (iss, aud, exp) are the caller's to check: each platform has its own rules.
 */
export function verifyJwt(token: string, algorithm: JwtAlgorithm, publicKey: string | KeyObject): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let decoded: DecodedJwt;
  try {
    decoded = {
      header: JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, unknown>,
    };
  } catch {
    return null;
  }
  if (typeof decoded.header !== 'object' || !decoded.header || typeof decoded.payload !== 'object' || !decoded.payload) return null;
  // Refuse "none" and algorithm confusion: the verifier decides the algorithm, not the token.
  if (decoded.header.alg !== algorithm) return null;
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const signature = Buffer.from(signaturePart, 'base64url');
  if (algorithm === 'ES256' && signature.length !== 64) return null;
  const ok = verify('sha256', Buffer.from(`${headerPart}.${payloadPart}`), signOptions(algorithm, key), signature);
  return ok ? decoded : null;
}

/** The public half of a PEM private key: what the fakes check signatures with. */
export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Reads a private key from its PEM and checks it is the kind the platform signs with. The error
 * names the setting, never the value (it is a secret).
 */
export function readSigningKey(pem: string, algorithm: JwtAlgorithm, settingName: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`${settingName} n'est pas une clé privée PEM lisible`);
  }
  const fits =
    algorithm === 'RS256'
      ? key.asymmetricKeyType === 'rsa'
      : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  if (!fits) throw new Error(`${settingName} doit être une clé ${algorithm === 'RS256' ? 'RSA' : 'EC P-256'}`);
  return key;
}
