import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError, type AppErrorKind } from '../errors.ts';

const STATUS: Record<AppErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Turns a zod error into one sentence a person can act on, plus per-field details. */
export function describeZodError(error: ZodError) {
  const first = error.issues[0];
  const where = first && first.path.length ? `${first.path.join('.')} : ` : '';
  return {
    message: `Requête invalide — ${where}${first?.message ?? 'données incorrectes'}`,
    details: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  };
}

/** The one mapping from typed errors to HTTP. Every error body is `{ error: { code, message } }`. */
export function registerErrorHandler(app: FastifyInstance, fallback?: (request: FastifyRequest, reply: FastifyReply) => boolean) {
  app.setErrorHandler((error: FastifyError | AppError | ZodError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(STATUS[error.kind]).send(errorBody(error.code, error.message, error.details));
    }
    if (error instanceof ZodError) {
      const { message, details } = describeZodError(error);
      return reply.status(400).send(errorBody('invalid_request', message, details));
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status === 413) return reply.status(413).send(errorBody('payload_too_large', 'Le contenu envoyé est trop volumineux.'));
    if (status === 429) return reply.status(429).send(errorBody('rate_limited', 'Trop de requêtes : réessayez dans un instant.'));
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send(errorBody((error as FastifyError).code ?? 'bad_request', 'Requête incorrecte : vérifiez les données envoyées.'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', 'Une erreur interne est survenue ; elle a été enregistrée.'));
  });
  app.setNotFoundHandler((request, reply) => {
    if (fallback?.(request, reply)) return;
    reply.status(404).send(errorBody('not_found', `Aucune ressource à l'adresse ${request.method} ${request.url.split('?')[0]}.`));
  });
}

/** Parses with a zod schema; a failure becomes a 400 through the handler above. */
export function parseWith<T>(schema: { parse(v: unknown): T }, value: unknown): T {
  return schema.parse(value);
}
