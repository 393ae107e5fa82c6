import { generateKeyPairSync } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, type OutboundReply } from '../connector.types.ts';
import { publicKeyPemOf } from '../jwt-signing.ts';
import { createGooglePlayClient, type GooglePlayClient } from './google-play.client.ts';
import { createGooglePlayConnector } from './google-play.connector.ts';
import { type GooglePlayFakeControl, registerGooglePlayFake } from './google-play.fake-server.ts';
import { type PlayReview, parsePlayReviewsPage } from './google-play.mapper.ts';
import { pollPlayReviews } from './google-play.poller.ts';

const rsaPem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const privateKeyPem = rsaPem();
const account = { serviceAccountEmail: 'agora@banque.iam.gserviceaccount.com', packageName: 'fr.banque.app' };

let app: FastifyInstance;
let fake: GooglePlayFakeControl;
let baseUrl: string;

beforeAll(async () => {
  app = Fastify({ forceCloseConnections: true });
  fake = registerGooglePlayFake(app, { ...account, publicKeyPem: publicKeyPemOf(privateKeyPem) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(() => app.close());
beforeEach(() => fake.reset());

const options = (overrides: { privateKeyPem?: string; timeoutMs?: number } = {}) => ({
  ...account,
  apiUrl: `${baseUrl}/google-play`,
  tokenUrl: `${baseUrl}/google-oauth/token`,
  privateKeyPem: overrides.privateKeyPem ?? privateKeyPem,
  timeoutMs: overrides.timeoutMs,
});
const client = (overrides: { privateKeyPem?: string; timeoutMs?: number } = {}) => createGooglePlayClient(options(overrides));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a DeliveryError');
    },
    (error: unknown) => error as DeliveryError,
  );
const reply = (reviewId: string, body: string): OutboundReply => ({
  channel: 'google_play',
  mode: 'public',
  threadKey: reviewId,
  replyToPlatformId: reviewId,
  recipientPlatformUserId: `review:${reviewId}`,
  body,
  idempotencyKey: `k-${reviewId}`,
  lastInboundAt: null,
});

describe('Google Play client against the fake', () => {
  it('exchanges a signed assertion for an access token once and reuses it', async () => {
    const c = client();
    const before = fake.tokensIssued;
    fake.addReview({ text: 'Très bonne appli', starRating: 5 });
    expect((await c.listReviews(null)).reviews).toHaveLength(1);
    await c.listReviews(null);
    expect(fake.tokensIssued - before).toBe(1);
    expect(c.tokens.expiresAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it('is refused (not retryable) with a key the service account does not own', async () => {
    const error = await failure(client({ privateKeyPem: rsaPem() }).listReviews(null));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/compte de service/);
  });

  it('fetches a new token when the old one is revoked', async () => {
    const c = client();
    await c.listReviews(null);
    fake.revokeTokens();
    const before = fake.tokensIssued;
    await c.listReviews(null);
    expect(fake.tokensIssued - before).toBe(1);
  });

  it('replies to a review and findSent finds that reply, not another text', async () => {
    const reviewId = fake.addReview({ text: 'Virement bloqué', starRating: 2 });
    const connector = createGooglePlayConnector(options());
    const sent = await connector.send(reply(reviewId, 'Bonjour, écrivez-nous en privé.'));
    expect(sent.platformMessageId).toMatch(new RegExp(`^${reviewId}:reply:\\d+\\.\\d{9}$`));
    expect(fake.replies).toEqual([expect.objectContaining({ reviewId, replyText: 'Bonjour, écrivez-nous en privé.' })]);
    expect(await connector.findSent?.(reply(reviewId, 'Bonjour, écrivez-nous en privé.'))).toEqual(sent);
    expect(await connector.findSent?.(reply(reviewId, 'Un autre texte'))).toBeNull();
    expect(await connector.findSent?.(reply('inconnu', 'Bonjour'))).toBeNull();
  });

  it('offers one public reply of 350 characters at most, and refuses a private one without calling Google', async () => {
    const connector = createGooglePlayConnector(options());
    expect(connector.replyOptions('google_play', { conversationKind: 'public', lastInboundAt: null, now: new Date() })).toMatchObject({
      modes: ['public'],
      maxLength: 350,
      counting: 'characters',
    });
    const error = await failure(connector.send({ ...reply('r', 'Bonjour'), mode: 'private' }));
    expect(error.kind).toBe('rejected');
    expect(fake.replies).toEqual([]);
  });

  it('maps 429 with Retry-After to rate_limited, then succeeds', async () => {
    const reviewId = fake.addReview({ text: 'Appli lente', starRating: 3 });
    const c = client();
    await c.listReviews(null);
    fake.failNext(1, { status: 429, retryAfterSeconds: 7 });
    const error = await failure(c.reply(reviewId, 'Merci, nous regardons.'));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7000);
    expect((await c.reply(reviewId, 'Merci, nous regardons.')).replyText).toBe('Merci, nous regardons.');
    expect(fake.replies).toHaveLength(1);
  });

  it('maps 500 and 503 to server_error (retryable)', async () => {
    const c = client();
    await c.listReviews(null);
    fake.failNext(2, { status: 500 });
    expect((await failure(c.listReviews(null))).kind).toBe('server_error');
    const error = await failure(c.reply('x', 'Bonjour'));
    expect(error.kind).toBe('server_error');
    expect(error.retryable).toBe(true);
  });

  it('maps a hanging platform to timeout', async () => {
    const c = client({ timeoutMs: 300 });
    await c.listReviews(null);
    fake.failNext(1, { hang: true });
    expect((await failure(c.reply('x', 'Bonjour'))).kind).toBe('timeout');
  });

  it('maps an unreachable platform to network', async () => {
    const error = await failure(
      createGooglePlayClient({ ...options(), tokenUrl: 'http://127.0.0.1:1/token', timeoutMs: 2000 }).listReviews(null),
    );
    expect(error.kind).toBe('network');
  });

  it('lists only the last 7 days, like Google', async () => {
    fake.addReview({ text: 'Vieil avis', starRating: 1, lastModified: new Date(Date.now() - 8 * 24 * 3600_000) });
    fake.addReview({ text: 'Avis récent', starRating: 4 });
    const { reviews } = await client().listReviews(null);
    expect(reviews?.map((r) => r.comments?.[0]?.userComment?.text)).toEqual(['Avis récent']);
  });
});

describe('pollPlayReviews', () => {
  const texts = (pages: { rawBody: Buffer }[]) =>
    pages.flatMap((p) => parsePlayReviewsPage(p.rawBody)).map((i) => (i.kind === 'message' ? i.body : i.kind));

  it('pages through everything, then returns only what is newer than the cursor; an edit comes again', async () => {
    const small: GooglePlayClient = { ...client(), listReviews: (token) => client().listReviews(token, 2) };
    for (let i = 0; i < 5; i++) fake.addReview({ text: `Avis ${i}`, starRating: 4 });
    const first = await pollPlayReviews(small, null);
    expect(texts(first.pages).sort()).toEqual(['Avis 0', 'Avis 1', 'Avis 2', 'Avis 3', 'Avis 4']);
    expect(first.pages).toHaveLength(3);

    const again = await pollPlayReviews(small, first.cursor);
    expect(again.pages).toEqual([]);
    expect(again.cursor).toBe(first.cursor);

    const id = fake.addReview({ text: 'Avis 5', starRating: 2 });
    fake.editReview(id, { text: 'Avis 5 modifié', starRating: 1 });
    const second = await pollPlayReviews(small, again.cursor);
    expect(texts(second.pages)).toEqual(['Avis 5 modifié']);
    expect(await pollPlayReviews(small, second.cursor)).toEqual({ pages: [], cursor: second.cursor });
  });

  it('keeps a review written at the very instant of the cursor, and not one already taken', async () => {
    const at = { seconds: '1700000000', nanos: 500 };
    const review = (reviewId: string): PlayReview => ({
      reviewId,
      comments: [{ userComment: { text: reviewId, starRating: 5, lastModified: at } }],
    });
    let listing: PlayReview[] = [review('a')];
    const stub = { listReviews: async () => ({ reviews: listing }) } as unknown as GooglePlayClient;
    const first = await pollPlayReviews(stub, null);
    expect(texts(first.pages)).toEqual(['a']);
    listing = [review('a'), review('b')];
    const second = await pollPlayReviews(stub, first.cursor);
    expect(texts(second.pages)).toEqual(['b']);
    expect(JSON.parse(second.cursor ?? '')).toEqual({ at: '1700000000.000000500', reviewIds: ['a', 'b'] });
    expect((await pollPlayReviews(stub, second.cursor)).pages).toEqual([]);
  });

  it('fails the poll (cursor untouched by the caller) when Google fails mid-way', async () => {
    fake.addReview({ text: 'Avis', starRating: 4 });
    fake.failNext(1, { status: 503 });
    await expect(pollPlayReviews(client(), null)).rejects.toBeInstanceOf(DeliveryError);
  });
});
