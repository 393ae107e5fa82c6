import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../connector.types.ts';
import { handshakeX, parseXWebhook, verifyXSignature } from './x.webhook.ts';

const secret = 'z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu';
const sign = (body: Buffer, key = secret) => `sha256=${createHmac('sha256', key).update(body).digest('base64')}`;

describe('X CRC handshake', () => {
  it('answers the documented test vector', () => {
    const result = handshakeX(secret, { crc_token: '9b4507b3-9040-4669-9ca3-6b94edb50553' });
    expect(result.status).toBe(200);
    expect(result.contentType).toBe('application/json');
    expect(JSON.parse(result.body)).toEqual({ response_token: 'sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8=' });
  });

  it('refuses a GET without crc_token', () => {
    expect(handshakeX(secret, {}).status).toBe(400);
  });
});

describe('X signature', () => {
  const body = Buffer.from('{"for_user_id":"1","tweet_create_events":[{"text":"Bonjour, ma carte est bloquée"}]}');

  it('accepts the right signature', () => {
    expect(verifyXSignature(secret, { rawBody: body, headers: { 'x-twitter-webhooks-signature': sign(body) } })).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifyXSignature(secret, { rawBody: body, headers: { 'x-twitter-webhooks-signature': sign(body, 'other') } })).toBe(false);
  });

  it('refuses a missing or malformed header', () => {
    expect(verifyXSignature(secret, { rawBody: body, headers: {} })).toBe(false);
    expect(verifyXSignature(secret, { rawBody: body, headers: { 'x-twitter-webhooks-signature': 'abc' } })).toBe(false);
    expect(verifyXSignature(secret, { rawBody: body, headers: { 'x-twitter-webhooks-signature': [sign(body)] } })).toBe(false);
  });

  it('refuses a tampered body', () => {
    const tampered = Buffer.from(body.toString().replace('bloquée', 'volée'));
    expect(verifyXSignature(secret, { rawBody: tampered, headers: { 'x-twitter-webhooks-signature': sign(body) } })).toBe(false);
  });

  it('refuses a signature of the wrong length', () => {
    expect(verifyXSignature(secret, { rawBody: body, headers: { 'x-twitter-webhooks-signature': `${sign(body)}AA` } })).toBe(false);
    expect(verifyXSignature(secret, { rawBody: body, headers: { 'x-twitter-webhooks-signature': sign(body).slice(0, -4) } })).toBe(false);
  });
});

describe('X parse', () => {
  it('throws MalformedPayloadError on bad JSON or a non-object', () => {
    expect(() => parseXWebhook(Buffer.from('{"for_user_id":'), '1')).toThrow(MalformedPayloadError);
    expect(() => parseXWebhook(Buffer.from('[1,2]'), '1')).toThrow(MalformedPayloadError);
    expect(() => parseXWebhook(Buffer.from('null'), '1')).toThrow(MalformedPayloadError);
  });
});
