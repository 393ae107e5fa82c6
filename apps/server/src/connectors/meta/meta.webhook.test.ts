import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../connector.types.ts';
import { handshakeMeta, parseMetaWebhook, verifyMetaSignature } from './meta.webhook.ts';

const verifyToken = 'verify-token-0123456789';
const appSecret = 'app-secret-0123456789abcdef';
const ids = { pageId: '104857600000001', instagramId: '17841400000000001' };
const sign = (body: Buffer, key = appSecret) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

describe('Meta handshake', () => {
  it('echoes hub.challenge as text/plain for the right token', () => {
    const result = handshakeMeta(verifyToken, { 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '1158201444' });
    expect(result).toEqual({ status: 200, contentType: 'text/plain', body: '1158201444' });
  });

  it('answers 403 to a wrong token, a wrong mode or a missing token', () => {
    expect(handshakeMeta(verifyToken, { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' }).status).toBe(403);
    expect(handshakeMeta(verifyToken, { 'hub.mode': 'unsubscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '1' }).status).toBe(
      403,
    );
    expect(handshakeMeta(verifyToken, { 'hub.mode': 'subscribe', 'hub.challenge': '1' }).status).toBe(403);
  });
});

describe('Meta signature', () => {
  // Accents on purpose: the signature covers the raw bytes, never re-serialised JSON.
  const body = Buffer.from(
    '{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"message":"Ma carte est bloquée, aidez-moi"}}]}]}',
  );

  it('accepts the right signature, in either hex case', () => {
    expect(verifyMetaSignature(appSecret, { rawBody: body, headers: { 'x-hub-signature-256': sign(body) } })).toBe(true);
    expect(
      verifyMetaSignature(appSecret, {
        rawBody: body,
        headers: { 'x-hub-signature-256': sign(body).toUpperCase().replace('SHA256', 'sha256') },
      }),
    ).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifyMetaSignature(appSecret, { rawBody: body, headers: { 'x-hub-signature-256': sign(body, 'another-secret') } })).toBe(false);
  });

  it('refuses a missing or malformed header, including the legacy sha1 one', () => {
    expect(verifyMetaSignature(appSecret, { rawBody: body, headers: {} })).toBe(false);
    expect(verifyMetaSignature(appSecret, { rawBody: body, headers: { 'x-hub-signature-256': 'sha256=zz' } })).toBe(false);
    expect(verifyMetaSignature(appSecret, { rawBody: body, headers: { 'x-hub-signature-256': sign(body).slice(7) } })).toBe(false);
    expect(verifyMetaSignature(appSecret, { rawBody: body, headers: { 'x-hub-signature': `sha1=${'a'.repeat(40)}` } })).toBe(false);
  });

  it('refuses a tampered body', () => {
    const tampered = Buffer.from(body.toString().replace('bloquée', 'bloquee'));
    expect(verifyMetaSignature(appSecret, { rawBody: tampered, headers: { 'x-hub-signature-256': sign(body) } })).toBe(false);
  });

  it('refuses a signature of the wrong length', () => {
    expect(verifyMetaSignature(appSecret, { rawBody: body, headers: { 'x-hub-signature-256': `${sign(body)}00` } })).toBe(false);
    expect(verifyMetaSignature(appSecret, { rawBody: body, headers: { 'x-hub-signature-256': sign(body).slice(0, -2) } })).toBe(false);
  });
});

describe('Meta parse: malformed deliveries', () => {
  it.each([
    ['bad JSON', '{"object":"page",'],
    ['a string', '"page"'],
    ['null', 'null'],
    ['an object without entry[]', '{"object":"page"}'],
    ['entry that is not an array', '{"object":"page","entry":{}}'],
    ['an entry that is not an object', '{"object":"page","entry":[1]}'],
    ['an empty array', '[]'],
  ])('throws MalformedPayloadError on %s', (_name, body) => {
    expect(() => parseMetaWebhook(Buffer.from(body), ids)).toThrow(MalformedPayloadError);
  });
});
