import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, type OutboundReply } from '../connector.types.ts';
import { createMetaClient } from './meta.client.ts';
import { type MetaFakeControl, registerMetaFake } from './meta.fake-server.ts';

const account = { pageAccessToken: 'page-access-token-0123456789', pageId: '104857600000001', instagramId: '17841400000000001' };

const base: OutboundReply = {
  channel: 'facebook',
  mode: 'public',
  threadKey: '104857600000001_812345678901234',
  replyToPlatformId: '812345678901234_998877665544332',
  recipientPlatformUserId: '24023456789012345',
  body: 'Bonjour Camille, nous regardons votre carte tout de suite.',
  idempotencyKey: 'reply-1',
  lastInboundAt: null,
};

let app: FastifyInstance;
let fake: MetaFakeControl;
let graphUrl: string;

beforeAll(async () => {
  app = Fastify({ forceCloseConnections: true });
  fake = registerMetaFake(app, account);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  graphUrl = `http://127.0.0.1:${address.port}/meta`;
});
afterAll(() => app.close());
beforeEach(() => fake.reset());

const client = (overrides: { pageAccessToken?: string; timeoutMs?: number } = {}) =>
  createMetaClient({ ...account, graphUrl, ...overrides });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a DeliveryError');
    },
    (error: unknown) => error as DeliveryError,
  );

describe('Meta client against the fake', () => {
  it('answers a Facebook comment publicly under that comment', async () => {
    const { platformMessageId } = await client().send(base);
    expect(platformMessageId).toMatch(/^998877665544332_\d+$/);
    expect(fake.posts).toEqual([expect.objectContaining({ kind: 'comment', nodeId: '812345678901234_998877665544332', text: base.body })]);
  });

  it('answers a Facebook comment privately through Private Replies', async () => {
    const { platformMessageId } = await client().send({ ...base, mode: 'private' });
    expect(platformMessageId).toMatch(/^m_/);
    expect(fake.posts).toEqual([
      expect.objectContaining({ kind: 'message', nodeId: account.pageId, recipient: { comment_id: '812345678901234_998877665544332' } }),
    ]);
  });

  it('answers a visitor post privately by post_id', async () => {
    await client().send({ ...base, mode: 'private', replyToPlatformId: base.threadKey });
    expect(fake.posts[0]?.recipient).toEqual({ post_id: base.threadKey });
  });

  it('answers on Messenger to the PSID', async () => {
    await client().send({ ...base, channel: 'messenger', mode: 'private', replyToPlatformId: null, recipientPlatformUserId: '7001' });
    expect(fake.posts).toEqual([expect.objectContaining({ nodeId: account.pageId, recipient: { id: '7001' } })]);
  });

  it('answers an Instagram comment publicly as a reply, privately from the Instagram account', async () => {
    const comment = { ...base, channel: 'instagram' as const, threadKey: '18023345989012587', replyToPlatformId: '17865799348089039' };
    await client().send(comment);
    await client().send({ ...comment, mode: 'private' });
    expect(fake.posts).toEqual([
      expect.objectContaining({ kind: 'instagram_reply', nodeId: '17865799348089039' }),
      expect.objectContaining({ kind: 'message', nodeId: account.instagramId, recipient: { comment_id: '17865799348089039' } }),
    ]);
  });

  it('answers an Instagram DM from the Instagram account', async () => {
    await client().send({
      ...base,
      channel: 'instagram_dm',
      mode: 'private',
      replyToPlatformId: null,
      recipientPlatformUserId: '6543210987654321',
    });
    expect(fake.posts).toEqual([expect.objectContaining({ nodeId: account.instagramId, recipient: { id: '6543210987654321' } })]);
  });

  it('maps a wrong Page token to rejected, not retryable', async () => {
    const error = await failure(client({ pageAccessToken: 'expired-token-0123456789' }).send(base));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.kind).toBe('rejected');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('jeton');
    expect(fake.posts).toEqual([]);
  });

  it('maps an empty or too long text to rejected', async () => {
    expect((await failure(client().send({ ...base, body: '  ' }))).kind).toBe('rejected');
    expect((await failure(client().send({ ...base, body: 'a'.repeat(8001) }))).kind).toBe('rejected');
  });

  it('maps 429 with Retry-After to rate_limited with the wait', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 42 });
    const error = await failure(client().send(base));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(42_000);
    expect(error.retryable).toBe(true);
    expect((await client().send(base)).platformMessageId).toBeTruthy();
  });

  it('maps 500 and 503 to server_error', async () => {
    fake.failNext(1, { status: 500 });
    fake.failNext(1, { status: 503 });
    expect((await failure(client().send(base))).kind).toBe('server_error');
    expect((await failure(client().send(base))).kind).toBe('server_error');
  });

  it('maps a hanging Graph API to timeout', async () => {
    fake.failNext(1, { hang: true });
    expect((await failure(client({ timeoutMs: 300 }).send(base))).kind).toBe('timeout');
  });

  it('maps an unreachable Graph API to network', async () => {
    const error = await failure(createMetaClient({ ...account, graphUrl: 'http://127.0.0.1:1/meta', timeoutMs: 2000 }).send(base));
    expect(error.kind).toBe('network');
  });

  it('refuses a public reply on Messenger without calling Graph', async () => {
    expect((await failure(client().send({ ...base, channel: 'messenger' }))).kind).toBe('rejected');
    expect(fake.posts).toEqual([]);
  });
});
