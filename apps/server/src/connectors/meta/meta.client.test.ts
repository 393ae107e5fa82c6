import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
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

const client = (overrides: { pageAccessToken?: string; timeoutMs?: number; now?: () => Date } = {}) =>
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

const HOUR = 3600_000;
const dm = (channel: 'messenger' | 'instagram_dm', lastInboundAt: Date | null): OutboundReply => ({
  ...base,
  channel,
  mode: 'private',
  threadKey: '7001',
  replyToPlatformId: null,
  recipientPlatformUserId: '7001',
  lastInboundAt,
});

describe('Meta client: the 24-hour messaging window', () => {
  it('answers as RESPONSE within 24 hours and with the HUMAN_AGENT tag after', async () => {
    const now = new Date('2026-03-02T12:00:00Z');
    const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
    await client({ now: () => now }).send(dm('messenger', at(23)));
    await client({ now: () => now }).send(dm('messenger', at(25)));
    await client({ now: () => now }).send(dm('instagram_dm', at(30)));
    expect(fake.posts.map((p) => p.tag ?? null)).toEqual([null, 'HUMAN_AGENT', 'HUMAN_AGENT']);
  });

  it('is refused by Meta outside the window without the tag (code 10, subcode 2018278), as rejected', async () => {
    fake.setLastInbound('7001', new Date(Date.now() - 30 * HOUR));
    // Our record of the last inbound message is missing, so the client does not know to tag it.
    const error = await failure(client().send(dm('messenger', null)));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('24 h');
    expect(fake.posts).toEqual([]);
    await client().send(dm('messenger', new Date(Date.now() - 30 * HOUR)));
    expect(fake.posts).toEqual([expect.objectContaining({ tag: 'HUMAN_AGENT', recipient: { id: '7001' } })]);
  });
});

describe('Meta client: moderation', () => {
  it('hides and shows a Facebook comment with is_hidden, an Instagram one with hide', async () => {
    await client().moderate('hide', 'facebook', '812345678901234_998877665544332');
    await client().moderate('unhide', 'facebook', '812345678901234_998877665544332');
    await client().moderate('hide', 'instagram', '17865799348089039');
    expect(fake.moderations).toEqual([
      expect.objectContaining({ commentId: '812345678901234_998877665544332', field: 'is_hidden', hidden: true }),
      expect.objectContaining({ commentId: '812345678901234_998877665544332', field: 'is_hidden', hidden: false }),
      expect.objectContaining({ commentId: '17865799348089039', field: 'hide', hidden: true }),
    ]);
  });

  it('refuses a wrong token and channels without comments', async () => {
    expect((await failure(client({ pageAccessToken: 'expired-token-0123456789' }).moderate('hide', 'facebook', '1_2'))).kind).toBe(
      'rejected',
    );
    expect((await failure(client().moderate('hide', 'messenger', 'm_1'))).kind).toBe('rejected');
    expect(fake.moderations).toEqual([]);
  });

  it('maps 429 and 503 on moderation to retryable errors', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 5 });
    fake.failNext(1, { status: 503 });
    expect((await failure(client().moderate('hide', 'facebook', '1_2'))).kind).toBe('rate_limited');
    expect((await failure(client().moderate('hide', 'facebook', '1_2'))).kind).toBe('server_error');
  });
});

describe('Meta client: profiles', () => {
  it('names a PSID from first_name and last_name, an IGSID from name and username', async () => {
    const person = fake.profileOf('6543210987654321');
    const [messenger] = await client().lookupProfiles('messenger', ['24023456789012345']);
    const expected = fake.profileOf('24023456789012345');
    expect(messenger).toEqual({
      displayName: `${expected.firstName} ${expected.lastName}`,
      handle: null,
      avatarUrl: expect.stringContaining('https://'),
      profileUrl: null,
    });
    expect(await client().lookupProfiles('instagram_dm', ['6543210987654321'])).toEqual([
      {
        displayName: `${person.firstName} ${person.lastName}`,
        handle: person.username,
        avatarUrl: expect.stringContaining('https://'),
        profileUrl: `https://www.instagram.com/${person.username}`,
      },
    ]);
    // Deterministic: the demo shows the same person every time.
    expect(await client().lookupProfiles('messenger', ['24023456789012345'])).toEqual([messenger]);
    expect(await client().lookupProfiles('facebook', ['24023456789012345'])).toEqual([null]);
  });

  it('lets a test aim an injected failure at the profile lookup only', async () => {
    fake.failNext(1, { status: 503 }, { method: 'GET', path: /^\/\d+$/ });
    expect((await client().send(base)).platformMessageId).toBeTruthy();
    expect(await client().lookupProfiles('messenger', ['7001'])).toEqual([expect.objectContaining({ kind: 'server_error' })]);
    expect(await client().lookupProfiles('messenger', ['7001'])).toEqual([expect.objectContaining({ displayName: expect.any(String) })]);
  });

  it('maps a hanging profile lookup to timeout', async () => {
    fake.failNext(1, { hang: true });
    expect(await client({ timeoutMs: 300 }).lookupProfiles('messenger', ['1'])).toEqual([expect.objectContaining({ kind: 'timeout' })]);
  });
});

