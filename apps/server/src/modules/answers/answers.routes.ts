import {
  answerInputSchema,
  answerReviewSchema,
  csatSettingsSchema,
  listAnswersQuerySchema,
  renderAnswerRequestSchema,
} from '@agora/contracts/answers.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { ANSWER_APPROVERS, ANSWER_WRITERS, createAnswersService } from './answers.service.ts';
import { createCsatService } from './csat.service.ts';
import { createNotificationsService } from './notifications.service.ts';

const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
type Id = { Params: { id: string } };

export async function registerAnswersRoutes(app: FastifyInstance, deps: AppDeps) {
  const answers = createAnswersService(deps);
  const notifications = createNotificationsService(deps);
  const csat = createCsatService(deps);
  const staff = { preHandler: requireStaff() };
  const writers = { preHandler: requireStaff(ANSWER_WRITERS) };
  const approvers = { preHandler: requireStaff(ANSWER_APPROVERS) };
  const tags = ['answers'];

  app.get(
    '/api/answers',
    { ...staff, schema: { tags, summary: 'The approved answers library', querystring: doc(listAnswersQuerySchema) } },
    async (request) => answers.list(principalOf(request), listAnswersQuerySchema.parse(request.query)),
  );
  app.get(
    '/api/answers/suggestions',
    { ...staff, schema: { tags, summary: 'Published, valid answers for a conversation, best first (pinned, intent, tags, usage)' } },
    async (request) => {
      const { conversationId } = z.object({ conversationId: z.string().uuid() }).parse(request.query);
      return answers.suggestions(principalOf(request), conversationId);
    },
  );
  app.get<Id>('/api/answers/:id', { ...staff, schema: { tags, summary: 'An answer with its version history' } }, async (request) =>
    answers.get(principalOf(request), request.params.id),
  );
  app.post(
    '/api/answers',
    { ...writers, schema: { tags, summary: 'New answer (a draft, version 1)', body: doc(answerInputSchema) } },
    async (request, reply) => reply.status(201).send(await answers.create(principalOf(request), answerInputSchema.parse(request.body))),
  );
  app.put<Id>(
    '/api/answers/:id',
    { ...writers, schema: { tags, summary: 'Edit: a new draft version (the published one stays offered)', body: doc(answerInputSchema) } },
    async (request) => answers.edit(principalOf(request), request.params.id, answerInputSchema.parse(request.body)),
  );
  app.delete<Id>('/api/answers/:id', { ...writers, schema: { tags, summary: 'Archive an answer' } }, async (request, reply) => {
    await answers.archive(principalOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.post<Id>(
    '/api/answers/:id/submit',
    { ...writers, schema: { tags, summary: 'Submit the newest version for approval' } },
    async (request) => answers.submit(principalOf(request), request.params.id),
  );
  app.post<Id>(
    '/api/answers/:id/approve',
    { ...approvers, schema: { tags, summary: 'Approve the submitted version (never its author)', body: doc(answerReviewSchema) } },
    async (request) => answers.approve(principalOf(request), request.params.id, answerReviewSchema.parse(request.body ?? {}).comment),
  );
  app.post<Id>(
    '/api/answers/:id/reject',
    { ...approvers, schema: { tags, summary: 'Send the submitted version back', body: doc(answerReviewSchema) } },
    async (request) => answers.reject(principalOf(request), request.params.id, answerReviewSchema.parse(request.body ?? {}).comment),
  );
  app.post<Id>('/api/answers/:id/publish', { ...writers, schema: { tags, summary: 'Publish the approved version' } }, async (request) =>
    answers.publish(principalOf(request), request.params.id),
  );
  app.post<Id>(
    '/api/answers/:id/render',
    {
      ...staff,
      schema: { tags, summary: "The answer's text with its variables filled for a conversation", body: doc(renderAnswerRequestSchema) },
    },
    async (request) =>
      answers.render(principalOf(request), request.params.id, renderAnswerRequestSchema.parse(request.body).conversationId),
  );

  app.get(
    '/api/notifications',
    { ...staff, schema: { tags: ['notifications'], summary: 'My notifications, newest first, with the unread count' } },
    async (request) => notifications.list(principalOf(request)),
  );
  app.post<Id>(
    '/api/notifications/:id/read',
    { ...staff, schema: { tags: ['notifications'], summary: 'Mark one notification (or "all") read' } },
    async (request, reply) => {
      await notifications.markRead(principalOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/csat/settings',
    { ...staff, schema: { tags: ['csat'], summary: 'Whether the satisfaction survey is sent after resolution' } },
    async (request) => ({ enabled: await csat.enabled(principalOf(request).bankId) }),
  );
  app.put(
    '/api/csat/settings',
    {
      preHandler: requireStaff(['admin']),
      schema: { tags: ['csat'], summary: 'Turn the satisfaction survey on or off', body: doc(csatSettingsSchema) },
    },
    async (request) => csat.setEnabled(principalOf(request), csatSettingsSchema.parse(request.body).enabled),
  );
}
