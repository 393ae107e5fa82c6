import {
  announcementSchema,
  createEventSchema,
  createGroupSchema,
  createIdeaSchema,
  createPostSchema,
  eventAnswerSchema,
  eventQuestionSchema,
  IDEA_STATUSES,
  ideaStatusSchema,
  inviteSchema,
  updateEventSchema,
} from '@agora/contracts/community.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import { actorOf, COMMUNITY_MANAGERS, COMMUNITY_STAFF_ROLES, communityActorHook, participantOf } from './community-actor.ts';
import {
  answerQuestion,
  askQuestion,
  createEvent,
  getEvent,
  listEvents,
  listQuestions,
  moderateQuestion,
  registerForEvent,
  updateEvent,
  voteQuestion,
} from './events.service.ts';
import { getTopicView } from './forum-read.ts';
import { replyToTopic } from './forum-write.service.ts';
import { announceToGroup, createGroup, getGroup, inviteToGroup, joinGroup, listGroups } from './groups.service.ts';
import { changeIdeaStatus, getIdea, listIdeas, projectsReport, proposeIdea, voteIdea } from './ideas.service.ts';

const idParams = z.object({ id: z.string().uuid('Identifiant invalide') });
const slugParams = z.object({ slug: z.string().min(1).max(80) });
const WRITE_LIMIT = { rateLimit: { max: 30, timeWindow: '10 minutes' } };
// Vote buttons are clicked fast, and twice; the primary keys make the repeat harmless.
const VOTE_LIMIT = { rateLimit: { max: 120, timeWindow: '1 minute' } };

