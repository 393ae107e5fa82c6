import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyJwt } from '../jwt-signing.ts';
import { ANDROID_PUBLISHER_SCOPE, JWT_BEARER_GRANT } from './google-play.auth.ts';
import { type PlayReview, type PlayTimestamp, timestampNanos } from './google-play.mapper.ts';

export interface GooglePlayFakeOptions {
  /** The service account allowed in (iss of the assertion). */
  serviceAccountEmail: string;
  /** Public half of GOOGLE_PLAY_PRIVATE_KEY: assertions are checked against it for real. */
  publicKeyPem: string;
  packageName: string;
}

export type GooglePlayFakeFailure = { status: 429 | 500 | 503; retryAfterSeconds?: number } | { hang: true };

export interface GooglePlayFakeReply {
  reviewId: string;
  replyText: string;
  lastEdited: PlayTimestamp;
}

export interface GooglePlayFakeControl {
  /** Every reply the fake accepted, oldest first (an edit of a reply is a new entry). */
  readonly replies: GooglePlayFakeReply[];
  /** Access tokens issued by the token endpoint. */
  readonly tokensIssued: number;
  /** A review written now (or at `lastModified`), returns its id. */
  addReview(review: { reviewId?: string; authorName?: string; text: string; starRating: number; lastModified?: Date }): string;
  /** The author edits the review: new text and/or stars, lastModified moves to now. */
  editReview(reviewId: string, change: { text?: string; starRating?: number }): void;
  /** The next `count` API or token requests fail this way. */
  failNext(count: number, failure: GooglePlayFakeFailure): void;
  /** Makes every issued token invalid (as if revoked): the next call gets a 401. */
  revokeTokens(): void;
  reset(): void;
}

const WEEK_MS = 7 * 24 * 3600_000;
const TOKEN_LIFETIME_S = 3600;
const MAX_RESULTS_CAP = 100;

/**
 * A local stand-in for Google's OAuth token endpoint and the Play Developer API reviews
 * resource. The service-account assertion is verified with the real public key, and reviews.list
 * keeps Google's rule: only reviews created or modified in the last 7 days come back.
 */
