import { randomUUID } from 'node:crypto';
import type { PostOutcome, TopicSubject } from '@agora/contracts/community.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { unaccent } from '../../platform/text.ts';
import { communityErrors } from './community.errors.ts';
import type { TopicKind } from './community.tables.ts';
import type { CommunityActor } from './community-actor.ts';
import { refreshStanding } from './community-members.ts';
import { notify } from './community-notify.ts';
import { getCommunitySettings } from './community-settings.ts';
import { type CommunityTx, inCommunityTx } from './community-tx.ts';
import { forwardPostToInbox } from './forum-desk.ts';
import { getTopicView, loadTopic, loadVisibleTopic } from './forum-read.ts';
import { maskedNotice, prepareContent } from './post-content.ts';
import { type PostAuthor, postUrl, queueForModeration, type TopicForPost, writePost } from './post-pipeline.ts';
import { can } from './trust-levels.ts';

export const slugOf = (title: string) =>
  unaccent(title)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80) || 'sujet';

/** Who writes: a member, a staff member, or the bank itself (a topic opened for an external subject). */
export type Writer = Extract<CommunityActor, { kind: 'member' | 'staff' }> | { kind: 'bank' };

export function authorOfActor(actor: Writer): PostAuthor {
  if (actor.kind === 'member') return { kind: 'member', member: actor.member };
  if (actor.kind === 'bank') return { kind: 'staff', staffId: null, firstName: null };
  return { kind: 'staff', staffId: actor.staff.userId, firstName: actor.staff.firstName };
}

export interface NewTopicInput {
  categorySlug: string;
  title: string;
  body: string;
  kind: TopicKind;
  groupId?: string | null;
  subject?: TopicSubject;
}

/** Opens a topic and its first post in one transaction (the post goes through the moderation pipeline). */
export async function createTopic(
  deps: AppDeps,
  actor: Writer,
  input: NewTopicInput,
  options: { now?: Date } = {},
): Promise<{ topicId: string; outcome: PostOutcome }> {
  const settings = await getCommunitySettings(deps, deps.bankId);
  const category = await deps.database.db
    .selectFrom('community_categories')
    .select(['id', 'kind'])
    .where('bank_id', '=', deps.bankId)
    .where('slug', '=', input.categorySlug)
    .executeTakeFirst();
  if (!category) throw communityErrors.notFound('Cette catégorie');
  if ((category.kind === 'ideas') !== (input.kind === 'idea'))
    throw communityErrors.invalidState('Les idées se proposent dans l’espace Idées.');
  if (input.kind === 'announcement' && actor.kind === 'member') throw communityErrors.staffOnly();
  const title = prepareContent(input.title);
  const topicId = randomUUID();
  const written = await inCommunityTx(
    deps,
    deps.bankId,
    async (ctx) => {
      const topic: TopicForPost = {
        id: topicId,
        title: title.plainText,
        slug: slugOf(title.plainText),
        kind: input.kind,
        status: 'published',
        groupId: input.groupId ?? null,
        authorMemberId: actor.kind === 'member' ? actor.member.id : null,
        categoryId: category.id,
        escalatedAt: null,
        answeredAt: null,
      };
      await ctx.tx
        .insertInto('community_topics')
        .values({
          id: topicId,
          bank_id: deps.bankId,
          category_id: category.id,
          group_id: topic.groupId,
          kind: input.kind,
          slug: topic.slug,
          title: topic.title,
          author_member_id: topic.authorMemberId,
          author_staff_id: actor.kind === 'staff' ? actor.staff.userId : null,
          // Held until its first post is published (a new member's, an insult).
          status: 'held',
          pinned: input.kind === 'announcement',
          last_posted_at: ctx.now,
          subject_type: input.subject?.type ?? null,
          subject_id: input.subject?.id ?? null,
          search_vector: frenchSearchVector(topic.title),
          created_at: ctx.now,
        })
        .execute();
      if (input.kind === 'idea') await ctx.tx.insertInto('community_ideas').values({ topic_id: topicId, bank_id: deps.bankId }).execute();
      return writePost(ctx, settings, authorOfActor(actor), { ...topic, status: 'held' }, input.body, { newTopic: true });
    },
    options,
  );
  const view = await getTopicView(deps, actor.kind === 'bank' ? BANK_READER : actor, topicId);
  const post = view.posts.find((p) => p.id === written.postId);
  if (!post) throw communityErrors.notFound('Ce message');
  return { topicId, outcome: { post, notices: written.notices } };
}

