import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { canSeeConversation, principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { AppError, type AppErrorKind } from '../../platform/errors.ts';
import { errorBody } from '../../platform/http/error-handler.ts';
import { demoSitePage } from './demo-site.page.ts';
import { languageOf, visitorMessage } from './live-chat.messages.ts';
import { findLiveChatConversation, findVisitorConversation, readUploadData, type Visitor } from './live-chat.repository.ts';
import { CHAT_TOPICS, messageRequestSchema, offlineRequestSchema, prechatRequestSchema, sessionRequestSchema } from './live-chat.schema.ts';
import {
  ACCEPTED_TYPES,
  createVisitor,
  historyOf,
  leaveOfflineMessage,
  MAX_UPLOAD_BYTES,
  resumeVisitor,
  savePrechat,
  saveUpload,
  sendVisitorMessage,
  touchVisitor,
  typingEvent,
} from './live-chat.service.ts';
import { createOpeningHours } from './opening-hours.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { createVisitorGateway } from './visitor.gateway.ts';

export const VISITOR_COOKIE = 'agora_chat';
const COOKIE_MAX_AGE_S = 30 * 24 * 3600;
const WIDGET_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../widget/dist/widget.js');

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
// Codes whose HTTP status is more precise than their kind's.
const STATUS_OF_CODE: Record<string, number> = { unsupported_type: 415 };

const uuid = z.string().uuid();

declare module 'fastify' {
  interface FastifyRequest {
    chatVisitor: Visitor | null;
  }
}

/** Limits per minute: what a person typing can reach, far below what a script would send. */
export const LIVE_CHAT_LIMITS = {
  requestsPerIp: 300,
  sessionsPerIp: 30,
  messagesPerVisitor: 20,
  uploadsPerVisitor: 10,
  offlinePerVisitor: 3,
};

/**
 * The bank's live chat: the widget script, the visitor API under /chat/api (cookie of an
 * anonymous visitor, CORS for the bank's own sites only), the visitor WebSocket, and the two
 * staff routes it needs (typing relay, attachments). One call from app.ts.
 */
export async function registerLiveChatRoutes(app: FastifyInstance, deps: AppDeps) {
  const hours = createOpeningHours({
    spec: deps.config.LIVE_CHAT_OPENING_HOURS,
    timeZone: deps.config.LIVE_CHAT_TIMEZONE,
    holidaysCountry: deps.config.LIVE_CHAT_HOLIDAYS.toLowerCase() === 'none' ? null : deps.config.LIVE_CHAT_HOLIDAYS,
  });
  const prechatEnabled = deps.config.LIVE_CHAT_PRECHAT === 'on';
  const minute = 60_000;
  const limits = {
    ip: createRateLimiter({ limit: LIVE_CHAT_LIMITS.requestsPerIp, windowMs: minute }),
    sessions: createRateLimiter({ limit: LIVE_CHAT_LIMITS.sessionsPerIp, windowMs: minute }),
    messages: createRateLimiter({ limit: LIVE_CHAT_LIMITS.messagesPerVisitor, windowMs: minute }),
    uploads: createRateLimiter({ limit: LIVE_CHAT_LIMITS.uploadsPerVisitor, windowMs: minute }),
    offline: createRateLimiter({ limit: LIVE_CHAT_LIMITS.offlinePerVisitor, windowMs: 10 * minute }),
  };
  const gateway = createVisitorGateway(deps);
  app.addHook('onClose', async () => gateway.close());

  // Read at each request: a rebuilt widget is served without a restart.
  app.get('/widget.js', { config: { rateLimit: false } }, async (_request, reply) => {
    const source = await readFile(WIDGET_FILE, 'utf8').catch(() => null);
    if (source === null)
      return reply.status(404).send(errorBody('widget_not_built', 'Le widget n’est pas construit : lancez node scripts/build-widget.mjs.'));
    // Loaded by the bank's pages, on another origin.
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('cache-control', 'public, max-age=300');
    return reply.type('text/javascript; charset=utf-8').send(source);
  });

  if (deps.config.demoMode) {
    // A bank's page that embeds the widget, on Agora's own origin: the demo works over plain http.
    app.get<{ Querystring: { lang?: string } }>('/demo/site', async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(demoSitePage(request.query.lang === 'en' ? 'en' : 'fr')),
    );
  }

  registerStaffRoutes(app, deps);

  await app.register(async (scope) => {
    scope.decorateRequest('chatVisitor', null);
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((error: FastifyError | AppError | ZodError, request, reply) => visitorError(error, request, reply));

    scope.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (origin !== undefined) {
        if (!isAllowedOrigin(origin, request, deps)) throw new AppError('forbidden', 'origin_refused', 'Origine refusée.');
        reply.header('access-control-allow-origin', origin);
        reply.header('access-control-allow-credentials', 'true');
        reply.header('vary', 'Origin');
      }
      if (!limits.ip.tryHit(request.ip)) throw rateLimited(reply, limits.ip, request.ip);
    });

    scope.options('/chat/api/*', async (_request, reply) => {
      reply.header('access-control-allow-methods', 'GET, POST, PUT');
      reply.header('access-control-allow-headers', 'content-type, accept-language, x-file-name');
      reply.header('access-control-max-age', '600');
      return reply.status(204).send();
    });

    const visitorOf = async (request: FastifyRequest) => {
      const visitor = await resumeVisitor(deps, request.cookies[VISITOR_COOKIE]);
      if (!visitor) throw new AppError('unauthenticated', 'no_session', 'Session de discussion absente ou expirée.');
      return visitor;
    };

    scope.post('/chat/api/session', { bodyLimit: 4 * 1024 }, async (request, reply) => {
      const input = sessionRequestSchema.parse(request.body ?? {});
      const language = input.lang ?? languageOf(request.headers['accept-language']);
      let visitor = await resumeVisitor(deps, request.cookies[VISITOR_COOKIE]);
      if (visitor) {
        await touchVisitor(deps, visitor, language);
      } else {
        if (!limits.sessions.tryHit(request.ip)) throw rateLimited(reply, limits.sessions, request.ip);
        const created = await createVisitor(deps, language);
        visitor = created.visitor;
        setVisitorCookie(request, reply, deps, created.token);
      }
      const now = new Date();
      return {
        visitorId: visitor.id,
        language,
        open: hours.isOpen(now),
        nextOpening: hours.nextOpening(now)?.toISOString() ?? null,
        prechat: { enabled: prechatEnabled, done: visitor.prechatDone, topics: Object.keys(CHAT_TOPICS) },
        limits: { maxUploadBytes: MAX_UPLOAD_BYTES, types: ACCEPTED_TYPES },
        messages: await historyOf(deps, visitor),
      };
    });

    scope.get('/chat/api/messages', async (request) => ({ messages: await historyOf(deps, await visitorOf(request)) }));

    scope.put('/chat/api/prechat', { bodyLimit: 4 * 1024 }, async (request, reply) => {
      const visitor = await visitorOf(request);
      await savePrechat(deps, visitor, prechatRequestSchema.parse(request.body));
      return reply.status(204).send();
    });

    scope.post('/chat/api/messages', { bodyLimit: 16 * 1024 }, async (request, reply) => {
      const visitor = await visitorOf(request);
      const input = messageRequestSchema.parse(request.body);
      if (!limits.messages.tryHit(visitor.id)) throw rateLimited(reply, limits.messages, visitor.id);
      return reply.status(202).send({ message: await sendVisitorMessage(deps, visitor, input, prechatEnabled) });
    });

    scope.post('/chat/api/offline', { bodyLimit: 16 * 1024 }, async (request, reply) => {
      const visitor = await visitorOf(request);
      const input = offlineRequestSchema.parse(request.body);
      if (!limits.offline.tryHit(visitor.id)) throw rateLimited(reply, limits.offline, visitor.id);
      return reply.status(202).send({ message: await leaveOfflineMessage(deps, visitor, input) });
    });

    scope.post('/chat/api/uploads', { bodyLimit: MAX_UPLOAD_BYTES }, async (request, reply) => {
      const visitor = await visitorOf(request);
      if (!limits.uploads.tryHit(visitor.id)) throw rateLimited(reply, limits.uploads, visitor.id);
      if (!Buffer.isBuffer(request.body))
        throw new AppError('validation', 'unsupported_type', 'Envoyez le fichier en application/octet-stream.');
      const name = request.headers['x-file-name'];
      return reply.status(201).send(await saveUpload(deps, visitor, request.body, typeof name === 'string' ? name : undefined));
    });

    scope.get<{ Params: { id: string } }>('/chat/api/uploads/:id', async (request, reply) => {
      const visitor = await visitorOf(request);
      const upload = uuid.safeParse(request.params.id).success
        ? await readUploadData(deps.database.db, deps.bankId, request.params.id, visitor.id)
        : null;
      if (!upload) throw new AppError('not_found', 'upload_not_found', 'Fichier introuvable.');
      // The bank's page may show the picture in an <img>: a no-cors load from another origin.
      reply.header('cross-origin-resource-policy', 'cross-origin');
      return sendUpload(reply, upload);
    });

    scope.get('/chat/api/ws', { websocket: true }, async (socket, request) => {
      const visitor = await resumeVisitor(deps, request.cookies[VISITOR_COOKIE]);
      if (!visitor) {
        socket.close(4401, 'no chat session');
        return;
      }
      gateway.attach(socket, visitor.id);
    });
  });
}

