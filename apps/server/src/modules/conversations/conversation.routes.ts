import {
  listConversationsQuerySchema,
  noteRequestSchema,
  replyCheckRequestSchema,
  replyRequestSchema,
  updateConversationSchema,
} from '@agora/contracts/conversation.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { listConversations } from './conversation.repository.ts';
import { addNote, getConversationDetail, replyToConversation, updateConversation } from './conversation.service.ts';
import { checkReply } from './reply-check.service.ts';

const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export async function registerConversationRoutes(app: FastifyInstance, deps: AppDeps) {
  const auth = { preHandler: requireStaff() };
  const tags = ['conversations'];

  app.get(
    '/api/conversations',
    {
      ...auth,
      schema: {
        tags,
        summary: 'The unified inbox, newest activity first (keyset pagination)',
        querystring: doc(listConversationsQuerySchema),
      },
    },
    async (request) => {
      const query = listConversationsQuerySchema.parse(request.query);
      return listConversations(deps.database.db, principalOf(request), query);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/conversations/:id',
    { ...auth, schema: { tags, summary: 'A conversation with its thread; marks it read' } },
    async (request) => getConversationDetail(deps, principalOf(request), request.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/api/conversations/:id/replies',
    { ...auth, schema: { tags, summary: 'Reply publicly or privately through the platform', body: doc(replyRequestSchema) } },
    async (request, reply) => {
      const input = replyRequestSchema.parse(request.body);
      return reply.status(202).send(await replyToConversation(deps, principalOf(request), request.params.id, input));
    },
  );

  // A pure check of the draft: no conversation is read, so only a signed-in staff member is needed.
  app.post(
    '/api/replies/check',
    { ...auth, schema: { tags, summary: 'Personal data a draft reply would expose', body: doc(replyCheckRequestSchema) } },
    async (request) => {
      const input = replyCheckRequestSchema.parse(request.body);
      return checkReply(input.body, input.mode);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/conversations/:id/notes',
    { ...auth, schema: { tags, summary: 'Internal note, never sent', body: doc(noteRequestSchema) } },
    async (request, reply) => {
      const input = noteRequestSchema.parse(request.body);
      return reply.status(201).send(await addNote(deps, principalOf(request), request.params.id, input.body));
    },
  );

  app.patch<{ Params: { id: string } }>(
    '/api/conversations/:id',
    { ...auth, schema: { tags, summary: 'Change status or assignee', body: doc(updateConversationSchema) } },
    async (request) => {
      const input = updateConversationSchema.parse(request.body);
      return updateConversation(deps, principalOf(request), request.params.id, input);
    },
  );
}
