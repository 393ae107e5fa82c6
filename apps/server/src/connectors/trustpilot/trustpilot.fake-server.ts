import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../../platform/crypto.ts';

export interface TrustpilotFakeOptions {
  businessUnitId: string;
  apiKey: string;
  apiSecret: string;
}

export type TrustpilotFakeFailure = { status: 429 | 500 | 503; retryAfterSeconds?: number } | { hang: true };

/** A service review as the private API returns it. */
export interface TrustpilotFakeReview {
  id: string;
  stars: number;
  title: string;
  text: string;
  language: string;
  createdAt: string;
  updatedAt: string | null;
  consumer: { id: string; displayName: string };
  companyReply: { text: string; createdAt: string; updatedAt: string | null } | null;
}

export interface TrustpilotFakeReply {
  reviewId: string;
  message: string;
  at: string;
}

export interface TrustpilotFakeControl {
  /** Reviews on the business unit, in creation order. */
  readonly reviews: TrustpilotFakeReview[];
  /** Every reply the fake accepted, oldest first. */
  readonly replies: TrustpilotFakeReply[];
  /** Adds a review (as a consumer writing one); missing fields get plausible values. */
  addReview(review?: Partial<TrustpilotFakeReview>): TrustpilotFakeReview;
  /** The next `count` API calls (token endpoint excluded) fail this way. */
  failNext(count: number, failure: TrustpilotFakeFailure): void;
  reset(): void;
}

const TOKEN_SECONDS = 359_999;

/**
 * A local stand-in for the parts of Trustpilot's API Agora uses: the client-credentials token
 * endpoint, the private reviews listing with paging, one review, and the company reply. Tokens
 * and the API key are checked for real, so an auth bug fails here.
 */
export function registerTrustpilotFake(app: FastifyInstance, options: TrustpilotFakeOptions): TrustpilotFakeControl {
  const reviews: TrustpilotFakeReview[] = [];
  const replies: TrustpilotFakeReply[] = [];
  const tokens = new Set<string>();
  const hung = new Set<() => void>();
  let failures: TrustpilotFakeFailure[] = [];
  let sequence = 0;

  const control: TrustpilotFakeControl = {
    reviews,
    replies,
    addReview(partial = {}) {
      sequence += 1;
      const review: TrustpilotFakeReview = {
        id: partial.id ?? `${Date.now().toString(16)}${randomBytes(6).toString('hex')}`.slice(0, 24),
        stars: partial.stars ?? 3,
        title: partial.title ?? `Avis ${sequence}`,
        text: partial.text ?? `Texte de l'avis ${sequence}`,
        language: partial.language ?? 'fr',
        createdAt: partial.createdAt ?? new Date().toISOString(),
        updatedAt: partial.updatedAt ?? null,
        consumer: partial.consumer ?? { id: `c${sequence}${randomBytes(4).toString('hex')}`, displayName: `Client ${sequence}` },
        companyReply: partial.companyReply ?? null,
      };
      reviews.push(review);
      return review;
    },
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    reset() {
      reviews.length = 0;
      replies.length = 0;
      failures = [];
    },
  };

  const fault = (reply: FastifyReply, status: number, message: string) => reply.code(status).send({ message, errorCode: status });

  /** Returns true when the request was answered (failure injected or auth refused). */
  async function gate(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const failure = failures.shift();
    if (failure && 'hang' in failure) {
      await new Promise<void>((resolve) => hung.add(resolve));
      fault(reply, 503, 'Service Unavailable');
      return true;
    }
    if (failure) {
      if (failure.status === 429 && failure.retryAfterSeconds !== undefined) reply.header('retry-after', String(failure.retryAfterSeconds));
      fault(reply, failure.status, failure.status === 429 ? 'Too Many Requests' : 'Service Unavailable');
      return true;
    }
    const header = request.headers.authorization ?? '';
    const bearer = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!tokens.has(bearer)) {
      fault(reply, 401, 'Unauthorized');
      return true;
    }
    return false;
  }

  app.register(
    async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      scope.addHook('preClose', async () => {
        for (const release of hung) release();
        hung.clear();
      });

      scope.post('/v1/oauth/oauth-business-users-for-applications/accesstoken', async (request, reply) => {
        const expected = `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64')}`;
        if (!safeEqual(request.headers.authorization ?? '', expected)) return fault(reply, 401, 'Invalid client credentials');
        const grant = (request.body as { grant_type?: string } | undefined)?.grant_type;
        if (grant !== 'client_credentials') return fault(reply, 400, 'unsupported grant_type');
        const token = randomBytes(18).toString('base64url');
        tokens.add(token);
        return { access_token: token, expires_in: String(TOKEN_SECONDS), token_type: 'BearerToken', issued_at: String(Date.now()) };
      });

      scope.get<{ Params: { businessUnitId: string }; Querystring: Record<string, string | undefined> }>(
        '/v1/private/business-units/:businessUnitId/reviews',
        async (request, reply) => {
          if (await gate(request, reply)) return reply;
          if (request.params.businessUnitId !== options.businessUnitId) return fault(reply, 403, 'Forbidden');
          const q = request.query;
          const perPage = Math.min(100, Math.max(1, Number(q.perPage ?? 20)));
          const page = Math.max(1, Number(q.page ?? 1));
          const start = q.startDateTime ? Date.parse(q.startDateTime) : Number.NEGATIVE_INFINITY;
          const sorted = reviews.filter((r) => Date.parse(r.createdAt) >= start).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
          if ((q.orderBy ?? 'createdat.desc') === 'createdat.desc') sorted.reverse();
          const slice = sorted.slice((page - 1) * perPage, page * perPage);
          const links = [{ href: request.url, method: 'GET', rel: 'self' }];
          if (page * perPage < sorted.length)
            links.push({ href: request.url.replace(/page=\d+/, `page=${page + 1}`), method: 'GET', rel: 'next-page' });
          return { links, reviews: slice };
        },
      );

      scope.get<{ Params: { reviewId: string } }>('/v1/private/reviews/:reviewId', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const review = reviews.find((r) => r.id === request.params.reviewId);
        return review ?? fault(reply, 404, 'Review not found');
      });

      scope.post<{ Params: { reviewId: string } }>('/v1/private/reviews/:reviewId/reply', async (request, reply) => {
        if (await gate(request, reply)) return reply;
        const review = reviews.find((r) => r.id === request.params.reviewId);
        if (!review) return fault(reply, 404, 'Review not found');
        const message = (request.body as { message?: unknown } | undefined)?.message;
        if (typeof message !== 'string' || message.trim() === '') return fault(reply, 400, 'message is required');
        const now = new Date().toISOString();
        // One company reply per review: a new one replaces the previous.
        review.companyReply = {
          text: message,
          createdAt: review.companyReply?.createdAt ?? now,
          updatedAt: review.companyReply ? now : null,
        };
        replies.push({ reviewId: review.id, message, at: now });
        return reply.code(201).send();
      });
    },
    { prefix: '/trustpilot' },
  );
  return control;
}
