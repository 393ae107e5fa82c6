import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../../platform/crypto.ts';
import { oauthSignature, parseOAuthHeader } from './x-oauth1.ts';

export interface XFakeOptions {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

export type XFakeFailure = { status: 429 | 500 | 503; retryAfterSeconds?: number } | { hang: true };

export interface XFakePost {
  kind: 'tweet' | 'dm';
  id: string;
  text: string;
  inReplyToTweetId: string | null;
  participantId: string | null;
  at: string;
}

export interface XFakeControl {
  /** Every request the fake accepted, oldest first. */
  readonly posts: XFakePost[];
  /** The next `count` requests fail this way (before auth, as an overloaded platform would). */
  failNext(count: number, failure: XFakeFailure): void;
  reset(): void;
}

/** Clock skew X tolerates on oauth_timestamp; older signatures are refused. */
const MAX_SKEW_SECONDS = 300;
const MAX_REMEMBERED_NONCES = 10_000;

/**
 * A local stand-in for the two X API v2 endpoints Agora writes to. It checks the OAuth 1.0a
 * signature for real (recomputed from the same secrets), so a signing bug fails here, not in production.
 */
export function registerXFake(app: FastifyInstance, options: XFakeOptions): XFakeControl {
  const posts: XFakePost[] = [];
  let failures: XFakeFailure[] = [];
  const hung = new Set<() => void>();
  const seenNonces = new Set<string>();
  let sequence = 0;
  const newId = () => `${Date.now()}${String(++sequence).padStart(6, '0')}`;
  // X access tokens start with the user id of the account they act for.
  const ownUserId = options.accessToken.split('-')[0] ?? options.accessToken;

  const control: XFakeControl = {
    posts,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    reset() {
      posts.length = 0;
      failures = [];
    },
  };

  /** Returns true when the request was answered (failure injected or auth refused). */
  async function gate(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const failure = failures.shift();
    if (failure && 'hang' in failure) {
      await new Promise<void>((resolve) => hung.add(resolve));
      reply.code(503).send({ title: 'Service Unavailable', status: 503 });
      return true;
    }
    if (failure) {
      if (failure.status === 429) {
        reply.header('x-rate-limit-limit', '300').header('x-rate-limit-remaining', '0');
        if (failure.retryAfterSeconds !== undefined) {
          reply.header('x-rate-limit-reset', String(Math.ceil(Date.now() / 1000) + failure.retryAfterSeconds));
        }
        reply.code(429).send({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
      } else {
        reply.code(failure.status).send({ title: 'Service Unavailable', detail: 'Service Unavailable', status: failure.status });
      }
      return true;
    }
    if (!isSignedByBank(request)) {
      reply.code(401).send({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
      return true;
    }
    return false;
  }

  function isSignedByBank(request: FastifyRequest): boolean {
    const params = parseOAuthHeader(request.headers.authorization);
    if (!params?.oauth_signature || params.oauth_signature_method !== 'HMAC-SHA1') return false;
    if (params.oauth_consumer_key !== options.consumerKey || params.oauth_token !== options.accessToken) return false;
    if (!params.oauth_nonce || Math.abs(Date.now() / 1000 - Number(params.oauth_timestamp)) > MAX_SKEW_SECONDS) return false;
    // A nonce seen before is a replayed request, refused as X does.
    if (seenNonces.has(params.oauth_nonce)) return false;
    const url = `${request.protocol}://${request.host}${request.url}`;
    const expected = oauthSignature({
      method: request.method,
      url,
      oauthParams: params,
      consumerSecret: options.consumerSecret,
      tokenSecret: options.accessTokenSecret,
    });
    if (!safeEqual(params.oauth_signature, expected)) return false;
    seenNonces.add(params.oauth_nonce);
    if (seenNonces.size > MAX_REMEMBERED_NONCES) seenNonces.delete(seenNonces.values().next().value as string);
    return true;
  }

  const invalid = (reply: FastifyReply, message: string) =>
    reply.code(400).send({
      errors: [{ message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    });

  app.register(
    async (scope) => {
      scope.addHook('preClose', async () => {
        // Release hung requests so closing the server does not wait for them forever.
        for (const release of hung) release();
        hung.clear();
      });

      scope.post('/2/tweets', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const body = (request.body ?? {}) as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
        const text = typeof body.text === 'string' ? body.text : '';
        const length = [...text].length;
        if (length < 1 || length > 280) return invalid(reply, 'text: 1 à 280 caractères');
        const inReplyTo = body.reply?.in_reply_to_tweet_id;
        if (body.reply !== undefined && typeof inReplyTo !== 'string') return invalid(reply, 'reply.in_reply_to_tweet_id manquant');
        const id = newId();
        posts.push({
          kind: 'tweet',
          id,
          text,
          inReplyToTweetId: (inReplyTo as string | undefined) ?? null,
          participantId: null,
          at: new Date().toISOString(),
        });
        return reply.code(201).send({ data: { id, text, edit_history_tweet_ids: [id] } });
      });

      scope.post<{ Params: { participantId: string } }>('/2/dm_conversations/with/:participantId/messages', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const text = (request.body as { text?: unknown } | undefined)?.text;
        if (typeof text !== 'string' || text.length < 1 || [...text].length > 10_000) return invalid(reply, 'text: 1 à 10000 caractères');
        const participantId = request.params.participantId;
        if (!/^\d+$/.test(participantId)) return invalid(reply, 'participant_id invalide');
        const id = newId();
        posts.push({ kind: 'dm', id, text, inReplyToTweetId: null, participantId, at: new Date().toISOString() });
        const conversationId = [ownUserId, participantId].sort().join('-');
        return reply.code(201).send({ data: { dm_conversation_id: conversationId, dm_event_id: id } });
      });
    },
    { prefix: '/x' },
  );
  return control;
}
