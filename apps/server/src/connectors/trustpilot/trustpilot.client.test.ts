import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, type OutboundReply } from '../connector.types.ts';
import { createTrustpilotClient } from './trustpilot.client.ts';
import { createTrustpilotConnector } from './trustpilot.connector.ts';
import { registerTrustpilotFake, type TrustpilotFakeControl } from './trustpilot.fake-server.ts';

const creds = { businessUnitId: '5f1a2b3c4d5e6f7a8b9c0d1e', apiKey: 'tp-key', apiSecret: 'tp-secret-0123456789abcdef' };
let app: FastifyInstance;
let fake: TrustpilotFakeControl;
let apiUrl: string;

beforeAll(async () => {
  app = Fastify({ logger: false, forceCloseConnections: true });
  fake = registerTrustpilotFake(app, creds);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/trustpilot`;
});
afterAll(() => app.close());
beforeEach(() => fake.reset());

const connector = (extra: { perPage?: number; apiSecret?: string; timeoutMs?: number } = {}) =>
  createTrustpilotConnector({ apiUrl, ...creds, webhookSecret: 'webhook-secret-0123456789', ...extra });
const replyTo = (reviewId: string, body: string): OutboundReply => ({
  channel: 'trustpilot',
  mode: 'public',
  threadKey: reviewId,
  replyToPlatformId: reviewId,
  recipientPlatformUserId: 'c1',
  body,
  idempotencyKey: 'k1',
  lastInboundAt: null,
});
const idsOf = (pages: { rawBody: Buffer }[]) =>
  pages.flatMap((p) => (JSON.parse(p.rawBody.toString()) as { reviews: { id: string }[] }).reviews.map((r) => r.id));

describe('Trustpilot client against the fake', () => {
  it('gets a client-credentials token and pages through the reviews', async () => {
    for (let i = 0; i < 5; i++) fake.addReview({ id: `r${i}`, createdAt: `2026-01-0${i + 1}T10:00:00.000Z` });
    const client = createTrustpilotClient({ apiUrl, ...creds });
    const first = await client.listReviews({ startDateTime: null, page: 1, perPage: 2 });
    expect(first.reviews.map((r) => r.id)).toEqual(['r0', 'r1']);
    expect(first.hasNext).toBe(true);
    const last = await client.listReviews({ startDateTime: '2026-01-03T10:00:00.000Z', page: 2, perPage: 2 });
    expect(last.reviews.map((r) => r.id)).toEqual(['r4']);
    expect(last.hasNext).toBe(false);
  });

  it('refuses wrong API credentials as a rejection (no retry)', async () => {
    const client = createTrustpilotClient({ apiUrl, ...creds, apiSecret: 'wrong-secret-0123456789' });
    const error = await client.listReviews({ startDateTime: null, page: 1, perPage: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).kind).toBe('rejected');
  });

  it('replies: a 429 carries Retry-After, the next try posts once, findSent then sees it', async () => {
    const review = fake.addReview({ text: 'Frais de tenue de compte injustifiés' });
    const tp = connector();
    fake.failNext(1, { status: 429, retryAfterSeconds: 7 });
    const error = (await tp.send(replyTo(review.id, 'Bonjour, nous regardons votre dossier.')).catch((e: unknown) => e)) as DeliveryError;
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
    expect(await tp.findSent!(replyTo(review.id, 'Bonjour, nous regardons votre dossier.'))).toBeNull();

    expect(await tp.send(replyTo(review.id, 'Bonjour, nous regardons votre dossier.'))).toEqual({
      platformMessageId: `${review.id}:reply`,
    });
    expect(fake.replies).toHaveLength(1);
    expect(await tp.findSent!(replyTo(review.id, 'Bonjour,  nous regardons votre dossier. '))).toEqual({
      platformMessageId: `${review.id}:reply`,
    });
    expect(await tp.findSent!(replyTo(review.id, 'Autre réponse'))).toBeNull();
  });

  it('maps 5xx and timeouts to retryable failures', async () => {
    const review = fake.addReview();
    fake.failNext(1, { status: 503 });
    expect(
      (
        (await connector()
          .send(replyTo(review.id, 'x'))
          .catch((e: unknown) => e)) as DeliveryError
      ).kind,
    ).toBe('server_error');
    fake.failNext(1, { hang: true });
    expect(
      (
        (await connector({ timeoutMs: 200 })
          .send(replyTo(review.id, 'x'))
          .catch((e: unknown) => e)) as DeliveryError
      ).kind,
    ).toBe('timeout');
    expect(fake.replies).toHaveLength(0);
  });

  it('offers only a public reply on trustpilot, capped at 2,000 characters', () => {
    const now = { conversationKind: 'public' as const, lastInboundAt: null, now: new Date() };
    expect(connector().replyOptions('trustpilot', now)).toMatchObject({ modes: ['public'], maxLength: 2000, counting: 'characters' });
    expect(connector().replyOptions('x', now).modes).toEqual([]);
  });
});

describe('Trustpilot sync cursor', () => {
  it('loses and doubles nothing across polls, pages and reviews created in the same second', async () => {
    const tp = connector({ perPage: 2 });
    fake.addReview({ id: 'a', createdAt: '2026-02-01T09:00:00.000Z' });
    fake.addReview({ id: 'b', createdAt: '2026-02-01T09:00:05.000Z' });
    fake.addReview({ id: 'c', createdAt: '2026-02-01T09:00:05.000Z' });
    const first = await tp.poll!(null, new Date());
    expect(idsOf(first.pages)).toEqual(['a', 'b', 'c']);

    const nothing = await tp.poll!(first.cursor, new Date());
    expect(nothing.pages).toEqual([]);
    expect(nothing.cursor).toBe(first.cursor);

    // A late review in the very second of the cursor, and later ones over several pages.
    fake.addReview({ id: 'd', createdAt: '2026-02-01T09:00:05.000Z' });
    for (const id of ['e', 'f', 'g']) fake.addReview({ id, createdAt: '2026-02-01T10:00:00.000Z' });
    const second = await tp.poll!(nothing.cursor, new Date());
    expect(idsOf(second.pages).sort()).toEqual(['d', 'e', 'f', 'g']);
    expect(JSON.parse(second.cursor!)).toEqual({ at: '2026-02-01T10:00:00.000Z', ids: ['e', 'f', 'g'] });
    expect((await tp.poll!(second.cursor, new Date())).pages).toEqual([]);
  });

  it('keeps the cursor when the API fails, so the next run starts over from it', async () => {
    fake.addReview({ id: 'z', createdAt: '2026-03-01T09:00:00.000Z' });
    fake.failNext(1, { status: 500 });
    await expect(connector().poll!(null, new Date())).rejects.toBeInstanceOf(DeliveryError);
    expect(idsOf((await connector().poll!(null, new Date())).pages)).toEqual(['z']);
  });
});
