import {
  createPostSchema,
  createTopicSchema,
  editPostSchema,
  flagSchema,
  joinSchema,
  memberPreferencesSchema,
  moderationDecisionSchema,
  prospectLoginSchema,
  prospectSignupSchema,
} from '@agora/contracts/community.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import { communityErrors } from './community.errors.ts';
import { actorOf, COMMUNITY_MANAGERS, communityActorHook, memberOf, participantOf } from './community-actor.ts';
import {
  communityMe,
  listNotifications,
  MAX_IMAGE_BYTES,
  markNotificationsRead,
  readUpload,
  saveUpload,
  updatePreferences,
} from './community-me.ts';
import { joinAsClient, setAmbassador, setTrustLevel } from './community-members.ts';
import { decideModeration, listModerationQueue } from './community-moderation.service.ts';
import { getCommunitySettings, saveCommunitySettings } from './community-settings.ts';
import { getTopicView, listCategories, listTopics } from './forum-read.ts';
import {
  acceptAnswer,
  createTopic,
  editPost,
  findSubjectTopic,
  flagPost,
  follow,
  replyToTopic,
  setWiki,
  votePost,
} from './forum-write.service.ts';
import { groupIdForPosting } from './groups.service.ts';
import { listMembers } from './members-admin.ts';
import {
  clearProspectCookie,
  logInProspect,
  logOutProspect,
  setProspectCookie,
  signUpProspect,
  verifyProspectEmail,
} from './prospect-auth.service.ts';

const idParams = z.object({ id: z.string().uuid('Identifiant invalide') });
// Per IP, on top of the per-member limits counted in the database (post-pipeline.ts).
const WRITE_LIMIT = { rateLimit: { max: 30, timeWindow: '10 minutes' } };
const FORM_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const listQuery = z.object({
  category: z.string().max(60).optional(),
  filter: z.enum(['latest', 'unanswered', 'solved']).optional(),
  q: z.string().max(200).optional(),
  offset: z.coerce.number().int().min(0).max(10_000).optional(),
});

/**
 * The forum's API under /api/community. Reading is public on purpose (public topics are readable
 * without an account, rule 9's 1-to-all); writing needs a member (client or prospect) or staff.
 */
