import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAppStoreToken } from './app-store/app-store.client.ts';
import { buildServiceAccountAssertion } from './google-play/google-play.auth.ts';
import { publicKeyPemOf, readSigningKey, signJwt, verifyJwt } from './jwt-signing.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Verification written straight on node:crypto, independent of verifyJwt. */
function independentlyValid(token: string, publicKeyPem: string, algorithm: 'RS256' | 'ES256') {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const data = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  return algorithm === 'RS256'
    ? verify('RSA-SHA256', data, publicKeyPem, sig)
    : verify('sha256', data, { key: publicKeyPem, dsaEncoding: 'ieee-p1363' }, sig);
}

describe('JWT signing', () => {
  it('signs the Google service-account assertion with RS256 and the documented claims', () => {
    const token = buildServiceAccountAssertion({
      tokenUrl: 'https://oauth2.googleapis.com/token',
      serviceAccountEmail: 'sa@p.iam.gserviceaccount.com',
      privateKey: rsa,
      nowSeconds: 1_700_000_000,
    });
    const [header, payload] = token.split('.') as [string, string];
    expect(decode(header)).toEqual({ typ: 'JWT', alg: 'RS256' });
    expect(decode(payload)).toEqual({
      iss: 'sa@p.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/androidpublisher',
      aud: 'https://oauth2.googleapis.com/token',
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
    expect(independentlyValid(token, publicKeyPemOf(rsa), 'RS256')).toBe(true);
  });

  it('signs the App Store Connect token with ES256 as a raw 64-byte r||s signature', () => {
    const token = buildAppStoreToken({
      keyId: '2X9R4HXF34',
      issuerId: '57246542-96fe-1a63-e053-0824d011072a',
      privateKey: ec,
      nowSeconds: 1_700_000_000,
    });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(decode(header)).toEqual({ kid: '2X9R4HXF34', typ: 'JWT', alg: 'ES256' });
    const claims = decode(payload);
    expect(claims).toMatchObject({ iss: '57246542-96fe-1a63-e053-0824d011072a', aud: 'appstoreconnect-v1', iat: 1_700_000_000 });
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(20 * 60);
    expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
    expect(independentlyValid(token, publicKeyPemOf(ec), 'ES256')).toBe(true);
  });

  it('verifyJwt accepts a good token and refuses tampering, another key and algorithm confusion', () => {
    const token = signJwt('ES256', { kid: 'k' }, { iss: 'a' }, ec);
    expect(verifyJwt(token, 'ES256', publicKeyPemOf(ec))?.payload).toEqual({ iss: 'a' });
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: 'b' })).toString('base64url')}.${s}`;
    expect(verifyJwt(forged, 'ES256', publicKeyPemOf(ec))).toBeNull();
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyJwt(token, 'ES256', otherKey)).toBeNull();
    expect(verifyJwt(token, 'RS256', publicKeyPemOf(rsa))).toBeNull();
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iss":"a"}').toString('base64url')}.`;
    expect(verifyJwt(none, 'ES256', publicKeyPemOf(ec))).toBeNull();
    expect(verifyJwt('not.a.jwt', 'ES256', publicKeyPemOf(ec))).toBeNull();
  });
  it('reads a signing key of the right kind and names the setting, never the value, when it is not', () => {
    expect(readSigningKey(rsa, 'RS256', 'GOOGLE_PLAY_PRIVATE_KEY').asymmetricKeyType).toBe('rsa');
    expect(readSigningKey(ec, 'ES256', 'APP_STORE_PRIVATE_KEY').asymmetricKeyType).toBe('ec');
    expect(() =>
      readSigningKey('-----BEGIN PRIVATE KEY-----\nabcd\n-----END PRIVATE KEY-----', 'RS256', 'GOOGLE_PLAY_PRIVATE_KEY'),
    ).toThrow("GOOGLE_PLAY_PRIVATE_KEY n'est pas une clé privée PEM lisible");
    expect(() => readSigningKey(rsa, 'ES256', 'APP_STORE_PRIVATE_KEY')).toThrow('APP_STORE_PRIVATE_KEY doit être une clé EC P-256');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => readSigningKey(p384, 'ES256', 'APP_STORE_PRIVATE_KEY')).toThrow(/EC P-256/);
    expect(() => readSigningKey(ec, 'RS256', 'GOOGLE_PLAY_PRIVATE_KEY')).toThrow(/RSA/);
  });
});
