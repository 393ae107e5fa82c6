import { addTagRequestSchema, type ConversationExtras, conversationTagSchema, macroInputSchema } from '@agora/contracts/answers.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { createCsatService } from '../answers/csat.service.ts';
import { visibleConversation } from '../conversations/conversation.service.ts';
import { createConversationTagsService } from './conversation-tags.service.ts';
import { createMacrosService } from './macros.service.ts';

const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export async function registerMacrosRoutes(app: FastifyInstance, deps: AppDeps) {
  const macros = createMacrosService(deps);
  const tagsService = createConversationTagsService(deps);
  const csat = createCsatService(deps);
  const staff = { preHandler: requireStaff() };
  const admins = { preHandler: requireStaff(['admin']) };
  const tags = ['macros'];

  app.get('/api/macros', { ...staff, schema: { tags, summary: 'Macros: several actions applied at once' } }, async (request) =>
    macros.list(principalOf(request)),
  );
  app.post('/api/macros', { ...admins, schema: { tags, summary: 'Define a macro', body: doc(macroInputSchema) } }, async (request, reply) =>
    reply.status(201).send(await macros.save(principalOf(request), request.body)),
  );
  app.put<{ Params: { id: string } }>(
    '/api/macros/:id',
    { ...admins, schema: { tags, summary: 'Change a macro', body: doc(macroInputSchema) } },
    async (request) => macros.save(principalOf(request), request.body, request.params.id),
  );
  app.delete<{ Params: { id: string } }>(
    '/api/macros/:id',
    { ...admins, schema: { tags, summary: 'Remove a macro' } },
    async (request, reply) => {
      await macros.archive(principalOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.post<{ Params: { id: string; macroId: string } }>(
    '/api/conversations/:id/macros/:macroId',
    { ...staff, schema: { tags, summary: 'Apply every action of a macro, all or none' } },
    async (request) => macros.apply(principalOf(request), request.params.id, request.params.macroId),
  );

  app.get('/api/tags', { ...staff, schema: { tags: ['tags'], summary: 'Tags in use, most used first' } }, async (request) =>
    tagsService.known(principalOf(request)),
  );
  app.get<{ Params: { id: string } }>(
    '/api/conversations/:id/extras',
    { ...staff, schema: { tags: ['tags'], summary: "A conversation's tags and latest satisfaction survey" } },
    async (request): Promise<ConversationExtras> => {
      const p = principalOf(request);
      const row = await visibleConversation(deps, p, request.params.id);
      const [tagList, survey] = await Promise.all([tagsService.tagsOf(p.bankId, row.id), csat.latestOf(p.bankId, row.id)]);
      return { tags: tagList, csat: survey };
    },
  );
  app.post<{ Params: { id: string } }>(
    '/api/conversations/:id/tags',
    { ...staff, schema: { tags: ['tags'], summary: 'Tag a conversation', body: doc(addTagRequestSchema) } },
    async (request) => ({
      tags: await tagsService.add(principalOf(request), request.params.id, addTagRequestSchema.parse(request.body).tag),
    }),
  );
  app.delete<{ Params: { id: string; tag: string } }>(
    '/api/conversations/:id/tags/:tag',
    { ...staff, schema: { tags: ['tags'], summary: 'Remove a tag' } },
    async (request) => ({
      tags: await tagsService.remove(principalOf(request), request.params.id, conversationTagSchema.parse(request.params.tag)),
    }),
  );
}