export async function registerCommunityRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('preHandler', communityActorHook(deps));
    scope.addContentTypeParser(
      ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES },
      (_r, body, done) => done(null, body),
    );

    // ---- who am I, joining, prospects' accounts ----
    // Public: tells an anonymous reader they are anonymous.
    scope.get('/api/community/me', async (request) => communityMe(deps, request.community));
    scope.post('/api/community/join', { config: FORM_LIMIT }, async (request) => {
      const actor = actorOf(request);
      if (actor.kind !== 'newcomer') throw communityErrors.signInRequired();
      await joinAsClient(deps, actor.client, parseWith(joinSchema, request.body).pseudonym);
      return { ok: true };
    });
    scope.patch('/api/community/me', async (request) => {
      await updatePreferences(deps, memberOf(request), parseWith(memberPreferencesSchema, request.body));
      return { ok: true };
    });
    // Public forms: no session yet, so the Origin check (global hook) and rate limits guard them.
    scope.post('/api/community/prospects', { config: FORM_LIMIT }, async (request, reply) => {
      await signUpProspect(deps, deps.bankId, parseWith(prospectSignupSchema, request.body));
      return reply.status(202).send({ status: 'verification_sent' });
    });
    scope.post('/api/community/prospects/verify', { config: FORM_LIMIT }, async (request, reply) => {
      const { token } = parseWith(z.object({ token: z.string().min(10).max(200) }), request.body);
      const { token: sessionToken } = await verifyProspectEmail(deps, deps.bankId, token);
      setProspectCookie(request, reply, deps, sessionToken);
      return { ok: true };
    });
    scope.post('/api/community/prospects/login', { config: FORM_LIMIT }, async (request, reply) => {
      const { token } = await logInProspect(deps, deps.bankId, parseWith(prospectLoginSchema, request.body));
      setProspectCookie(request, reply, deps, token);
      return { ok: true };
    });
    scope.post('/api/community/prospects/logout', async (request, reply) => {
      if (request.community.prospect) await logOutProspect(deps, request.community.prospect.tokenHash);
      clearProspectCookie(request, reply, deps);
      return reply.status(204).send();
    });

    // ---- reading (public) ----
    scope.get('/api/community/categories', async (request) => listCategories(deps, actorOf(request)));
    scope.get('/api/community/topics', async (request) => {
      const q = parseWith(listQuery, request.query);
      return listTopics(deps, actorOf(request), { categorySlug: q.category, filter: q.filter, q: q.q, offset: q.offset });
    });
    // The discussion attached to an external object (docs/community.md), or 404 when none yet.
    scope.get('/api/community/subjects/:type/:subjectId', async (request) => {
      const { type, subjectId } = parseWith(z.object({ type: z.string().max(41), subjectId: z.string().max(100) }), request.params);
      const found = await findSubjectTopic(deps, { type, id: subjectId });
      if (!found) throw communityErrors.notFound('La discussion de ce sujet');
      return getTopicView(deps, actorOf(request), found.topicId);
    });
    scope.get('/api/community/topics/:id', async (request) => getTopicView(deps, actorOf(request), parseWith(idParams, request.params).id));

    // ---- writing ----
    scope.post('/api/community/topics', { config: WRITE_LIMIT }, async (request, reply) => {
      const input = parseWith(createTopicSchema, request.body);
      const actor = participantOf(request);
      // One discussion per external subject (co-financing project…): a second POST finds the first.
      if (input.subject) {
        const existing = await findSubjectTopic(deps, input.subject);
        if (existing) return reply.status(200).send({ topicId: existing.topicId, url: existing.url, existing: true });
      }
      const groupId = input.groupSlug ? await groupIdForPosting(deps, actor, input.groupSlug) : null;
      const created = await createTopic(deps, actor, { ...input, groupId });
      return reply.status(201).send(created);
    });
    scope.post('/api/community/topics/:id/posts', { config: WRITE_LIMIT }, async (request, reply) => {
      const { id } = parseWith(idParams, request.params);
      return reply.status(201).send(await replyToTopic(deps, participantOf(request), id, parseWith(createPostSchema, request.body)));
    });
    scope.patch('/api/community/posts/:id', { config: WRITE_LIMIT }, async (request) => {
      const { id } = parseWith(idParams, request.params);
      return editPost(deps, participantOf(request), id, parseWith(editPostSchema, request.body).body);
    });
    scope.put('/api/community/posts/:id/vote', async (request) =>
      votePost(deps, actorOf(request), parseWith(idParams, request.params).id, true),
    );
    scope.delete('/api/community/posts/:id/vote', async (request) =>
      votePost(deps, actorOf(request), parseWith(idParams, request.params).id, false),
    );
    scope.post('/api/community/posts/:id/flags', { config: WRITE_LIMIT }, async (request, reply) => {
      const result = await flagPost(deps, actorOf(request), parseWith(idParams, request.params).id, parseWith(flagSchema, request.body));
      return reply.status(201).send(result);
    });
    scope.put('/api/community/topics/:id/accepted', async (request) => {
      const { postId } = parseWith(z.object({ postId: z.string().uuid().nullable() }), request.body);
      await acceptAnswer(deps, actorOf(request), parseWith(idParams, request.params).id, postId);
      return { ok: true };
    });
    for (const type of ['topic', 'category'] as const) {
      const path = `/api/community/${type === 'topic' ? 'topics' : 'categories'}/:id/follow`;
      scope.put(path, async (request) => follow(deps, actorOf(request), { type, id: parseWith(idParams, request.params).id }, true));
      scope.delete(path, async (request) => follow(deps, actorOf(request), { type, id: parseWith(idParams, request.params).id }, false));
    }
    scope.post('/api/community/uploads', { config: WRITE_LIMIT, bodyLimit: MAX_IMAGE_BYTES }, async (request, reply) => {
      const actor = participantOf(request);
      if (!Buffer.isBuffer(request.body)) throw communityErrors.uploadRefused('Envoyez l’image elle-même (corps binaire).');
      const saved = await saveUpload(
        deps,
        actor.kind === 'member' ? { memberId: actor.member.id, staffId: null } : { memberId: null, staffId: actor.staff.userId },
        request.body,
      );
      return reply.status(201).send(saved);
    });

    // ---- notifications ----
    scope.get('/api/community/notifications', async (request) => listNotifications(deps, memberOf(request)));
    scope.post('/api/community/notifications/read', async (request) => {
      const { ids } = parseWith(z.object({ ids: z.union([z.array(z.string().uuid()).max(200), z.literal('all')]) }), request.body);
      await markNotificationsRead(deps, memberOf(request), ids);
      return { ok: true };
    });

    // ---- staff: moderation, members, settings ----
    const managers = { preHandler: requireStaff([...COMMUNITY_MANAGERS, 'compliance']) };
    scope.get('/api/community/moderation', managers, async (request) => {
      const { status } = parseWith(z.object({ status: z.enum(['open', 'resolved']).default('open') }), request.query);
      return listModerationQueue(deps, status);
    });
    scope.post('/api/community/moderation/:id', { preHandler: requireStaff(COMMUNITY_MANAGERS) }, async (request) => {
      await decideModeration(
        deps,
        principalOf(request),
        parseWith(idParams, request.params).id,
        parseWith(moderationDecisionSchema, request.body),
      );
      return { ok: true };
    });
    scope.put('/api/community/posts/:id/wiki', { preHandler: requireStaff(COMMUNITY_MANAGERS) }, async (request) => {
      const { on } = parseWith(z.object({ on: z.boolean() }), request.body);
      await setWiki(deps, principalOf(request), parseWith(idParams, request.params).id, on);
      return { ok: true };
    });
    scope.get('/api/community/members', managers, async (request) => {
      const { q } = parseWith(z.object({ q: z.string().max(60).optional() }), request.query);
      return listMembers(deps, q);
    });
    scope.put('/api/community/members/:id/ambassador', { preHandler: requireStaff(COMMUNITY_MANAGERS) }, async (request) => {
      const { on } = parseWith(z.object({ on: z.boolean() }), request.body);
      await setAmbassador(deps, principalOf(request), parseWith(idParams, request.params).id, on);
      return { ok: true };
    });
    scope.put('/api/community/members/:id/trust-level', { preHandler: requireStaff(COMMUNITY_MANAGERS) }, async (request) => {
      const { level } = parseWith(z.object({ level: z.number().int().min(0).max(3) }), request.body);
      await setTrustLevel(deps, principalOf(request), parseWith(idParams, request.params).id, level);
      return { ok: true };
    });
    scope.get('/api/community/settings', managers, async () => getCommunitySettings(deps, deps.bankId));
    scope.patch('/api/community/settings', { preHandler: requireStaff(['admin', 'community_manager']) }, async (request) => {
      const patch = parseWith(z.record(z.string(), z.unknown()), request.body);
      return saveCommunitySettings(deps, deps.bankId, patch);
    });
  });

  // Public on purpose: images of public posts (ids are random UUIDs; the type was sniffed on upload).
  app.get('/communaute/fichiers/:id', async (request, reply) => {
    const { id } = parseWith(idParams, request.params);
    const upload = await readUpload(deps, id);
    if (!upload) throw communityErrors.notFound('Cette image');
    return reply
      .header('content-type', upload.content_type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(upload.data));
  });
}