/** Ideas, groups and events: reading is public where the content is; writing needs a member or staff. */
export async function registerCommunityProgrammeRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('preHandler', communityActorHook(deps));
    const managers = { preHandler: requireStaff(COMMUNITY_MANAGERS) };
    const staff = { preHandler: requireStaff(COMMUNITY_STAFF_ROLES) };

    // ---- ideas ----
    scope.get('/api/community/ideas', async (request) => {
      const q = parseWith(
        z.object({ status: z.enum(IDEA_STATUSES).optional(), sort: z.enum(['votes', 'recent']).optional() }),
        request.query,
      );
      return listIdeas(deps, actorOf(request), q);
    });
    scope.get('/api/community/ideas/projects', async () => projectsReport(deps));
    scope.get('/api/community/ideas/:id', async (request) => {
      const actor = actorOf(request);
      const { id } = parseWith(idParams, request.params);
      const [idea, topic] = await Promise.all([getIdea(deps, actor, id), getTopicView(deps, actor, id)]);
      return { idea, comments: topic.posts.filter((p) => p.number > 1), canComment: topic.canReply };
    });
    scope.post('/api/community/ideas', { config: WRITE_LIMIT }, async (request, reply) => {
      const created = await proposeIdea(deps, participantOf(request), parseWith(createIdeaSchema, request.body));
      return reply.status(201).send(created);
    });
    scope.post('/api/community/ideas/:id/comments', { config: WRITE_LIMIT }, async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      return reply.status(201).send(await replyToTopic(deps, participantOf(request), id, parseWith(createPostSchema, request.body)));
    });
    scope.put('/api/community/ideas/:id/vote', { config: VOTE_LIMIT }, async (request) =>
      voteIdea(deps, actorOf(request), parseWith(idParams, request.params).id, true),
    );
    scope.delete('/api/community/ideas/:id/vote', { config: VOTE_LIMIT }, async (request) =>
      voteIdea(deps, actorOf(request), parseWith(idParams, request.params).id, false),
    );
    scope.post('/api/community/ideas/:id/status', managers, async (request) => {
      await changeIdeaStatus(deps, principalOf(request), parseWith(idParams, request.params).id, parseWith(ideaStatusSchema, request.body));
      return getIdea(deps, actorOf(request), parseWith(idParams, request.params).id);
    });

    // ---- groups ----
    scope.get('/api/community/groups', async (request) => listGroups(deps, actorOf(request)));
    scope.get('/api/community/groups/:slug', async (request) =>
      getGroup(deps, actorOf(request), parseWith(slugParams, request.params).slug),
    );
    scope.put('/api/community/groups/:slug/membership', async (request) =>
      joinGroup(deps, actorOf(request), parseWith(slugParams, request.params).slug, true),
    );
    scope.delete('/api/community/groups/:slug/membership', async (request) =>
      joinGroup(deps, actorOf(request), parseWith(slugParams, request.params).slug, false),
    );
    scope.post('/api/community/groups', managers, async (request, reply) =>
      reply.status(201).send(await createGroup(deps, principalOf(request), parseWith(createGroupSchema, request.body))),
    );
    scope.post('/api/community/groups/:slug/invitations', managers, async (request, reply) => {
      await inviteToGroup(
        deps,
        principalOf(request),
        parseWith(slugParams, request.params).slug,
        parseWith(inviteSchema, request.body).pseudonym,
      );
      return reply.status(201).send({ ok: true });
    });
    scope.post('/api/community/groups/:slug/announcements', managers, async (request, reply) =>
      reply
        .status(201)
        .send(
          await announceToGroup(
            deps,
            principalOf(request),
            parseWith(slugParams, request.params).slug,
            parseWith(announcementSchema, request.body),
          ),
        ),
    );

    // ---- events ----
    scope.get('/api/community/events', async (request) => listEvents(deps, actorOf(request)));
    scope.get('/api/community/events/:id', async (request) => getEvent(deps, actorOf(request), parseWith(idParams, request.params).id));
    scope.post('/api/community/events', managers, async (request, reply) =>
      reply.status(201).send(await createEvent(deps, principalOf(request), parseWith(createEventSchema, request.body))),
    );
    scope.patch('/api/community/events/:id', managers, async (request) => {
      const { id } = parseWith(idParams, request.params);
      await updateEvent(deps, principalOf(request), id, parseWith(updateEventSchema, request.body));
      return getEvent(deps, actorOf(request), id);
    });
    scope.put('/api/community/events/:id/registration', async (request) =>
      registerForEvent(deps, actorOf(request), parseWith(idParams, request.params).id, true),
    );
    scope.delete('/api/community/events/:id/registration', async (request) =>
      registerForEvent(deps, actorOf(request), parseWith(idParams, request.params).id, false),
    );
    scope.get('/api/community/events/:id/questions', async (request) =>
      listQuestions(deps, actorOf(request), parseWith(idParams, request.params).id),
    );
    scope.post('/api/community/events/:id/questions', { config: WRITE_LIMIT }, async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      return reply.status(201).send(await askQuestion(deps, actorOf(request), id, parseWith(eventQuestionSchema, request.body).body));
    });
    scope.put('/api/community/questions/:id/vote', { config: VOTE_LIMIT }, async (request) =>
      voteQuestion(deps, actorOf(request), parseWith(idParams, request.params).id, true),
    );
    scope.delete('/api/community/questions/:id/vote', { config: VOTE_LIMIT }, async (request) =>
      voteQuestion(deps, actorOf(request), parseWith(idParams, request.params).id, false),
    );
    scope.post('/api/community/questions/:id/answer', staff, async (request) => {
      await answerQuestion(
        deps,
        principalOf(request),
        parseWith(idParams, request.params).id,
        parseWith(eventAnswerSchema, request.body).answer,
      );
      return { ok: true };
    });
    scope.put('/api/community/questions/:id/status', managers, async (request) => {
      const { status } = parseWith(z.object({ status: z.enum(['visible', 'hidden']) }), request.body);
      await moderateQuestion(deps, principalOf(request), parseWith(idParams, request.params).id, status);
      return { ok: true };
    });
  });
}