export function registerGooglePlayFake(app: FastifyInstance, options: GooglePlayFakeOptions): GooglePlayFakeControl {
  const reviews = new Map<string, PlayReview>();
  const replies: GooglePlayFakeReply[] = [];
  const tokens = new Map<string, number>();
  let failures: GooglePlayFakeFailure[] = [];
  const hung = new Set<() => void>();
  let tokensIssued = 0;
  let lastStampNanos = 0n;
  let sequence = 0;

  // Strictly increasing timestamps: two events in one millisecond must still be ordered.
  const stamp = (at?: Date): PlayTimestamp => {
    let nanos = BigInt(at ? at.getTime() : Date.now()) * 1_000_000n;
    if (!at) {
      if (nanos <= lastStampNanos) nanos = lastStampNanos + 1000n;
      lastStampNanos = nanos;
    }
    return { seconds: String(nanos / 1_000_000_000n), nanos: Number(nanos % 1_000_000_000n) };
  };
  const lastActivity = (review: PlayReview) =>
    (review.comments ?? []).reduce((max, c) => {
      const ts = c.userComment?.lastModified ?? c.developerComment?.lastModified;
      const n = ts ? timestampNanos(ts) : 0n;
      return n > max ? n : max;
    }, 0n);

  const control: GooglePlayFakeControl = {
    replies,
    get tokensIssued() {
      return tokensIssued;
    },
    addReview(review) {
      const reviewId = review.reviewId ?? `gp:AOqpTO${randomBytes(9).toString('base64url')}${++sequence}`;
      reviews.set(reviewId, {
        reviewId,
        authorName: review.authorName ?? 'Utilisateur Google',
        comments: [
          {
            userComment: {
              text: review.text,
              lastModified: stamp(review.lastModified),
              starRating: review.starRating,
              reviewerLanguage: 'fr',
            },
          },
        ],
      });
      return reviewId;
    },
    editReview(reviewId, change) {
      const user = reviews.get(reviewId)?.comments?.find((c) => c.userComment)?.userComment;
      if (!user) throw new Error(`no review ${reviewId}`);
      if (change.text !== undefined) user.text = change.text;
      if (change.starRating !== undefined) user.starRating = change.starRating;
      user.lastModified = stamp();
    },
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    revokeTokens() {
      tokens.clear();
    },
    reset() {
      reviews.clear();
      replies.length = 0;
      failures = [];
    },
  };

  /** Injected failures first, as an overloaded platform answers before looking at anything. */
  async function injectedFailure(reply: FastifyReply): Promise<boolean> {
    const failure = failures.shift();
    if (!failure) return false;
    if ('hang' in failure) {
      await new Promise<void>((resolve) => hung.add(resolve));
      reply.code(503).send(googleError(503, 'The service is currently unavailable.', 'UNAVAILABLE'));
      return true;
    }
    if (failure.retryAfterSeconds !== undefined) reply.header('retry-after', String(failure.retryAfterSeconds));
    const status = failure.status === 429 ? 'RESOURCE_EXHAUSTED' : failure.status === 500 ? 'INTERNAL' : 'UNAVAILABLE';
    reply.code(failure.status).send(googleError(failure.status, 'Injected failure', status));
    return true;
  }

  function authorised(request: FastifyRequest): boolean {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    const expiresAt = match ? tokens.get(match[1] as string) : undefined;
    return expiresAt !== undefined && expiresAt > Date.now();
  }

  app.register(
    async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      scope.addHook('preClose', async () => releaseHung(hung));
      scope.post('/token', async (request, reply) => {
        if (await injectedFailure(reply)) return reply;
        const form = (request.body ?? {}) as Record<string, string>;
        if (form.grant_type !== JWT_BEARER_GRANT || !form.assertion) {
          return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Invalid grant_type' });
        }
        const jwt = verifyJwt(form.assertion, 'RS256', options.publicKeyPem);
        const claims = jwt?.payload ?? {};
        const now = Math.floor(Date.now() / 1000);
        const audience = `${request.protocol}://${request.host}${request.url.split('?')[0]}`;
        const valid =
          jwt &&
          claims.iss === options.serviceAccountEmail &&
          claims.aud === audience &&
          typeof claims.scope === 'string' &&
          claims.scope.split(' ').includes(ANDROID_PUBLISHER_SCOPE) &&
          typeof claims.iat === 'number' &&
          typeof claims.exp === 'number' &&
          claims.exp > now &&
          claims.iat <= now + 60 &&
          claims.exp - claims.iat <= 3600;
        if (!valid) return reply.code(400).send({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
        const token = `ya29.fake-${randomBytes(24).toString('base64url')}`;
        tokens.set(token, Date.now() + TOKEN_LIFETIME_S * 1000);
        tokensIssued++;
        return { access_token: token, expires_in: TOKEN_LIFETIME_S, token_type: 'Bearer' };
      });
    },
    { prefix: '/google-oauth' },
  );

  app.register(
    async (scope) => {
      scope.addHook('preClose', async () => releaseHung(hung));
      scope.addHook('onRequest', async (request, reply) => {
        if (await injectedFailure(reply)) return reply;
        if (!authorised(request)) {
          return reply.code(401).send(googleError(401, 'Request had invalid authentication credentials.', 'UNAUTHENTICATED'));
        }
        const packageName = (request.params as { packageName?: string }).packageName;
        if (packageName !== undefined && packageName !== options.packageName) {
          return reply.code(404).send(googleError(404, 'No application was found for the given package name.', 'NOT_FOUND'));
        }
      });

      const path = '/androidpublisher/v3/applications/:packageName/reviews';
      scope.get<{ Querystring: { maxResults?: string; token?: string } }>(path, async (request) => {
        const since = BigInt(Date.now() - WEEK_MS) * 1_000_000n;
        const recent = [...reviews.values()]
          .filter((r) => lastActivity(r) >= since && r.comments?.some((c) => c.userComment?.text))
          .sort((a, b) => (lastActivity(b) > lastActivity(a) ? 1 : -1));
        const size = Math.min(Math.max(Number(request.query.maxResults) || 20, 1), MAX_RESULTS_CAP);
        const offset = request.query.token ? Number(Buffer.from(request.query.token, 'base64url').toString()) || 0 : 0;
        const slice = recent.slice(offset, offset + size);
        const next = offset + size < recent.length ? Buffer.from(String(offset + size)).toString('base64url') : null;
        return {
          reviews: slice,
          pageInfo: { totalResults: recent.length, resultPerPage: size, startIndex: offset },
          ...(next ? { tokenPagination: { nextPageToken: next } } : {}),
        };
      });

      scope.get<{ Params: { reviewId: string } }>(`${path}/:reviewId`, async (request, reply) => {
        const review = reviews.get(request.params.reviewId);
        if (!review) return reply.code(404).send(googleError(404, 'Review not found.', 'NOT_FOUND'));
        return review;
      });

      // The custom method is `{reviewId}:reply`; the router cannot split on a colon, so we do.
      scope.post<{ Params: { reviewAction: string } }>(`${path}/:reviewAction`, async (request, reply) => {
        const match = /^(.+):reply$/.exec(request.params.reviewAction);
        if (!match) return reply.code(404).send(googleError(404, 'Method not found.', 'NOT_FOUND'));
        const review = reviews.get(match[1] as string);
        if (!review) return reply.code(404).send(googleError(404, 'Review not found.', 'NOT_FOUND'));
        const replyText = (request.body as { replyText?: unknown } | undefined)?.replyText;
        if (typeof replyText !== 'string' || !replyText.trim())
          return reply.code(400).send(googleError(400, 'replyText is required.', 'INVALID_ARGUMENT'));
        const text = replyText.replace(/<[^>]*>/g, '');
        if ([...text].length > 350) return reply.code(400).send(googleError(400, 'Reply text is too long.', 'INVALID_ARGUMENT'));
        const lastEdited = stamp();
        const comments = (review.comments ?? []).filter((c) => !c.developerComment);
        comments.push({ developerComment: { text, lastModified: lastEdited } });
        review.comments = comments;
        replies.push({ reviewId: review.reviewId, replyText: text, lastEdited });
        return { result: { replyText: text, lastEdited } };
      });
    },
    { prefix: '/google-play' },
  );
  return control;
}

function googleError(code: number, message: string, status: string) {
  return { error: { code, message, status } };
}

function releaseHung(hung: Set<() => void>) {
  for (const release of hung) release();
  hung.clear();
}