describe('Meta client: profiles through batch requests', () => {
  const named = (id: string) => {
    const person = fake.profileOf(id);
    return expect.objectContaining({ displayName: `${person.firstName} ${person.lastName}` });
  };

  it('looks several ids up in one batch call, in order, with the token in the body and never in the URL', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const ids = ['7001', '7002', '7003'];
      expect(await client().lookupProfiles('messenger', ids)).toEqual(ids.map(named));
      const [url, init] = fetchSpy.mock.calls[0] ?? [];
      expect(String(url)).toBe(`${graphUrl}/v21.0/`);
      expect(String(url)).not.toContain(account.pageAccessToken);
      const body = new URLSearchParams(String(init?.body));
      expect(body.get('access_token')).toBe(account.pageAccessToken);
      expect(body.get('include_headers')).toBe('false');
      expect(JSON.parse(body.get('batch') ?? '')).toEqual(
        ids.map((id) => ({ method: 'GET', relative_url: `${id}?fields=first_name,last_name,profile_pic` })),
      );
    } finally {
      fetchSpy.mockRestore();
    }
    expect(fake.requests).toEqual([{ method: 'POST', path: '/', operations: 3 }]);
  });

  it('answers none for an unknown id among known ones', async () => {
    fake.forgetUser('7002');
    expect(await client().lookupProfiles('instagram_dm', ['7001', '7002', '7003'])).toEqual([named('7001'), null, named('7003')]);
    // Messenger says the same rather than failing.
    expect(await client().lookupProfiles('messenger', ['7002'])).toEqual([null]);
  });

  it('fails only the ids whose operation failed, with the meaning of a single call', async () => {
    fake.failNext(1, { status: 503 }, { method: 'GET', path: /^\/7002$/ });
    fake.failNext(1, { status: 429 }, { method: 'GET', path: /^\/7003$/ });
    fake.failNext(1, { hang: true }, { method: 'GET', path: /^\/7004$/ });
    const [found, broken, throttled, unfinished] = await client().lookupProfiles('messenger', ['7001', '7002', '7003', '7004']);
    expect(found).toEqual(named('7001'));
    expect(broken).toMatchObject({ kind: 'server_error' });
    expect(throttled).toMatchObject({ kind: 'rate_limited' });
    // Graph's null for an operation it did not complete: worth asking again.
    expect(unfinished).toMatchObject({ kind: 'timeout' });
    expect(fake.requests).toHaveLength(1);
  });

  it('fails every id alike when the batch call itself fails, keeping its Retry-After', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 42 });
    const results = await client().lookupProfiles('messenger', ['7001', '7002']);
    expect(results).toEqual([expect.any(DeliveryError), expect.any(DeliveryError)]);
    expect(results).toMatchObject([
      { kind: 'rate_limited', retryAfterMs: 42_000 },
      { kind: 'rate_limited', retryAfterMs: 42_000 },
    ]);
    expect(await client({ pageAccessToken: 'expired-token-0123456789' }).lookupProfiles('messenger', ['7001'])).toMatchObject([
      { kind: 'rejected' },
    ]);
  });

  it('splits more than 50 ids into calls of at most 50, answers still in order', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => String(7100 + i));
    expect(await client().lookupProfiles('messenger', ids)).toEqual(ids.map(named));
    expect(fake.requests.map((r) => r.operations).sort()).toEqual([10, 50]);
  });

  it('asks Meta nothing for a channel without profiles', async () => {
    expect(await client().lookupProfiles('facebook', ['7001'])).toEqual([null]);
    expect(fake.requests).toEqual([]);
  });
});