function registerStaffRoutes(app: FastifyInstance, deps: AppDeps) {
  const auth = { preHandler: requireStaff() };
  const tags = ['live chat'];
  const notFound = () => new AppError('not_found', 'conversation_not_found', 'Conversation introuvable.');

  app.post<{ Params: { id: string } }>(
    '/api/conversations/:id/typing',
    { ...auth, schema: { tags, summary: 'Tell the live-chat visitor that an agent is typing' } },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!uuid.safeParse(request.params.id).success) throw notFound();
      const conversation = await findLiveChatConversation(deps.database.db, principal.bankId, request.params.id);
      if (
        !conversation ||
        !canSeeConversation(principal, { bankId: principal.bankId, teamId: conversation.team_id, advisorId: conversation.advisor_id })
      )
        throw notFound();
      if (conversation.channel !== 'live_chat')
        throw new AppError('conflict', 'not_live_chat', "Cette conversation n'est pas un chat : pas d'indicateur de saisie.");
      await deps.bus.publish(typingEvent(principal.bankId, conversation, 'staff'), `typing-${request.id}-${Date.now()}`);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/live-chat/uploads/:id',
    { ...auth, schema: { tags, summary: 'A file a live-chat visitor sent' } },
    async (request, reply) => {
      const principal = principalOf(request);
      const missing = () => new AppError('not_found', 'upload_not_found', 'Fichier introuvable.');
      if (!uuid.safeParse(request.params.id).success) throw missing();
      const upload = await readUploadData(deps.database.db, principal.bankId, request.params.id, null);
      if (!upload) throw missing();
      // Same rule as the conversation: who may read the chat may open its files.
      const conversation = await findVisitorConversation(deps.database.db, principal.bankId, upload.visitor_id);
      if (
        !conversation ||
        !canSeeConversation(principal, { bankId: principal.bankId, teamId: conversation.team_id, advisorId: conversation.advisor_id })
      )
        throw missing();
      return sendUpload(reply, upload);
    },
  );
}

