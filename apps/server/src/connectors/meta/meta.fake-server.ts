import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../../platform/crypto.ts';

export interface MetaFakeOptions {
  pageAccessToken: string;
  pageId: string;
  instagramId: string;
}

export type MetaFakeFailure = { status: 429 | 500 | 503; retryAfterSeconds?: number } | { hang: true };

export interface MetaFakePost {
  kind: 'comment' | 'instagram_reply' | 'message' | 'mention_reply';
  /** The Graph node posted to: commented object, replied comment, or the Page / Instagram account. */
  nodeId: string;
  recipient: Record<string, string> | null;
  text: string;
  id: string;
  at: string;
  /** Message tag of a DM sent past the 24-hour window (HUMAN_AGENT). */
  tag?: string;
}

/** Which requests an injected failure applies to (default: any), so a test can aim at one call. */
export interface MetaFakeRequestMatch {
  method?: 'GET' | 'POST';
  /** Tested against the path after /meta/<version>, e.g. /^\/\d+$/ for a profile lookup. */
  path?: RegExp;
}

export interface MetaFakeModeration {
  commentId: string;
  /** `is_hidden` on Facebook, `hide` on Instagram: the field Graph was given. */
  field: 'is_hidden' | 'hide';
  hidden: boolean;
  at: string;
}

/** One HTTP request the fake received (a batch is one, whatever it holds). */
export interface MetaFakeRequest {
  method: string;
  /** The path after /meta/<version>: `/` for a batch. */
  path: string;
  /** How many operations a batch carried; null for a single call. */
  operations: number | null;
}

export interface MetaFakeControl {
  /** Every request the fake accepted, oldest first. */
  readonly posts: MetaFakePost[];
  /** Every HTTP request the fake received, oldest first (what rate limits and CPU are spent on). */
  readonly requests: MetaFakeRequest[];
  /** The next `count` requests fail this way (before auth, as an overloaded platform would). */
  failNext(count: number, failure: MetaFakeFailure, only?: MetaFakeRequestMatch): void;
  /** Every hide/unhide the fake accepted, oldest first. */
  readonly moderations: MetaFakeModeration[];
  /**
   * When `recipientId` last wrote to the Page. Like Meta, the fake then refuses a RESPONSE message
   * to them more than 24 hours later (code 10, subcode 2018278); a HUMAN_AGENT tag is accepted.
   * Recipients never set are inside the window.
   */
  setLastInbound(recipientId: string, at: Date): void;
  /** The name the fake gives a PSID or IGSID (deterministic: the demo shows the same person each time). */
  profileOf(userId: string): { firstName: string; lastName: string; username: string };
  /** From now on the fake answers this PSID or IGSID as Graph does a deleted account: no such object. */
  forgetUser(userId: string): void;
  reset(): void;
}

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Hugo',
  'Manon',
  'Lucas',
  'Chloé',
  'Louis',
  'Inès',
  'Gabriel',
  'Jade',
  'Arthur',
  'Louise',
  'Jules',
  'Emma',
  'Raphaël',
  'Zoé',
  'Nathan',
  'Alice',
  'Théo',
  'Sarah',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
];

export function fakeProfileOf(userId: string) {
  const [a = 0, b = 0, c = 0] = createHash('sha256').update(userId).digest();
  const firstName = FIRST_NAMES[a % FIRST_NAMES.length] ?? 'Camille';
  const lastName = LAST_NAMES[b % LAST_NAMES.length] ?? 'Martin';
  const plain = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  return { firstName, lastName, username: `${plain(firstName)}.${plain(lastName)}${c % 100}` };
}

