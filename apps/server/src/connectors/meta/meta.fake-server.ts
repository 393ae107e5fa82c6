import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../../platform/crypto.ts';

export interface MetaFakeOptions {
  pageAccessToken: string;
  pageId: string;
  instagramId: string;
}

export type MetaFakeFailure = { status: 429 | 500 | 503; retryAfterSeconds?: number } | { hang: true };

export interface MetaFakePost {
  kind: 'comment' | 'instagram_reply' | 'message';
  /** The Graph node posted to: commented object, replied comment, or the Page / Instagram account. */
  nodeId: string;
  recipient: Record<string, string> | null;
  text: string;
  id: string;
  at: string;
}

export interface MetaFakeControl {
  /** Every request the fake accepted, oldest first. */
  readonly posts: MetaFakePost[];
  /** The next `count` requests fail this way (before auth, as an overloaded platform would). */
  failNext(count: number, failure: MetaFakeFailure): void;
  reset(): void;
}

const MAX_TEXT = 8000;
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
  let failures: MetaFakeFailure[] = [];
  const hung = new Set<() => void>();
  let sequence = 0;
  const newId = () => `${Date.now()}${String(++sequence).padStart(5, '0')}`;

  const control: MetaFakeControl = {
    posts,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    reset() {
      posts.length = 0;
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

  /** Returns true when the request was answered (failure injected or token refused). */
  async function gate(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const failure = failures.shift();
    if (failure && 'hang' in failure) {
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

  app.register(
    async (scope) => {
      // Graph also takes form-encoded bodies; accept them so curl-style calls work against the fake.
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      scope.addHook('preClose', async () => {
        // Release hung requests so closing the server does not wait for them forever.
        for (const release of hung) release();
        hung.clear();
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
        const id = `m_${randomBytes(12).toString('base64url')}`;
        const to = recipient as Record<string, string>;
        posts.push({ kind: 'message', nodeId, recipient: to, text: (message as { text: string }).text, id, at: new Date().toISOString() });
        return { recipient_id: to.id ?? newId(), message_id: id };
      });
    },
    { prefix: '/meta' },
  );
  return control;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