function sendUpload(reply: FastifyReply, upload: { content_type: string; file_name: string; data: Uint8Array }) {
  const inline = upload.content_type.startsWith('image/');
  reply.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(upload.file_name)}`);
  // A file from the public is never a page: no script, no plugin, even if a browser guessed wrong.
  reply.header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  reply.header('cache-control', 'private, max-age=3600');
  return reply.type(upload.content_type).send(Buffer.from(upload.data));
}

function isAllowedOrigin(origin: string, request: FastifyRequest, deps: AppDeps): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === new URL(deps.config.publicUrl).origin) return true;
  if (request.headers.host && url.host === request.headers.host) return true;
  const allowed = (deps.config.LIVE_CHAT_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return allowed.some((o) => {
    try {
      return new URL(o).origin === url.origin;
    } catch {
      return false;
    }
  });
}

function setVisitorCookie(request: FastifyRequest, reply: FastifyReply, deps: AppDeps, token: string) {
  // Embedded on the bank's site, our cookie is a third-party one: only SameSite=None; Secure
  // is sent by the browser, partitioned per site (CHIPS) so browsers that block third-party
  // cookies still keep it. Plain http (the demo page, on our own origin) uses Lax.
  const secure = request.protocol === 'https' || deps.config.publicUrl.startsWith('https:');
  reply.setCookie(VISITOR_COOKIE, token, {
    httpOnly: true,
    path: '/chat/api',
    maxAge: COOKIE_MAX_AGE_S,
    ...(secure ? { sameSite: 'none' as const, secure: true, partitioned: true } : { sameSite: 'lax' as const, secure: false }),
  });
}

function rateLimited(reply: FastifyReply, limiter: RateLimiter, key: string) {
  reply.header('retry-after', String(Math.ceil(limiter.retryAfterMs(key) / 1000) || 1));
  return new AppError('rate_limited', 'rate_limited', 'Trop de requêtes.');
}

/** The visitor's errors, in the widget's language; never a stack, never their data. */
function visitorError(error: FastifyError | AppError | ZodError, request: FastifyRequest, reply: FastifyReply) {
  const language = languageOf(request.headers['accept-language']);
  if (error instanceof AppError) {
    const status = STATUS_OF_CODE[error.code] ?? STATUS[error.kind];
    return reply.status(status).send(errorBody(error.code, visitorMessage(error.code, language) ?? error.message));
  }
  if (error instanceof ZodError) {
    const field = String(error.issues[0]?.path[0] ?? '');
    const message = field ? visitorMessage('invalid_field', language, field) : visitorMessage('invalid_request', language);
    return reply.status(400).send(
      errorBody(
        'invalid_request',
        message ?? 'Requête invalide.',
        error.issues.map((i) => ({ path: i.path.join('.') })),
      ),
    );
  }
  const status = (error as FastifyError).statusCode ?? 500;
  const code = status === 413 ? 'payload_too_large' : status === 429 ? 'rate_limited' : status < 500 ? 'invalid_request' : 'internal_error';
  if (status >= 500) request.log.error({ err: error }, 'live chat error');
  return reply.status(status >= 400 && status < 600 ? status : 500).send(errorBody(code, visitorMessage(code, language) ?? 'Erreur.'));
}
