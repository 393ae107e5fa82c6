import { generateKeyPairSync } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryError, OutboundReply } from '../connector.types.ts';
import { publicKeyPemOf, signJwt } from '../jwt-signing.ts';
import { type AppStoreClient, createAppStoreClient } from './app-store.client.ts';
import { createAppStoreConnector } from './app-store.connector.ts';
import { type AppStoreFakeControl, registerAppStoreFake } from './app-store.fake-server.ts';
import { parseAppStoreReviewsPage } from './app-store.mapper.ts';
import { pollAppStoreReviews } from './app-store.poller.ts';

const ecPem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const privateKeyPem = ecPem();
const ids = { keyId: '2X9R4HXF34', issuerId: '57246542-96fe-1a63-e053-0824d011072a', appId: '1234567890' };
const DAY = 24 * 3600_000;

let app: FastifyInstance;
let fake: AppStoreFakeControl;
let baseUrl: string;

beforeAll(async () => {
  app = Fastify({ forceCloseConnections: true });
  fake = registerAppStoreFake(app, { ...ids, publicKeyPem: publicKeyPemOf(privateKeyPem) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(() => app.close());
beforeEach(() => fake.reset());

type Overrides = Partial<typeof ids> & { privateKeyPem?: string; timeoutMs?: number };
const options = (overrides: Overrides = {}) => ({ ...ids, apiUrl: `${baseUrl}/app-store`, privateKeyPem, ...overrides });
const client = (overrides: Overrides = {}) => createAppStoreClient(options(overrides));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a DeliveryError');
    },
    (error: unknown) => error as DeliveryError,
  );
const reply = (reviewId: string, body: string): OutboundReply => ({
  channel: 'app_store',
  mode: 'public',
  threadKey: reviewId,
  replyToPlatformId: reviewId,
  recipientPlatformUserId: `review:${reviewId}`,
  body,
  idempotencyKey: `k-${reviewId}`,
  lastInboundAt: null,
});

describe('App Store client against the fake', () => {
  it('is let in with its ES256 token, and refused with another key, key id or issuer', async () => {
    fake.addReview({ rating: 4, body: 'Bien', title: 'Pratique' });
    expect((await client().listReviews(null)).data).toHaveLength(1);
    for (const bad of [{ privateKeyPem: ecPem() }, { keyId: 'OTHERKEY01' }, { issuerId: 'another-issuer' }]) {
      const error = await failure(client(bad).listReviews(null));
      expect(error.kind).toBe('rejected');
      expect(error.retryable).toBe(false);
    }
  });

  it('refuses a token with the wrong audience or living longer than 20 minutes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const call = (payload: Record<string, unknown>) =>
      fetch(`${baseUrl}/app-store/v1/apps/${ids.appId}/customerReviews`, {
        headers: { authorization: `Bearer ${signJwt('ES256', { kid: ids.keyId, typ: 'JWT' }, payload, privateKeyPem)}` },
      });
    expect((await call({ iss: ids.issuerId, iat: now, exp: now + 600, aud: 'appstoreconnect-v1' })).status).toBe(200);
    expect((await call({ iss: ids.issuerId, iat: now, exp: now + 600, aud: 'other' })).status).toBe(401);
    expect((await call({ iss: ids.issuerId, iat: now, exp: now + 3600, aud: 'appstoreconnect-v1' })).status).toBe(401);
    expect((await call({ iss: ids.issuerId, iat: now - 900, exp: now - 1, aud: 'appstoreconnect-v1' })).status).toBe(401);
  });

  it('posts one developer response per review; a new one replaces it; findSent finds the current text', async () => {
    const reviewId = fake.addReview({ rating: 1, body: 'Impossible de me connecter' });
    const connector = createAppStoreConnector(options());
    const first = await connector.send(reply(reviewId, 'Bonjour, réinstallez la dernière version.'));
    const second = await connector.send(reply(reviewId, 'Bonjour, la version 4.2 corrige la connexion.'));
    expect(second.platformMessageId).not.toBe(first.platformMessageId);
    expect(fake.posts.map((p) => p.kind)).toEqual(['create', 'update']);
    expect(fake.responseOf(reviewId)?.attributes?.responseBody).toBe('Bonjour, la version 4.2 corrige la connexion.');
    expect(await connector.findSent?.(reply(reviewId, 'Bonjour, la version 4.2 corrige la connexion.'))).toEqual(second);
    expect(await connector.findSent?.(reply(reviewId, 'Bonjour, réinstallez la dernière version.'))).toBeNull();
    const other = fake.addReview({ rating: 5, body: 'Top' });
    expect(await connector.findSent?.(reply(other, 'Merci'))).toBeNull();
  });

  it('deletes a response', async () => {
    const reviewId = fake.addReview({ rating: 2, body: 'Lent' });
    const c = client();
    const response = await c.respond(reviewId, 'Merci, nous y travaillons.');
    await c.deleteResponse(response.id);
    expect(await c.responseOf(reviewId)).toBeNull();
  });

  it('offers a public reply of 5,970 characters at most, nothing private', () => {
    const connector = createAppStoreConnector(options());
    expect(connector.replyOptions('app_store', { conversationKind: 'public', lastInboundAt: null, now: new Date() })).toMatchObject({
      modes: ['public'],
      maxLength: 5970,
    });
  });

  it('maps 429 with Retry-After to rate_limited, then succeeds', async () => {
    const reviewId = fake.addReview({ rating: 3, body: 'Moyen' });
    fake.failNext(1, { status: 429, retryAfterSeconds: 12 });
    const error = await failure(client().respond(reviewId, 'Merci'));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(12_000);
    expect((await client().respond(reviewId, 'Merci')).attributes?.responseBody).toBe('Merci');
  });

  it('maps 5xx to server_error, a hang to timeout, no server to network', async () => {
    fake.failNext(1, { status: 503 });
    expect((await failure(client().listReviews(null))).kind).toBe('server_error');
    fake.failNext(1, { hang: true });
    expect((await failure(client({ timeoutMs: 300 }).listReviews(null))).kind).toBe('timeout');
    expect(
      (await failure(createAppStoreClient({ ...options(), apiUrl: 'http://127.0.0.1:1/app-store', timeoutMs: 2000 }).listReviews(null)))
        .kind,
    ).toBe('network');
  });

  it('does not follow a next link to another host (the token would leak)', async () => {
    expect((await failure(client().listReviews('https://evil.example/v1/apps/1/customerReviews'))).kind).toBe('rejected');
  });
});

describe('pollAppStoreReviews', () => {
  const bodies = (pages: { rawBody: Buffer }[]) =>
    pages.flatMap((p) => parseAppStoreReviewsPage(p.rawBody)).map((i) => (i.kind === 'message' ? i.body : i.kind));
  const small: () => AppStoreClient = () => {
    const c = client();
    return { ...c, listReviews: (next) => c.listReviews(next, 2) };
  };
  const windows = { initialLookbackMs: 30 * DAY, lateArrivalWindowMs: DAY };

  it('follows links.next newest first and stops past the window; a later poll takes only new reviews', async () => {
    const now = Date.now();
    fake.addReview({ rating: 5, body: 'Trop ancien', createdDate: new Date(now - 40 * DAY) });
    for (let i = 0; i < 5; i++) fake.addReview({ rating: 4, body: `Avis ${i}`, createdDate: new Date(now - (10 - i) * 60_000) });
    const first = await pollAppStoreReviews(small(), null, new Date(now), windows);
    expect(bodies(first.pages).sort()).toEqual(['Avis 0', 'Avis 1', 'Avis 2', 'Avis 3', 'Avis 4']);

    const again = await pollAppStoreReviews(small(), first.cursor, new Date(), windows);
    expect(again).toEqual({ pages: [], cursor: first.cursor });

    fake.addReview({ rating: 1, body: 'Nouveau' });
    const second = await pollAppStoreReviews(small(), again.cursor, new Date(), windows);
    expect(bodies(second.pages)).toEqual(['Nouveau']);
  });

  it('takes a review created at the cursor’s very second that was not taken yet', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 5000);
    fake.addReview({ id: 'a', rating: 5, body: 'a', createdDate: at });
    const first = await pollAppStoreReviews(client(), null, new Date(), windows);
    fake.addReview({ id: 'b', rating: 5, body: 'b', createdDate: at });
    const second = await pollAppStoreReviews(client(), first.cursor, new Date(), windows);
    expect(bodies(second.pages)).toEqual(['b']);
    expect(JSON.parse(second.cursor ?? '')).toEqual({ at: at.toISOString(), seen: { a: at.getTime(), b: at.getTime() } });
  });

  it('takes a review Apple publishes late, older than the newest one stored, exactly once', async () => {
    const now = Date.now();
    fake.addReview({ id: 'newest', rating: 4, body: 'Récent', createdDate: new Date(now - 60_000) });
    const first = await pollAppStoreReviews(client(), null, new Date(now), windows);
    fake.addReview({ id: 'late', rating: 2, body: 'Publié en retard', createdDate: new Date(now - 6 * 3600_000) });
    const second = await pollAppStoreReviews(client(), first.cursor, new Date(), windows);
    expect(bodies(second.pages)).toEqual(['Publié en retard']);
    expect((await pollAppStoreReviews(client(), second.cursor, new Date(), windows)).pages).toEqual([]);
  });

  it('keeps in the cursor only the reviews inside the window', async () => {
    const now = Date.now();
    fake.addReview({ id: 'old', rating: 3, body: 'Il y a deux jours', createdDate: new Date(now - 2 * DAY) });
    fake.addReview({ id: 'new', rating: 3, body: 'Maintenant', createdDate: new Date(now - 1000) });
    const { pages, cursor } = await pollAppStoreReviews(client(), null, new Date(now), windows);
    expect(bodies(pages).sort()).toEqual(['Il y a deux jours', 'Maintenant']);
    expect(Object.keys(JSON.parse(cursor ?? '').seen)).toEqual(['new']);
  });
});
