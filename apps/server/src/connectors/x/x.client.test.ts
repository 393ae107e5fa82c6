import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, type OutboundReply } from '../connector.types.ts';
import { createXClient, retryAfterMsFrom } from './x.client.ts';
import { registerXFake, type XFakeControl } from './x.fake-server.ts';
import { buildOAuthHeader } from './x-oauth1.ts';

const secrets = {
  consumerKey: 'test-consumer-key',
  consumerSecret: 'test-consumer-secret-0123456789',
  accessToken: '1500000000000000001-testtoken',
  accessTokenSecret: 'test-token-secret-0123456789',
};

const publicReply: OutboundReply = {
  channel: 'x',
  mode: 'public',
  threadKey: '1296887091901718529',
  replyToPlatformId: '1296887316556980230',
  recipientPlatformUserId: '2244994945',
  body: 'Bonjour, nous regardons cela tout de suite.',
  idempotencyKey: 'reply-1',
  lastInboundAt: null,
};
const dmReply: OutboundReply = {
  ...publicReply,
  channel: 'x_dm',
  mode: 'private',
  replyToPlatformId: null,
  recipientPlatformUserId: '3001969357',
};

let app: FastifyInstance;
let fake: XFakeControl;
let apiUrl: string;

beforeAll(async () => {
  app = Fastify({ forceCloseConnections: true });
  fake = registerXFake(app, secrets);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  apiUrl = `http://127.0.0.1:${address.port}/x`;
});
afterAll(() => app.close());
beforeEach(() => fake.reset());

const client = (overrides: Partial<typeof secrets> = {}, timeoutMs?: number) =>
  createXClient({ ...secrets, ...overrides, apiUrl, timeoutMs });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a DeliveryError');
    },
    (error: unknown) => error as DeliveryError,
  );

describe('X client against the fake', () => {
  it('posts a public reply as a tweet in reply to the message', async () => {
    const result = await client().send(publicReply);
    expect(result.platformMessageId).toMatch(/^\d+$/);
    expect(fake.posts).toEqual([
      expect.objectContaining({
        kind: 'tweet',
        id: result.platformMessageId,
        text: publicReply.body,
        inReplyToTweetId: '1296887316556980230',
      }),
    ]);
  });

  it('sends a private reply as a DM to the participant', async () => {
    const result = await client().send(dmReply);
    expect(fake.posts).toEqual([expect.objectContaining({ kind: 'dm', id: result.platformMessageId, participantId: '3001969357' })]);
  });

  it('maps a bad signature (wrong token secret) to rejected, not retryable', async () => {
    const error = await failure(client({ accessTokenSecret: 'not-the-right-secret-000' }).send(publicReply));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.kind).toBe('rejected');
    expect(error.retryable).toBe(false);
    expect(fake.posts).toEqual([]);
  });

  it('maps a wrong access token to rejected', async () => {
    expect((await failure(client({ accessToken: '1500000000000000001-other' }).send(publicReply))).kind).toBe('rejected');
  });

  it('refuses a replayed request (same nonce and signature)', async () => {
    const url = `${apiUrl}/2/tweets`;
    const authorization = buildOAuthHeader('POST', url, {
      consumerKey: secrets.consumerKey,
      consumerSecret: secrets.consumerSecret,
      token: secrets.accessToken,
      tokenSecret: secrets.accessTokenSecret,
    });
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Bonjour' }),
      });
    expect((await post()).status).toBe(201);
    const replay = await post();
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ title: 'Unauthorized', status: 401 });
  });

  it('refuses a tweet longer than 280 characters', async () => {
    const error = await failure(client().send({ ...publicReply, body: 'a'.repeat(281) }));
    expect(error.kind).toBe('rejected');
  });

  it('maps 429 to rate_limited with the wait from x-rate-limit-reset', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 30 });
    const error = await failure(client().send(publicReply));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(31_000);
    expect((await client().send(publicReply)).platformMessageId).toBeTruthy();
  });

  it('maps 500 and 503 to server_error', async () => {
    fake.failNext(2, { status: 500 });
    expect((await failure(client().send(publicReply))).kind).toBe('server_error');
    expect((await failure(client().send(dmReply))).kind).toBe('server_error');
  });

  it('maps a hanging platform to timeout', async () => {
    fake.failNext(1, { hang: true });
    const error = await failure(client({}, 300).send(publicReply));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('maps an unreachable platform to network', async () => {
    const error = await failure(createXClient({ ...secrets, apiUrl: 'http://127.0.0.1:1/x', timeoutMs: 2000 }).send(publicReply));
    expect(error.kind).toBe('network');
  });

  it('refuses a public reply on a DM channel without calling X', async () => {
    expect((await failure(client().send({ ...dmReply, mode: 'public' }))).kind).toBe('rejected');
  });
});

describe('retryAfterMsFrom', () => {
  it('prefers Retry-After, then x-rate-limit-reset', () => {
    expect(retryAfterMsFrom(new Headers({ 'retry-after': '12' }))).toBe(12_000);
    expect(retryAfterMsFrom(new Headers({ 'x-rate-limit-reset': '1010' }), 1_000_000)).toBe(10_000);
    expect(retryAfterMsFrom(new Headers())).toBeNull();
  });
});

describe('X findSent after a crash', () => {
  const accountId = '1500000000000000001';

  it('finds a public reply already posted to the same tweet with the same words, links aside', async () => {
    const withLink = { ...publicReply, body: 'Bonjour, voyez https://www.banque-exemple.fr/aide/frais-de-tenue-de-compte' };
    expect(await client().findSent(withLink, accountId)).toBeNull();
    const { platformMessageId } = await client().send(withLink);
    // X would show the link as t.co: the comparison sets links aside.
    fake.posts.at(-1)!.text = 'Bonjour, voyez https://t.co/AbCdEf123';
    expect(await client().findSent(withLink, accountId)).toEqual({ platformMessageId });
    expect(await client().findSent({ ...withLink, replyToPlatformId: '999' }, accountId)).toBeNull();
    expect(await client().findSent({ ...withLink, body: 'Autre chose' }, accountId)).toBeNull();
  });

  it('finds a DM already sent in that conversation, not one from before the person last wrote', async () => {
    const { platformMessageId } = await client().send(dmReply);
    expect(await client().findSent({ ...dmReply, lastInboundAt: new Date(Date.now() - 60_000) }, accountId)).toEqual({ platformMessageId });
    expect(await client().findSent({ ...dmReply, lastInboundAt: new Date(Date.now() + 60_000) }, accountId)).toBeNull();
    expect(await client().findSent({ ...dmReply, recipientPlatformUserId: '3001969358' }, accountId)).toBeNull();
  });

  it('fails retryably when X rate-limits the lookup, so the retry waits instead of posting', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 3 });
    const error = await failure(client().findSent(publicReply, accountId));
    expect(error.kind).toBe('rate_limited');
    expect(fake.posts).toHaveLength(0);
  });
});