describe('Meta client: finding a reply already posted (after a crash)', () => {
  it('finds a public Facebook reply under the comment by our Page and the same text, and nothing else', async () => {
    expect(await client().findSent(base)).toBeNull();
    const sent = await client().send(base);
    await client().send({ ...base, body: 'Autre réponse' });
    expect(await client().findSent(base)).toEqual(sent);
    expect(await client().findSent({ ...base, body: 'Jamais envoyée' })).toBeNull();
  });

  it('finds a Messenger and an Instagram DM in the conversation with that person', async () => {
    const messenger = dm('messenger', null);
    expect(await client().findSent(messenger)).toBeNull();
    const sent = await client().send(messenger);
    expect(await client().findSent(messenger)).toEqual(sent);
    // The same person on Instagram is another conversation.
    expect(await client().findSent(dm('instagram_dm', null))).toBeNull();
    const ig = await client().send(dm('instagram_dm', null));
    expect(await client().findSent(dm('instagram_dm', null))).toEqual(ig);
  });

  it('finds a public Instagram reply among the replies of the comment', async () => {
    const comment = { ...base, channel: 'instagram' as const, threadKey: '18023345989012587', replyToPlatformId: '17865799348089039' };
    expect(await client().findSent(comment)).toBeNull();
    const sent = await client().send(comment);
    expect(await client().findSent(comment)).toEqual(sent);
  });

  it('knows a private reply to a Facebook comment went out when the comment may no longer be answered privately', async () => {
    const privately = { ...base, mode: 'private' as const };
    expect(await client().findSent(privately)).toBeNull();
    await client().send(privately);
    expect(await client().findSent(privately)).toEqual({ platformMessageId: `${base.replyToPlatformId}:private_reply` });
    // Meta itself refuses a second one.
    const again = await failure(client().send(privately));
    expect(again.kind).toBe('rejected');
    expect(again.message).toContain('déjà');
    expect(fake.posts).toHaveLength(1);
  });

  it('maps a 500 during the lookup to a retryable error', async () => {
    fake.failNext(1, { status: 500 });
    expect((await failure(client().findSent(base))).kind).toBe('server_error');
  });
});

describe('Meta client: Instagram mentions', () => {
  it('answers a mention in a comment through the mentions edge, with media and comment', async () => {
    const mention: OutboundReply = {
      ...base,
      channel: 'instagram',
      threadKey: 'mention:17918195224117851#mention:17894227972186120',
      replyToPlatformId: '17894227972186120',
    };
    await client().send(mention);
    await client().send({ ...mention, replyToPlatformId: null });
    expect(fake.posts).toEqual([
      expect.objectContaining({ kind: 'mention_reply', nodeId: '17894227972186120', text: base.body }),
      expect.objectContaining({ kind: 'mention_reply', nodeId: '17918195224117851' }),
    ]);
  });
});

describe('Meta fake: batch requests as Graph takes them', () => {
  const batch = (operations: unknown[], token = account.pageAccessToken) =>
    fetch(`${graphUrl}/v21.0/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: token, include_headers: 'false', batch: JSON.stringify(operations) }).toString(),
    });
  const lookup = (id: string) => ({ method: 'GET', relative_url: `${id}?fields=first_name,last_name` });

  it('answers each operation in order as { code, body } through the single-call routes, and logs one request', async () => {
    fake.forgetUser('7002');
    const response = await batch([lookup('7001'), lookup('7002')]);
    expect(response.status).toBe(200);
    const [known, unknown] = (await response.json()) as { code: number; body: string }[];
    expect(known?.code).toBe(200);
    expect(JSON.parse(known?.body ?? '')).toEqual({
      id: '7001',
      first_name: fake.profileOf('7001').firstName,
      last_name: expect.any(String),
    });
    expect(unknown?.code).toBe(400);
    expect(JSON.parse(unknown?.body ?? '')).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    expect(fake.requests).toEqual([{ method: 'POST', path: '/', operations: 2 }]);
  });

  it('fails the whole batch for a failure aimed at any request, one operation for a failure aimed at it', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 9 });
    const throttled = await batch([lookup('7001')]);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('9');
    fake.failNext(1, { status: 503 }, { method: 'GET', path: /^\/7002$/ });
    fake.failNext(1, { hang: true }, { method: 'GET', path: /^\/7003$/ });
    const answers = (await (await batch([lookup('7001'), lookup('7002'), lookup('7003')])).json()) as ({ code: number } | null)[];
    expect(answers.map((a) => a?.code ?? null)).toEqual([200, 503, null]);
  });

  it('checks the token like a single call and caps a batch at 50 operations', async () => {
    expect((await batch([lookup('7001')], 'expired-token-0123456789')).status).toBe(401);
    const operations = Array.from({ length: 51 }, (_, i) => lookup(String(7000 + i)));
    expect(await (await batch(operations.slice(0, 50))).json()).toHaveLength(50);
    const tooMany = await batch(operations);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('Maximum batch size is 50');
    expect((await batch([])).status).toBe(400);
  });
});
