import {
  type HandoffConfirmed,
  type HandoffLinkCreated,
  type HandoffLinkStatus,
  newSecureThreadSchema,
  SECURE_ATTACHMENT_MAX_BYTES,
  type SecureAttachment,
  type SecureSummary,
  type SecureThreadDetail,
  type SecureThreadSummary,
  secureMessageInputSchema,
  staffNewSecureThreadSchema,
} from '@agora/contracts/secure-messaging.schema.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { clientOf, requireClient } from '../../platform/auth/client-principal.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import type { SecureActor } from './secure-access.ts';
import { downloadAttachment, uploadAttachment } from './secure-attachments.service.ts';
import { confirmHandoff, createHandoffLink, handoffLinkStatus } from './secure-handoff.service.ts';
import {
  clientSummary,
  clientThreads,
  markRead,
  openThreadAsClient,
  openThreadAsStaff,
  postMessage,
  staffThreads,
  threadDetail,
} from './secure-thread.service.ts';

const idParams = z.object({ id: z.string().uuid('Identifiant invalide') });
const tokenParams = z.object({ token: z.string().min(1).max(100) });
const WRITE_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };
const UPLOAD_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };

const staffActor = (request: FastifyRequest): SecureActor => ({ kind: 'staff', principal: principalOf(request) });
const clientActor = (request: FastifyRequest): SecureActor => ({ kind: 'client', principal: clientOf(request) });

function sendFile(reply: FastifyReply, file: { contentType: string; fileName: string; data: Buffer }) {
  const inline = file.contentType.startsWith('image/');
  reply.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  // A file from a person is never a page: no script, no plugin, even if a browser guessed wrong.
  reply.header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  reply.header('x-content-type-options', 'nosniff');
  // Personal: never kept by a shared cache.
  reply.header('cache-control', 'private, no-store');
  return reply.type(file.contentType).send(file.data);
}

const fileNameOf = (request: FastifyRequest) => {
  const header = request.headers['x-file-name'];
  return typeof header === 'string' ? header : undefined;
};

/**
 * Secure messaging: the staff side (/api/secure/…, threads the principal may see), the client side
 * (/api/client/secure/…, the signed-in client's own threads, no client id in any URL), and the
 * handoff link (/api/conversations/:id/secure-link for staff, /api/client/handoff/:token for the
 * person who received it).
 */
export async function registerSecureMessagingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(async (scope) => {
    // Attachments arrive as raw bytes; their type is sniffed from them, never taken from a header.
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: SECURE_ATTACHMENT_MAX_BYTES },
      (_r, body, done) => done(null, body),
    );
    const staff = { preHandler: requireStaff() };
    const client = { preHandler: requireClient };

    // Staff side.
    scope.get('/api/secure/threads', staff, async (request): Promise<SecureThreadSummary[]> => {
      const query = parseWith(z.object({ clientId: z.string().uuid('Client invalide').optional() }), request.query);
      return staffThreads(deps, principalOf(request), query);
    });
    scope.post('/api/secure/threads', { ...staff, config: WRITE_LIMIT }, async (request, reply) =>
      reply.status(201).send(await openThreadAsStaff(deps, principalOf(request), parseWith(staffNewSecureThreadSchema, request.body))),
    );
    scope.get('/api/secure/threads/:id', staff, async (request): Promise<SecureThreadDetail> => {
      const { id } = parseWith(idParams, request.params);
      return threadDetail(deps, staffActor(request), id);
    });
    scope.post('/api/secure/threads/:id/messages', { ...staff, config: WRITE_LIMIT }, async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      return reply.status(201).send(await postMessage(deps, staffActor(request), id, parseWith(secureMessageInputSchema, request.body)));
    });
    scope.post('/api/secure/threads/:id/read', staff, async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      await markRead(deps, staffActor(request), id);
      return reply.status(204).send();
    });
    scope.post(
      '/api/secure/threads/:id/attachments',
      { ...staff, config: UPLOAD_LIMIT, bodyLimit: SECURE_ATTACHMENT_MAX_BYTES },
      async (request, reply): Promise<SecureAttachment> => {
        const { id } = parseWith(idParams, request.params);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return reply.status(201).send(await uploadAttachment(deps, staffActor(request), id, bytes, fileNameOf(request)));
      },
    );
    scope.get('/api/secure/attachments/:id', staff, async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      return sendFile(reply, await downloadAttachment(deps, staffActor(request), id));
    });
    scope.post(
      '/api/conversations/:id/secure-link',
      { ...staff, config: WRITE_LIMIT },
      async (request, reply): Promise<HandoffLinkCreated> => {
        const { id } = parseWith(idParams, request.params);
        return reply.status(201).send(await createHandoffLink(deps, principalOf(request), id));
      },
    );

    // Client side.
    scope.get(
      '/api/client/secure/threads',
      client,
      async (request): Promise<SecureThreadSummary[]> => clientThreads(deps, clientOf(request)),
    );
    scope.get('/api/client/secure/summary', client, async (request): Promise<SecureSummary> => clientSummary(deps, clientOf(request)));
    scope.post('/api/client/secure/threads', { ...client, config: WRITE_LIMIT }, async (request, reply) =>
      reply.status(201).send(await openThreadAsClient(deps, clientOf(request), parseWith(newSecureThreadSchema, request.body))),
    );
    scope.get('/api/client/secure/threads/:id', client, async (request): Promise<SecureThreadDetail> => {
      const { id } = parseWith(idParams, request.params);
      return threadDetail(deps, clientActor(request), id);
    });
    scope.post('/api/client/secure/threads/:id/messages', { ...client, config: WRITE_LIMIT }, async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      return reply.status(201).send(await postMessage(deps, clientActor(request), id, parseWith(secureMessageInputSchema, request.body)));
    });
    scope.post('/api/client/secure/threads/:id/read', client, async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      await markRead(deps, clientActor(request), id);
      return reply.status(204).send();
    });
    scope.post(
      '/api/client/secure/threads/:id/attachments',
      { ...client, config: UPLOAD_LIMIT, bodyLimit: SECURE_ATTACHMENT_MAX_BYTES },
      async (request, reply): Promise<SecureAttachment> => {
        const { id } = parseWith(idParams, request.params);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return reply.status(201).send(await uploadAttachment(deps, clientActor(request), id, bytes, fileNameOf(request)));
      },
    );
    scope.get('/api/client/secure/attachments/:id', client, async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      return sendFile(reply, await downloadAttachment(deps, clientActor(request), id));
    });

    // The handoff link. Its status is public on purpose (the person may not be signed in yet): it
    // names only the network and the bank, and answers "unknown" for anything not a live token.
    scope.get(
      '/api/client/handoff/:token',
      { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
      async (request): Promise<HandoffLinkStatus> => handoffLinkStatus(deps, parseWith(tokenParams, request.params).token),
    );
    scope.post(
      '/api/client/handoff/:token/confirm',
      { ...client, config: WRITE_LIMIT },
      async (request): Promise<HandoffConfirmed> => confirmHandoff(deps, clientOf(request), parseWith(tokenParams, request.params).token),
    );
  });
}
