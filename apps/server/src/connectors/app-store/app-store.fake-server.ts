import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyJwt } from '../jwt-signing.ts';
import { APP_STORE_AUDIENCE } from './app-store.client.ts';
import type { AppStoreReview, AppStoreReviewResponse } from './app-store.mapper.ts';

export interface AppStoreFakeOptions {
  keyId: string;
  issuerId: string;
  /** Public half of APP_STORE_PRIVATE_KEY: tokens are checked against it for real. */
  publicKeyPem: string;
  appId: string;
}

export type AppStoreFakeFailure = { status: 429 | 500 | 503; retryAfterSeconds?: number } | { hang: true };

export interface AppStoreFakePost {
  kind: 'create' | 'update' | 'delete';
  reviewId: string;
  responseId: string;
  responseBody: string | null;
  at: string;
}

export interface AppStoreFakeControl {
  /** Every write the fake accepted, oldest first. */
  readonly posts: AppStoreFakePost[];
  /** A review written now (or at `createdDate`); returns its id. */
  addReview(review: {
    id?: string;
    rating: number;
    title?: string;
    body: string;
    reviewerNickname?: string;
    territory?: string;
    createdDate?: Date;
  }): string;
  /** The current response to a review, if any. */
  responseOf(reviewId: string): AppStoreReviewResponse | null;
  failNext(count: number, failure: AppStoreFakeFailure): void;
  reset(): void;
}

/** Apple refuses tokens that live longer than 20 minutes. */
const MAX_TOKEN_LIFETIME_S = 20 * 60;

/**
 * A local stand-in for the App Store Connect API endpoints Agora uses: customer reviews newest
 * first with `links.next`, and developer responses (create-or-overwrite, read, delete). Every
 * request carries an ES256 token checked with the real public key, kid, issuer, audience and expiry.
 */
