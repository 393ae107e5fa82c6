import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../connector.types.ts';
import { parseTrustpilot, verifyTrustpilotBasicAuth } from './trustpilot.webhook.ts';

const secret = 'trustpilot-webhook-secret-0123';
const sample = readFileSync(new URL('./fixtures/trustpilot_service_review_created_webhook.json', import.meta.url));
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const request = (authorization?: string | string[]) => ({ rawBody: sample, headers: { authorization } });

describe('Trustpilot webhook authentication (Basic credentials of the subscription URL)', () => {
  it('accepts the configured user and secret', () => {
    expect(verifyTrustpilotBasicAuth(secret, request(basic('trustpilot', secret)))).toBe(true);
    expect(verifyTrustpilotBasicAuth(secret, request(`basic ${Buffer.from(`trustpilot:${secret}`).toString('base64')}`))).toBe(true);
  });

  it('refuses a wrong secret, a wrong user, a missing or malformed header', () => {
    expect(verifyTrustpilotBasicAuth(secret, request(basic('trustpilot', `${secret}x`)))).toBe(false);
    expect(verifyTrustpilotBasicAuth(secret, request(basic('admin', secret)))).toBe(false);
    expect(verifyTrustpilotBasicAuth(secret, request())).toBe(false);
    expect(verifyTrustpilotBasicAuth(secret, request(`Bearer ${secret}`))).toBe(false);
    expect(verifyTrustpilotBasicAuth(secret, request(`Basic ${Buffer.from(secret).toString('base64')}`))).toBe(false);
    expect(verifyTrustpilotBasicAuth(secret, request([basic('trustpilot', secret)]))).toBe(false);
  });
});

describe('Trustpilot mapper', () => {
  it('maps the documented service-review-created sample to a public review conversation', () => {
    expect(parseTrustpilot(sample)).toEqual([
      {
        kind: 'message',
        itemId: '53bffd360000640002975387',
        channel: 'trustpilot',
        conversationKind: 'public',
        threadKey: '53bffd360000640002975387',
        platformMessageId: '53bffd360000640002975387',
        replyToPlatformId: '53bffd360000640002975387',
        author: {
          platformUserId: '53bffc3900006400017e5db8',
          handle: null,
          displayName: 'Customer',
          profileUrl: 'https://www.trustpilot.com/users/53bffc3900006400017e5db8',
          avatarUrl: null,
        },
        fromBank: false,
        body: 'Nothing other than excellent customer service.',
        attachments: [],
        createdAt: '2017-05-20T09:34:44.000Z',
        rating: 5,
        title: 'Great service',
      },
    ]);
  });

  const withEvent = (eventName: string, eventData: Record<string, unknown>) =>
    Buffer.from(JSON.stringify({ events: [{ eventName, version: '1', eventData }] }));
  const review = JSON.parse(sample.toString()).events[0].eventData as Record<string, unknown>;

  it('maps service-review-updated to an edit named by its time, and a replay to the same item', () => {
    const edited = { ...review, text: 'Finalement, service moyen.', stars: 3, updatedAt: '2017-05-21T10:00:00.000Z' };
    const [item] = parseTrustpilot(withEvent('service-review-updated', edited));
    expect(item).toEqual({
      kind: 'update',
      itemId: '53bffd360000640002975387:edited:2017-05-21T10:00:00.000Z',
      channel: 'trustpilot',
      threadKey: '53bffd360000640002975387',
      platformMessageId: '53bffd360000640002975387',
      change: 'edited',
      body: 'Finalement, service moyen.',
      rating: 3,
      title: 'Great service',
      at: '2017-05-21T10:00:00.000Z',
    });
    // Without updatedAt, the content names the change: same words, same id; new words, new id.
    const a = parseTrustpilot(withEvent('service-review-updated', { ...review, text: 'v2' }))[0]!;
    const b = parseTrustpilot(withEvent('service-review-updated', { ...review, text: 'v2' }))[0]!;
    const c = parseTrustpilot(withEvent('service-review-updated', { ...review, text: 'v3' }))[0]!;
    expect(a.itemId).toBe(b.itemId);
    expect(c.itemId).not.toBe(a.itemId);
  });

  it('maps service-review-deleted to a deletion mark, and product events to ignored', () => {
    expect(parseTrustpilot(withEvent('service-review-deleted', { id: '53bffd360000640002975387' }))[0]).toMatchObject({
      kind: 'update',
      itemId: '53bffd360000640002975387:deleted',
      change: 'deleted',
      threadKey: '53bffd360000640002975387',
    });
    expect(parseTrustpilot(withEvent('product-review-created', { id: 'p1' }))[0]).toMatchObject({ kind: 'ignored' });
  });

  it('maps an API page: each review, plus its edit when it was updated', () => {
    const page = Buffer.from(
      JSON.stringify({
        reviews: [
          {
            id: 'r1',
            stars: 1,
            title: 'Bof',
            text: 'Carte bloquée',
            createdAt: '2026-01-02T10:00:00Z',
            updatedAt: null,
            consumer: { id: 'c1', displayName: 'Léa M.' },
          },
          {
            id: 'r2',
            stars: 4,
            title: 'Bien',
            text: 'Conseiller réactif',
            createdAt: '2026-01-02T11:00:00Z',
            updatedAt: '2026-01-03T08:00:00Z',
            consumer: { id: 'c2', displayName: 'Paul D.' },
          },
        ],
      }),
    );
    const items = parseTrustpilot(page);
    expect(items.map((i) => [i.kind, i.itemId])).toEqual([
      ['message', 'r1'],
      ['message', 'r2'],
      ['update', 'r2:edited:2026-01-03T08:00:00.000Z'],
    ]);
    expect(items[0]).toMatchObject({ author: { displayName: 'Léa M.', platformUserId: 'c1' }, rating: 1, title: 'Bof' });
  });

  it('refuses bad JSON and unknown shapes', () => {
    expect(() => parseTrustpilot(Buffer.from('{'))).toThrow(MalformedPayloadError);
    expect(() => parseTrustpilot(Buffer.from('[]'))).toThrow(MalformedPayloadError);
    expect(() => parseTrustpilot(Buffer.from('{"foo":1}'))).toThrow(MalformedPayloadError);
  });
});