export async function replyToTopic(
  deps: AppDeps,
  actor: Extract<CommunityActor, { kind: 'member' | 'staff' }>,
  topicId: string,
  input: { body: string; replyToPostId?: string },
  options: { now?: Date } = {},
): Promise<PostOutcome> {
  const settings = await getCommunitySettings(deps, deps.bankId);
  const topic = await loadVisibleTopic(deps, actor, topicId);
  if (topic.status !== 'published')
    throw communityErrors.invalidState('Ce sujet attend une modération : on ne peut pas encore y répondre.');
  const written = await inCommunityTx(
    deps,
    deps.bankId,
    (ctx) => writePost(ctx, settings, authorOfActor(actor), topic, input.body, { replyToPostId: input.replyToPostId ?? null }),
    options,
  );
  if (written.forwardToInbox) await forwardPostToInbox(deps, topic, written.postId);
  const view = await getTopicView(deps, actor, topicId);
  const post = view.posts.find((p) => p.id === written.postId);
  if (!post) throw communityErrors.notFound('Ce message');
  return { post, notices: written.notices };
}

/** Authors edit their posts; trusted members edit wiki posts; staff edit any. The text goes through the rules again. */
export async function editPost(deps: AppDeps, actor: Extract<CommunityActor, { kind: 'member' | 'staff' }>, postId: string, body: string) {
  const settings = await getCommunitySettings(deps, deps.bankId);
  const post = await deps.database.db
    .selectFrom('community_posts')
    .select(['id', 'topic_id', 'author_member_id', 'is_wiki', 'status', 'number'])
    .where('bank_id', '=', deps.bankId)
    .where('id', '=', postId)
    .executeTakeFirst();
  if (!post || post.status === 'deleted') throw communityErrors.notFound('Ce message');
  const topic = await loadVisibleTopic(deps, actor, post.topic_id);
  const me = actor.kind === 'member' ? actor.member : null;
  const own = !!me && post.author_member_id === me.id;
  if (me && !own) {
    if (!post.is_wiki) throw communityErrors.forbidden('Vous ne pouvez modifier que vos propres messages.');
    if (!can(me, 'editWiki', settings)) throw communityErrors.trustTooLow('Modifier un message wiki', settings.abilities.editWiki);
  }
  const prepared = prepareContent(body);
  return inCommunityTx(deps, deps.bankId, async (ctx) => {
    const held = !!prepared.insult && actor.kind === 'member';
    await ctx.tx
      .updateTable('community_posts')
      .set({
        body_md: prepared.markdown,
        body_html: prepared.html,
        masked_types: JSON.stringify(prepared.maskedTypes),
        search_vector: frenchSearchVector(`${post.number === 1 ? topic.title : ''} ${prepared.plainText}`),
        edited_at: ctx.now,
        edited_by: actor.kind === 'member' ? actor.member.pseudonym : `${actor.staff.firstName} (Conseiller officiel)`,
        ...(held ? { status: 'held' as const, held_reason: `Insulte détectée (${prepared.insult}) : en attente de modération.` } : {}),
      })
      .where('id', '=', postId)
      .execute();
    if (held) await queueForModeration(ctx, postId, 'insult', prepared.insult ?? '');
    if (prepared.maskedTypes.length && me)
      await notify(ctx, [me.id], {
        kind: 'masked',
        text: maskedNotice(prepared.maskedTypes),
        url: postUrl(topic, post.number),
      });
    ctx.emit({ kind: 'topic', id: topic.id });
    return { maskedTypes: prepared.maskedTypes, held };
  });
}