export function registerAppStoreFake(app: FastifyInstance, options: AppStoreFakeOptions): AppStoreFakeControl {
  const reviews = new Map<string, AppStoreReview>();
  const responses = new Map<string, { reviewId: string; resource: AppStoreReviewResponse }>();
  const posts: AppStoreFakePost[] = [];
  let failures: AppStoreFakeFailure[] = [];
  const hung = new Set<() => void>();
  let lastStamp = 0;

  // Strictly increasing second-precision dates, as Apple writes them (with an offset).
  const stamp = () => {
    let ms = Math.floor(Date.now() / 1000) * 1000;
    if (ms <= lastStamp) ms = lastStamp + 1000;
    lastStamp = ms;
    return new Date(ms).toISOString().replace('.000Z', '+00:00');
  };
  const responseFor = (reviewId: string) => [...responses.values()].find((r) => r.reviewId === reviewId)?.resource ?? null;

  const control: AppStoreFakeControl = {
    posts,
    addReview(review) {
      const id = review.id ?? randomUUID();
      reviews.set(id, {
        type: 'customerReviews',
        id,
        attributes: {
          rating: review.rating,
          title: review.title ?? null,
          body: review.body,
          reviewerNickname: review.reviewerNickname ?? 'Utilisateur',
          createdDate: review.createdDate ? review.createdDate.toISOString().replace(/\.\d{3}Z$/, '+00:00') : stamp(),
          territory: review.territory ?? 'FRA',
        },
      });
      return id;
    },
    responseOf: responseFor,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    reset() {
      reviews.clear();
      responses.clear();
      posts.length = 0;
      failures = [];
    },
  };

  const appleError = (reply: FastifyReply, status: number, code: string, title: string, detail: string) =>
    reply.code(status).send({ errors: [{ id: randomUUID(), status: String(status), code, title, detail }] });

  function authorised(request: FastifyRequest): boolean {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    const jwt = match ? verifyJwt(match[1] as string, 'ES256', options.publicKeyPem) : null;
    if (!jwt) return false;
    const now = Math.floor(Date.now() / 1000);
    const { header, payload } = jwt;
    if (header.kid !== options.keyId || (header.typ !== undefined && header.typ !== 'JWT')) return false;
    if (payload.iss !== options.issuerId || payload.aud !== APP_STORE_AUDIENCE) return false;
    if (typeof payload.exp !== 'number' || payload.exp <= now || payload.exp - now > MAX_TOKEN_LIFETIME_S) return false;
    if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.exp - payload.iat > MAX_TOKEN_LIFETIME_S)) return false;
    return true;
  }

  const withRelationship = (review: AppStoreReview, base: string): AppStoreReview => {
    const response = responseFor(review.id);
    return {
      ...review,
      relationships: {
        response: {
          ...(response ? { data: { type: 'customerReviewResponses', id: response.id } } : { data: null }),
          links: {
            self: `${base}/v1/customerReviews/${review.id}/relationships/response`,
            related: `${base}/v1/customerReviews/${review.id}/response`,
          },
        },
      },
    };
  };

  app.register(
    async (scope) => {
      scope.addHook('preClose', async () => {
        for (const release of hung) release();
        hung.clear();
      });
      scope.addHook('onRequest', async (request, reply) => {
        const failure = failures.shift();
        if (failure && 'hang' in failure) {
          await new Promise<void>((resolve) => hung.add(resolve));
          return appleError(reply, 503, 'SERVICE_UNAVAILABLE', 'Service Unavailable', 'The service is unavailable.');
        }
        if (failure) {
          if (failure.retryAfterSeconds !== undefined) reply.header('retry-after', String(failure.retryAfterSeconds));
          if (failure.status === 429)
            return appleError(reply, 429, 'RATE_LIMIT_EXCEEDED', 'The request rate limit has been reached.', 'Rate limit exceeded.');
          return appleError(reply, failure.status, 'UNEXPECTED_ERROR', 'An unexpected error occurred.', 'Injected failure.');
        }
        if (!authorised(request)) {
          return appleError(
            reply,
            401,
            'NOT_AUTHORIZED',
            'Authentication credentials are missing or invalid.',
            'Provide a properly configured and signed bearer token, and make sure that it has not expired.',
          );
        }
      });

      scope.get<{ Params: { appId: string }; Querystring: { limit?: string; cursor?: string; sort?: string; include?: string } }>(
        '/v1/apps/:appId/customerReviews',
        async (request, reply) => {
          if (request.params.appId !== options.appId)
            return appleError(
              reply,
              404,
              'NOT_FOUND',
              'The specified resource does not exist',
              `There is no resource of type 'apps' with id '${request.params.appId}'`,
            );
          const base = `${request.protocol}://${request.host}/app-store`;
          const oldestFirst = request.query.sort === 'createdDate';
          const sorted = [...reviews.values()].sort((a, b) => {
            const diff = Date.parse(b.attributes?.createdDate ?? '') - Date.parse(a.attributes?.createdDate ?? '');
            return (oldestFirst ? -diff : diff) || (a.id < b.id ? -1 : 1);
          });
          const limit = Math.min(Math.max(Number(request.query.limit) || 50, 1), 200);
          const offset = request.query.cursor ? Number(Buffer.from(request.query.cursor, 'base64url').toString()) || 0 : 0;
          const data = sorted.slice(offset, offset + limit).map((r) => withRelationship(r, base));
          const query = new URLSearchParams({ ...request.query, limit: String(limit) });
          query.delete('cursor');
          const next =
            offset + limit < sorted.length
              ? `${base}/v1/apps/${options.appId}/customerReviews?${new URLSearchParams({ ...Object.fromEntries(query), cursor: Buffer.from(String(offset + limit)).toString('base64url') })}`
              : undefined;
          const included = request.query.include?.split(',').includes('response')
            ? data.flatMap((r) => {
                const response = responseFor(r.id);
                return response ? [response] : [];
              })
            : [];
          return {
            data,
            ...(included.length ? { included } : {}),
            links: { self: `${base}${request.url.replace(/^\/app-store/, '')}`, ...(next ? { next } : {}) },
            meta: { paging: { total: sorted.length, limit } },
          };
        },
      );

      scope.post('/v1/customerReviewResponses', async (request, reply) => {
        const body = request.body as
          | {
              data?: {
                type?: string;
                attributes?: { responseBody?: unknown };
                relationships?: { review?: { data?: { type?: string; id?: string } } };
              };
            }
          | undefined;
        const data = body?.data;
        const reviewId = data?.relationships?.review?.data?.id;
        const text = data?.attributes?.responseBody;
        if (data?.type !== 'customerReviewResponses' || data.relationships?.review?.data?.type !== 'customerReviews' || !reviewId) {
          return appleError(
            reply,
            409,
            'ENTITY_ERROR.RELATIONSHIP.REQUIRED',
            'The provided entity is missing a required relationship',
            "You must provide a value for the relationship 'review' with this request",
          );
        }
        if (typeof text !== 'string' || !text.trim() || [...text].length > 5970) {
          return appleError(
            reply,
            409,
            'ENTITY_ERROR.ATTRIBUTE.INVALID',
            'An attribute value is invalid.',
            "The attribute 'responseBody' is invalid.",
          );
        }
        if (!reviews.has(reviewId))
          return appleError(
            reply,
            404,
            'NOT_FOUND',
            'The specified resource does not exist',
            `There is no resource of type 'customerReviews' with id '${reviewId}'`,
          );
        const existing = responseFor(reviewId);
        const resource: AppStoreReviewResponse = {
          type: 'customerReviewResponses',
          id: existing?.id ?? randomUUID(),
          attributes: { responseBody: text, lastModifiedDate: stamp(), state: 'PENDING_PUBLISH' },
        };
        responses.set(resource.id, { reviewId, resource });
        posts.push({
          kind: existing ? 'update' : 'create',
          reviewId,
          responseId: resource.id,
          responseBody: text,
          at: new Date().toISOString(),
        });
        const base = `${request.protocol}://${request.host}/app-store`;
        return reply.code(201).send({
          data: {
            ...resource,
            relationships: { review: { data: { type: 'customerReviews', id: reviewId } } },
            links: { self: `${base}/v1/customerReviewResponses/${resource.id}` },
          },
          links: { self: `${base}/v1/customerReviewResponses/${resource.id}` },
        });
      });

      scope.delete<{ Params: { id: string } }>('/v1/customerReviewResponses/:id', async (request, reply) => {
        const found = responses.get(request.params.id);
        if (!found)
          return appleError(
            reply,
            404,
            'NOT_FOUND',
            'The specified resource does not exist',
            `There is no resource of type 'customerReviewResponses' with id '${request.params.id}'`,
          );
        responses.delete(request.params.id);
        posts.push({
          kind: 'delete',
          reviewId: found.reviewId,
          responseId: request.params.id,
          responseBody: null,
          at: new Date().toISOString(),
        });
        return reply.code(204).send();
      });

      scope.get<{ Params: { id: string } }>('/v1/customerReviews/:id/response', async (request, reply) => {
        if (!reviews.has(request.params.id))
          return appleError(
            reply,
            404,
            'NOT_FOUND',
            'The specified resource does not exist',
            `There is no resource of type 'customerReviews' with id '${request.params.id}'`,
          );
        const response = responseFor(request.params.id);
        if (!response)
          return appleError(reply, 404, 'NOT_FOUND', 'The specified resource does not exist', 'There is no response for this review.');
        return { data: response, links: { self: `${request.protocol}://${request.host}${request.url}` } };
      });
    },
    { prefix: '/app-store' },
  );
  return control;
}
