import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../../platform/crypto.ts';
import { oauthSignature, parseOAuthHeader } from './x-oauth1.ts';

export interface XFakeOptions {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
  /** App-only Bearer token for the filtered stream and its rules; the stream is refused without it. */
  bearerToken?: string;
  /** Keep-alive period on open streams (X: 20 s). */
  streamKeepAliveMs?: number;
}

/** One filtered-stream line: `{ data, includes, matching_rules }`. */
export interface XFakeStreamPost {
  data: {
    id?: string;
    text: string;
    author_id: string;
    conversation_id?: string;
    created_at?: string;
    referenced_tweets?: { type: string; id: string }[];
    public_metrics?: Record<string, number>;
  };
  includes?: { users?: { id: string; name: string; username: string; public_metrics?: Record<string, number> }[]; tweets?: unknown[] };
  matching_rules?: { id: string; tag: string }[];
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
  /** Filtered-stream rules the app holds. */
  readonly streamRules: { id: string; value: string; tag: string }[];
  /** Open filtered-stream connections. */
  connectedStreams(): number;
  /** Pushes a post to every open stream (missing id, time and matching rule filled in); returns how many got it. */
  emit(post: XFakeStreamPost): number;
  /** Closes every open stream, as X does on an operational disconnect. */
  dropStreams(): void;
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
  const streamRules: { id: string; value: string; tag: string }[] = [];
  const streams = new Set<import('node:http').ServerResponse>();

  const control: XFakeControl = {
    posts,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    streamRules,
    connectedStreams: () => streams.size,
    emit(post) {
      const id = post.data.id ?? newId();
      const line = {
        data: {
          ...post.data,
          id,
          conversation_id: post.data.conversation_id ?? id,
          created_at: post.data.created_at ?? new Date().toISOString(),
        },
        includes: post.includes ?? {},
        matching_rules: post.matching_rules ?? streamRules.slice(0, 1).map((r) => ({ id: r.id, tag: r.tag })),
      };
      for (const stream of streams) stream.write(`${JSON.stringify(line)}\r\n`);
      return streams.size;
    },
    dropStreams() {
      for (const stream of streams) stream.end();
      streams.clear();
    },
    reset() {
      posts.length = 0;
      failures = [];
    },
  };

  /** Like `gate`, for the app-only endpoints: failures first, then the Bearer token. */
  async function bearerGate(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (failures.length) {
      const saved = failures;
      failures = [saved[0]!];
      const answered = await gate(request, reply);
      failures = saved.slice(1);
      if (answered) return true;
    }
    const expected = options.bearerToken ? `Bearer ${options.bearerToken}` : null;
    if (!expected || !safeEqual(request.headers.authorization ?? '', expected)) {
      reply.code(401).send({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
      return true;
    }
    return false;
  }

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
        control.dropStreams();
      });

      scope.get('/2/tweets/search/stream/rules', async (request, reply) => {
        if (await bearerGate(request, reply)) return reply;
        return {
          ...(streamRules.length ? { data: streamRules } : {}),
          meta: { sent: new Date().toISOString(), result_count: streamRules.length },
        };
      });

      scope.post('/2/tweets/search/stream/rules', async (request, reply) => {
        if (await bearerGate(request, reply)) return reply;
        const body = (request.body ?? {}) as { add?: { value?: unknown; tag?: unknown }[]; delete?: { ids?: unknown[] } };
        const sent = new Date().toISOString();
        if (body.delete) {
          const ids = new Set((body.delete.ids ?? []).map(String));
          const before = streamRules.length;
          for (let i = streamRules.length - 1; i >= 0; i--) if (ids.has(streamRules[i]!.id)) streamRules.splice(i, 1);
          return {
            meta: { sent, summary: { deleted: before - streamRules.length, not_deleted: ids.size - (before - streamRules.length) } },
          };
        }
        const added = (body.add ?? []).filter((r) => typeof r.value === 'string' && r.value.length > 0 && r.value.length <= 1024);
        const created = added.map((r) => ({ id: newId(), value: r.value as string, tag: typeof r.tag === 'string' ? r.tag : '' }));
        streamRules.push(...created);
        const invalid = (body.add ?? []).length - added.length;
        return reply.code(201).send({
          data: created,
          meta: { sent, summary: { created: created.length, not_created: invalid, valid: created.length, invalid } },
        });
      });

      scope.get('/2/tweets/search/stream', async (request, reply) => {
        if (await bearerGate(request, reply)) return reply;
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'transfer-encoding': 'chunked' });
        raw.write('\r\n');
        streams.add(raw);
        const keepAlive = setInterval(() => raw.write('\r\n'), options.streamKeepAliveMs ?? 20_000);
        raw.on('close', () => {
          clearInterval(keepAlive);
          streams.delete(raw);
        });
      });

      // The bank's recent tweets, newest first: what findSent reads after a crash.
      scope.get<{ Params: { userId: string }; Querystring: { max_results?: string } }>(
        '/2/users/:userId/tweets',
        async (request, reply) => {
          if (await gate(request, reply)) return reply;
          if (request.params.userId !== ownUserId) return reply.send({ data: [], meta: { result_count: 0 } });
          const max = Math.min(100, Math.max(5, Number(request.query.max_results ?? 10)));
          const data = posts
            .filter((p) => p.kind === 'tweet')
            .slice(-max)
            .reverse()
            .map((p) => ({
              id: p.id,
              text: p.text,
              created_at: p.at,
              ...(p.inReplyToTweetId ? { referenced_tweets: [{ type: 'replied_to', id: p.inReplyToTweetId }] } : {}),
            }));
          return {
            data,
            meta: { result_count: data.length, ...(data.length ? { newest_id: data[0]!.id, oldest_id: data.at(-1)!.id } : {}) },
          };
        },
      );

      // DM events of one conversation, newest first.
      scope.get<{ Params: { participantId: string } }>('/2/dm_conversations/with/:participantId/dm_events', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const conversationId = [ownUserId, request.params.participantId].sort().join('-');
        const data = posts
          .filter((p) => p.kind === 'dm' && p.participantId === request.params.participantId)
          .reverse()
          .map((p) => ({
            id: p.id,
            event_type: 'MessageCreate',
            text: p.text,
            sender_id: ownUserId,
            dm_conversation_id: conversationId,
            created_at: p.at,
          }));
        return { data, meta: { result_count: data.length } };
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