/** One vote per member and post: a second click changes nothing; withdrawing is allowed. */
export async function votePost(deps: AppDeps, actor: CommunityActor, postId: string, on: boolean) {
  if (actor.kind !== 'member') throw communityErrors.signInRequired();
  const settings = await getCommunitySettings(deps, deps.bankId);
  const post = await deps.database.db
    .selectFrom('community_posts')
    .select(['id', 'topic_id', 'author_member_id', 'status'])
    .where('bank_id', '=', deps.bankId)
    .where('id', '=', postId)
    .executeTakeFirst();
  if (!post || post.status !== 'published') throw communityErrors.notFound('Ce message');
  await loadVisibleTopic(deps, actor, post.topic_id);
  if (post.author_member_id === actor.member.id) throw communityErrors.forbidden('On ne vote pas pour ses propres messages.');
  return inCommunityTx(deps, deps.bankId, async (ctx) => {
    const changed = on
      ? await ctx.tx
          .insertInto('community_post_votes')
          .values({ post_id: postId, member_id: actor.member.id })
          .onConflict((oc) => oc.doNothing())
          .returning(['post_id'])
          .execute()
      : await ctx.tx
          .deleteFrom('community_post_votes')
          .where('post_id', '=', postId)
          .where('member_id', '=', actor.member.id)
          .returning(['post_id'])
          .execute();
    // Only a vote actually added or removed moves the counter (the row's own lock orders concurrent votes).
    const row = changed.length
      ? await ctx.tx
          .updateTable('community_posts')
          .set((eb) => ({ vote_count: eb('vote_count', on ? '+' : '-', 1) }))
          .where('id', '=', postId)
          .returning(['vote_count'])
          .executeTakeFirstOrThrow()
      : await ctx.tx.selectFrom('community_posts').select(['vote_count']).where('id', '=', postId).executeTakeFirstOrThrow();
    if (changed.length && post.author_member_id) await refreshStanding(ctx, post.author_member_id, settings);
    if (changed.length) ctx.emit({ kind: 'topic', id: post.topic_id });
    return { voteCount: row.vote_count, voted: on };
  });
}

/** The asker or staff marks the answer that solved the question (or clears it). */
export async function acceptAnswer(deps: AppDeps, actor: CommunityActor, topicId: string, postId: string | null) {
  const settings = await getCommunitySettings(deps, deps.bankId);
  const topic = await loadVisibleTopic(deps, actor, topicId);
  const allowed = actor.kind === 'staff' || (actor.kind === 'member' && actor.member.id === topic.authorMemberId);
  if (!allowed) throw communityErrors.forbidden('Seul l’auteur de la question (ou un conseiller) choisit la réponse acceptée.');
  if (topic.kind !== 'question') throw communityErrors.invalidState('Seules les questions ont une réponse acceptée.');
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    let newAuthor: string | null = null;
    if (postId) {
      const post = await ctx.tx
        .selectFrom('community_posts')
        .select(['id', 'number', 'author_member_id', 'status'])
        .where('id', '=', postId)
        .where('topic_id', '=', topic.id)
        .executeTakeFirst();
      if (!post || post.status !== 'published' || post.number === 1) throw communityErrors.notFound('Cette réponse');
      newAuthor = post.author_member_id;
    }
    const before = topic.acceptedPostId
      ? await ctx.tx.selectFrom('community_posts').select(['author_member_id']).where('id', '=', topic.acceptedPostId).executeTakeFirst()
      : null;
    await ctx.tx
      .updateTable('community_topics')
      .set({ accepted_post_id: postId, updated_at: ctx.now })
      .where('id', '=', topic.id)
      .execute();
    for (const id of new Set([before?.author_member_id, newAuthor])) if (id) await refreshStanding(ctx, id, settings);
    if (newAuthor && newAuthor !== topic.authorMemberId)
      await notify(ctx, [newAuthor], {
        kind: 'accepted',
        text: `Votre réponse a été acceptée dans « ${topic.title} ». Merci pour votre aide !`,
        url: topicUrlOf(topic),
      });
    ctx.emit({ kind: 'topic', id: topic.id });
  });
}

/** Reads as staff does (the bank's own topics). */
const BANK_READER = { kind: 'staff', staff: { userId: '', bankId: '', role: 'admin' } } as unknown as CommunityActor;

const topicUrlOf = (t: { id: string; slug: string }) => `/communaute/t/${t.slug}/${t.id}`;