const MAX_TEXT = 8000;
/** Graph's cap on the operations of one batch request. */
const MAX_BATCH = 50;
/** Marks the requests a batch replays through the fake's own routes (not logged as HTTP requests). */
const OPERATION_HEADER = 'x-meta-fake-batch-operation';
/** Set on an operation's answer when it must come back as null, as in a batch that timed out. */
const INCOMPLETE_HEADER = 'x-meta-fake-incomplete';
const fbtraceId = () => randomBytes(8).toString('base64url');
const graphError = (message: string, code: number, type = 'OAuthException') => ({
  error: { message, type, code, fbtrace_id: fbtraceId() },
});

/**
 * A local stand-in for the Graph API calls Agora makes to answer on Facebook, Messenger and
 * Instagram. It checks the Page access token and the body as Graph does, so the client's wiring
 * is exercised for real.
 */
export function registerMetaFake(app: FastifyInstance, options: MetaFakeOptions): MetaFakeControl {
  const posts: MetaFakePost[] = [];
  const requests: MetaFakeRequest[] = [];
  const moderations: MetaFakeModeration[] = [];
  const lastInbound = new Map<string, Date>();
  const forgotten = new Set<string>();
  let failures: { failure: MetaFakeFailure; only?: MetaFakeRequestMatch }[] = [];
  const hung = new Set<() => void>();
  let sequence = 0;
  const newId = () => `${Date.now()}${String(++sequence).padStart(5, '0')}`;

  const control: MetaFakeControl = {
    posts,
    requests,
    moderations,
    failNext(count, failure, only) {
      for (let i = 0; i < count; i++) failures.push({ failure, only });
    },
    setLastInbound(recipientId, at) {
      lastInbound.set(recipientId, at);
    },
    profileOf: fakeProfileOf,
    forgetUser(userId) {
      forgotten.add(userId);
    },
    reset() {
      posts.length = 0;
      requests.length = 0;
      moderations.length = 0;
      lastInbound.clear();
      forgotten.clear();
      failures = [];
    },
  };

  /** Graph takes the token as a Bearer header or an access_token parameter. */
  function tokenOf(request: FastifyRequest): string | null {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) return header.slice(7);
    const fromQuery = (request.query as Record<string, unknown>).access_token;
    const fromBody = (request.body as Record<string, unknown> | undefined)?.access_token;
    const token = fromQuery ?? fromBody;
    return typeof token === 'string' ? token : null;
  }

  const pathOf = (request: FastifyRequest) => (request.url.split('?')[0] ?? '').replace(/^\/meta\/[^/]+/, '') || '/';
  const isOperation = (request: FastifyRequest) => request.headers[OPERATION_HEADER] !== undefined;

  /** Returns true when the request was answered (failure injected or token refused). */
  async function gate(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const path = pathOf(request);
    const index = failures.findIndex(
      ({ only }) => !only || ((!only.method || only.method === request.method) && (!only.path || only.path.test(path))),
    );
    const failure = index >= 0 ? failures.splice(index, 1)[0]?.failure : undefined;
    if (failure && 'hang' in failure) {
      // Inside a batch, Graph gives up on the slow operation and answers null in its place.
      if (isOperation(request)) {
        reply.header(INCOMPLETE_HEADER, '1').code(503).send(graphError('Service temporarily unavailable', 2));
        return true;
      }
      await new Promise<void>((resolve) => hung.add(resolve));
      reply.code(503).send(graphError('Service temporarily unavailable', 2));
      return true;
    }
    if (failure?.status === 429) {
      if (failure.retryAfterSeconds !== undefined) reply.header('retry-after', String(failure.retryAfterSeconds));
      reply.code(429).send(graphError('(#4) Application request limit reached', 4));
      return true;
    }
    if (failure) {
      reply.code(failure.status).send(graphError('An unexpected error has occurred. Please retry your request later.', 2));
      return true;
    }
    const token = tokenOf(request);
    if (!token || !safeEqual(token, options.pageAccessToken)) {
      reply.code(401).send(graphError('Invalid OAuth access token - Cannot parse access token', 190));
      return true;
    }
    return false;
  }

  const invalid = (reply: FastifyReply, message: string) => reply.code(400).send(graphError(`(#100) ${message}`, 100));
  const textProblem = (text: unknown) =>
    typeof text !== 'string' || text.trim() === ''
      ? 'message text is required'
      : text.length > MAX_TEXT
        ? `message text exceeds ${MAX_TEXT} characters`
        : null;

  /**
   * One operation of a batch, replayed through the fake's own routes with the batch's token (Graph's
   * fallback token, unless the operation names its own) so that it behaves as the single call would.
   */
  async function runOperation(version: string, operation: unknown, token: string): Promise<{ code: number; body: string } | null> {
    const { method, relative_url: url, body } = (operation ?? {}) as { method?: unknown; relative_url?: unknown; body?: unknown };
    if ((method !== 'GET' && method !== 'POST') || typeof url !== 'string' || url === '') {
      return { code: 400, body: JSON.stringify(graphError('(#100) Each batch operation needs a method and a relative_url', 100)) };
    }
    const ownToken = new URLSearchParams(url.split('?')[1] ?? '').has('access_token');
    const response = await app.inject({
      method,
      url: `/meta/${version}/${url.replace(/^\/+/, '')}`,
      headers: {
        [OPERATION_HEADER]: '1',
        ...(ownToken ? {} : { authorization: `Bearer ${token}` }),
        ...(typeof body === 'string' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(typeof body === 'string' ? { payload: body } : {}),
    });
    if (response.headers[INCOMPLETE_HEADER]) return null;
    return { code: response.statusCode, body: response.body };
  }

  app.register(
    async (scope) => {
      // Graph also takes form-encoded bodies; accept them so curl-style calls work against the fake.
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      scope.addHook('preHandler', async (request) => {
        if (isOperation(request)) return;
        const path = pathOf(request);
        const batch = path === '/' ? batchOf(request.body) : null;
        requests.push({ method: request.method, path, operations: Array.isArray(batch) ? batch.length : null });
      });
      scope.addHook('preClose', async () => {
        // Release hung requests so closing the server does not wait for them forever.
        for (const release of hung) release();
        hung.clear();
      });

      // Batch requests: POST to the version root with `batch`, a JSON array of operations (form or
      // JSON body) and the token; the answer is an array in the same order of { code, body } (body a
      // JSON string), null for an operation that did not complete. A failure injected for any
      // request fails the whole batch, as Graph's app-level throttling does; one aimed at a single
      // call (e.g. GET /<id>) fails that operation only.
      scope.post<{ Params: { version: string } }>('/:version/', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const batch = batchOf(request.body);
        if (!Array.isArray(batch) || batch.length === 0) return invalid(reply, 'param batch must be a non-empty JSON array');
        if (batch.length > MAX_BATCH) return invalid(reply, `Too many requests in batch message. Maximum batch size is ${MAX_BATCH}`);
        const token = tokenOf(request) ?? '';
        const answers: ({ code: number; body: string } | null)[] = [];
        // One after the other, so that a failure injected for "the next lookup" hits a known element.
        for (const operation of batch) answers.push(await runOperation(request.params.version, operation, token));
        return answers;
      });

      scope.post<{ Params: { version: string; nodeId: string } }>('/:version/:nodeId/comments', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const message = (request.body as { message?: unknown } | undefined)?.message;
        const problem = textProblem(message);
        if (problem) return invalid(reply, problem);
        const nodeId = request.params.nodeId;
        // Graph comment ids read "<object>_<comment>".
        const id = `${nodeId.split('_').pop()}_${newId()}`;
        posts.push({ kind: 'comment', nodeId, recipient: null, text: message as string, id, at: new Date().toISOString() });
        return { id };
      });

      scope.post<{ Params: { version: string; nodeId: string } }>('/:version/:nodeId/replies', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const message = (request.body as { message?: unknown } | undefined)?.message;
        const problem = textProblem(message);
        if (problem) return invalid(reply, problem);
        const id = newId();
        posts.push({
          kind: 'instagram_reply',
          nodeId: request.params.nodeId,
          recipient: null,
          text: message as string,
          id,
          at: new Date().toISOString(),
        });
        return { id };
      });

      scope.post<{ Params: { version: string; nodeId: string } }>('/:version/:nodeId/messages', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const nodeId = request.params.nodeId;
        if (nodeId !== options.pageId && nodeId !== options.instagramId) return invalid(reply, 'Unsupported post request');
        const body = (request.body ?? {}) as { recipient?: unknown; message?: unknown };
        const recipient = typeof body.recipient === 'string' ? safeParse(body.recipient) : body.recipient;
        const message = typeof body.message === 'string' ? safeParse(body.message) : body.message;
        const recipientKeys = recipient && typeof recipient === 'object' ? Object.keys(recipient) : [];
        if (recipientKeys.length !== 1 || !['id', 'comment_id', 'post_id'].includes(recipientKeys[0] ?? '')) {
          return invalid(reply, 'param recipient must be one of {id, comment_id, post_id}');
        }
        if (nodeId === options.instagramId && recipientKeys[0] === 'post_id') return invalid(reply, 'Unsupported recipient for Instagram');
        const problem = textProblem((message as { text?: unknown } | undefined)?.text);
        if (problem) return invalid(reply, problem);
        const to = recipient as Record<string, string>;
        const tag = typeof (body as { tag?: unknown }).tag === 'string' ? (body as { tag: string }).tag : undefined;
        const messagingType = (body as { messaging_type?: unknown }).messaging_type;
        if (messagingType === 'MESSAGE_TAG' && tag !== 'HUMAN_AGENT')
          return invalid(reply, 'Only the HUMAN_AGENT tag is supported by this fake');
        const since = to.id ? lastInbound.get(to.id) : undefined;
        if (tag !== 'HUMAN_AGENT' && since && Date.now() - since.getTime() > 24 * 3600_000) {
          return reply.code(400).send({
            error: {
              message: '(#10) This message is sent outside of allowed window.',
              type: 'OAuthException',
              code: 10,
              error_subcode: 2018278,
              fbtrace_id: fbtraceId(),
            },
          });
        }
        // Private Replies: one per comment (or visitor post), ever.
        const target = to.comment_id ?? to.post_id;
        if (target && posts.some((p) => p.kind === 'message' && (p.recipient?.comment_id ?? p.recipient?.post_id) === target)) {
          return reply.code(400).send(graphError('(#10900) Activity already replied to', 10900));
        }
        const id = `m_${randomBytes(12).toString('base64url')}`;
        posts.push({
          kind: 'message',
          nodeId,
          recipient: to,
          text: (message as { text: string }).text,
          id,
          at: new Date().toISOString(),
          ...(tag ? { tag } : {}),
        });
        return { recipient_id: to.id ?? newId(), message_id: id };
      });

      scope.post<{ Params: { version: string; nodeId: string } }>('/:version/:nodeId/mentions', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        if (request.params.nodeId !== options.instagramId) return invalid(reply, 'Unsupported post request');
        const body = (request.body ?? {}) as { media_id?: unknown; comment_id?: unknown; message?: unknown };
        if (typeof body.media_id !== 'string') return invalid(reply, 'param media_id is required');
        const problem = textProblem(body.message);
        if (problem) return invalid(reply, problem);
        const id = newId();
        const nodeId = typeof body.comment_id === 'string' ? body.comment_id : body.media_id;
        posts.push({ kind: 'mention_reply', nodeId, recipient: null, text: body.message as string, id, at: new Date().toISOString() });
        return { id };
      });

      // Comment moderation: Facebook's Comment node takes is_hidden, Instagram's IG Comment hide.
      scope.post<{ Params: { version: string; nodeId: string } }>('/:version/:nodeId', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const body = (request.body ?? {}) as { is_hidden?: unknown; hide?: unknown };
        const field = body.is_hidden !== undefined ? 'is_hidden' : body.hide !== undefined ? 'hide' : null;
        const raw = field ? body[field] : undefined;
        if (!field || (raw !== true && raw !== false && raw !== 'true' && raw !== 'false'))
          return invalid(reply, 'param is_hidden (or hide) must be a boolean');
        moderations.push({ commentId: request.params.nodeId, field, hidden: raw === true || raw === 'true', at: new Date().toISOString() });
        return { success: true };
      });

      // User Profile API: any PSID or IGSID has a (made-up, stable) French name. A comment answers
      // can_reply_privately (false once a private reply went out).
      scope.get<{ Params: { version: string; nodeId: string }; Querystring: { fields?: string } }>(
        '/:version/:nodeId',
        async (request, reply) => {
          if (await gate(request, reply)) return reply;
          const id = request.params.nodeId;
          if (forgotten.has(id)) {
            return reply.code(400).send({
              error: {
                message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
                type: 'GraphMethodException',
                code: 100,
                error_subcode: 33,
                fbtrace_id: fbtraceId(),
              },
            });
          }
          const fields = new Set((request.query.fields ?? '').split(','));
          if (fields.has('can_reply_privately')) {
            const used = posts.some((p) => p.kind === 'message' && (p.recipient?.comment_id ?? p.recipient?.post_id) === id);
            return { id, can_reply_privately: !used };
          }
          const person = fakeProfileOf(id);
          const picture = `https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=${encodeURIComponent(id)}`;
          const profile: Record<string, string> = { id };
          if (fields.has('first_name')) profile.first_name = person.firstName;
          if (fields.has('last_name')) profile.last_name = person.lastName;
          if (fields.has('name')) profile.name = `${person.firstName} ${person.lastName}`;
          if (fields.has('username')) profile.username = person.username;
          if (fields.has('profile_pic')) profile.profile_pic = picture;
          return profile;
        },
      );

      // Listings used to look a reply up after a crash, built from what the fake accepted.
      scope.get<{ Params: { version: string; nodeId: string } }>('/:version/:nodeId/comments', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const data = posts
          .filter((p) => p.kind === 'comment' && p.nodeId === request.params.nodeId)
          .reverse()
          .map((p) => ({ id: p.id, message: p.text, from: { id: options.pageId, name: 'Page' }, created_time: p.at }));
        return { data, paging: {} };
      });

      scope.get<{ Params: { version: string; nodeId: string } }>('/:version/:nodeId/replies', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const data = posts
          .filter((p) => p.kind === 'instagram_reply' && p.nodeId === request.params.nodeId)
          .map((p) => ({ id: p.id, text: p.text, from: { id: options.instagramId, username: 'banque' }, timestamp: p.at }));
        return { data };
      });

      scope.get<{ Params: { version: string; nodeId: string }; Querystring: { user_id?: string; platform?: string } }>(
        '/:version/:nodeId/conversations',
        async (request, reply) => {
          if (await gate(request, reply)) return reply;
          if (request.params.nodeId !== options.pageId) return invalid(reply, 'Unsupported get request');
          const account = request.query.platform === 'instagram' ? options.instagramId : options.pageId;
          const userId = request.query.user_id;
          if (!userId) return invalid(reply, 'param user_id is required');
          const messages = posts
            .filter((p) => p.kind === 'message' && p.nodeId === account && p.recipient?.id === userId)
            .reverse()
            .map((p) => ({ id: p.id, message: p.text, from: { id: account }, created_time: p.at }));
          return { data: messages.length ? [{ id: `t_${userId}`, messages: { data: messages } }] : [] };
        },
      );
    },
    { prefix: '/meta' },
  );
  return control;
}

/** The `batch` parameter: a JSON string in a form body, an array in a JSON body. */
function batchOf(body: unknown): unknown {
  const batch = (body as { batch?: unknown } | undefined)?.batch;
  return typeof batch === 'string' ? safeParse(batch) : batch;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