export async function follow(deps: AppDeps, actor: CommunityActor, target: { type: 'topic' | 'category'; id: string }, on: boolean) {
  if (actor.kind !== 'member') throw communityErrors.signInRequired();
  if (target.type === 'topic') await loadVisibleTopic(deps, actor, target.id);
  else {
    const exists = await deps.database.db
      .selectFrom('community_categories')
      .select(['id'])
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', target.id)
      .executeTakeFirst();
    if (!exists) throw communityErrors.notFound('Cette catégorie');
  }
  const db = deps.database.db;
  if (on)
    await db
      .insertInto('community_follows')
      .values({ member_id: actor.member.id, target_type: target.type, target_id: target.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  else
    await db
      .deleteFrom('community_follows')
      .where('member_id', '=', actor.member.id)
      .where('target_type', '=', target.type)
      .where('target_id', '=', target.id)
      .execute();
  return { following: on };
}

/**
 * A member's flag. Trusted enough members only; flags by `flagsToHide` members hide the post until
 * a moderator decides, and every flagged post enters the queue with the reasons.
 */
export async function flagPost(deps: AppDeps, actor: CommunityActor, postId: string, input: { reason: string; note?: string }) {
  if (actor.kind !== 'member') throw communityErrors.signInRequired();
  const settings = await getCommunitySettings(deps, deps.bankId);
  if (!can(actor.member, 'flag', settings)) throw communityErrors.trustTooLow('Signaler un message', settings.abilities.flag);
  const post = await deps.database.db
    .selectFrom('community_posts')
    .select(['id', 'topic_id', 'status', 'author_member_id'])
    .where('bank_id', '=', deps.bankId)
    .where('id', '=', postId)
    .executeTakeFirst();
  if (!post || post.status === 'deleted') throw communityErrors.notFound('Ce message');
  await loadVisibleTopic(deps, actor, post.topic_id);
  return inCommunityTx(deps, deps.bankId, async (ctx) => {
    await ctx.tx
      .insertInto('community_flags')
      .values({
        id: randomUUID(),
        bank_id: deps.bankId,
        post_id: postId,
        member_id: actor.member.id,
        reason: input.reason as never,
        note: input.note ?? null,
      })
      .onConflict((oc) => oc.columns(['post_id', 'member_id']).doNothing())
      .execute();
    const open = await ctx.tx
      .selectFrom('community_flags')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('post_id', '=', postId)
      .where('resolved_at', 'is', null)
      .executeTakeFirstOrThrow();
    const hide = Number(open.n) >= settings.flagsToHide || actor.member.trustLevel >= 3;
    await queueForModeration(ctx, postId, 'flags', `${open.n} signalement(s)`);
    if (hide && post.status === 'published') {
      await ctx.tx
        .updateTable('community_posts')
        .set({ status: 'hidden', held_reason: 'Masqué après plusieurs signalements, en attente de la décision d’un modérateur.' })
        .where('id', '=', postId)
        .execute();
      ctx.emit({ kind: 'topic', id: post.topic_id });
    }
    return { hidden: hide };
  });
}

/**
 * The topic that belongs to an external object (a co-financing project, …), created on first
 * use: one per subject, whatever the number of concurrent callers. Extension point for other
 * modules (docs/community.md).
 */
export async function ensureSubjectTopic(
  deps: AppDeps,
  input: { subject: TopicSubject; title: string; body: string; categorySlug: string },
): Promise<{ topicId: string; url: string; created: boolean }> {
  const existing = await findSubjectTopic(deps, input.subject);
  if (existing) return { ...existing, created: false };
  try {
    const { topicId } = await createTopic(
      deps,
      { kind: 'bank' },
      {
        categorySlug: input.categorySlug,
        title: input.title,
        body: input.body,
        kind: 'discussion',
        subject: input.subject,
      },
    );
    const topic = await loadTopic(deps.database.db, deps.bankId, topicId);
    return { topicId, url: topic ? topicUrlOf(topic) : '', created: true };
  } catch (error) {
    // Two callers at once: the unique (subject) index keeps one; the other reads it.
    const raced = await findSubjectTopic(deps, input.subject);
    if (raced) return { ...raced, created: false };
    throw error;
  }
}

export async function findSubjectTopic(deps: AppDeps, subject: TopicSubject) {
  const row = await deps.database.db
    .selectFrom('community_topics')
    .select(['id', 'slug'])
    .where('bank_id', '=', deps.bankId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .executeTakeFirst();
  return row ? { topicId: row.id, url: topicUrlOf(row) } : null;
}

/** Staff marks a post as a wiki (trusted members may then improve it). Audited. */
export async function setWiki(deps: AppDeps, staff: { userId: string; displayName: string; role: string }, postId: string, on: boolean) {
  await inCommunityTx(deps, deps.bankId, async (ctx: CommunityTx) => {
    const post = await ctx.tx
      .updateTable('community_posts')
      .set({ is_wiki: on })
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', postId)
      .returning(['topic_id'])
      .executeTakeFirst();
    if (!post) throw communityErrors.notFound('Ce message');
    await appendAudit(ctx.tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: `${staff.displayName} (${staff.role})`,
      action: on ? 'community.post_wiki_on' : 'community.post_wiki_off',
      targetType: 'community_post',
      targetId: postId,
    });
    ctx.emit({ kind: 'topic', id: post.topic_id });
  });
}
