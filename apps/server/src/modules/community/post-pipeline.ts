import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { excerptOf } from '../../platform/text.ts';
import { communityErrors } from './community.errors.ts';
import type { ContentStatus, ModerationReason } from './community.tables.ts';
import { type Member, pseudonymKey, refreshStanding } from './community-members.ts';
import { notify } from './community-notify.ts';
import type { CommunitySettings } from './community-settings.ts';
import type { CommunityTx } from './community-tx.ts';
import { maskedNotice, type PreparedContent, prepareContent } from './post-content.ts';
import { isSilenced, limitsFor, mustHoldForReview } from './trust-levels.ts';

export type PostAuthor = { kind: 'member'; member: Member } | { kind: 'staff'; staffId: string | null; firstName: string | null };

export interface TopicForPost {
  id: string;
  title: string;
  slug: string;
  kind: string;
  status: ContentStatus;
  groupId: string | null;
  authorMemberId: string | null;
  categoryId: string;
  escalatedAt: Date | null;
  answeredAt: Date | null;
}

export interface WrittenPost {
  postId: string;
  number: number;
  status: ContentStatus;
  prepared: PreparedContent;
  notices: { kind: 'masked' | 'held'; message: string }[];
  /** The asker wrote again in a topic handed to the inbox: their words follow it there. */
  forwardToInbox: boolean;
}

export const topicUrl = (t: { id: string; slug: string }) => `/communaute/t/${t.slug}/${t.id}`;
export const postUrl = (t: { id: string; slug: string }, number: number) => `${topicUrl(t)}#message-${number}`;

/** Rate limits per member, counted in the database so every process agrees. */
async function assertWithinRates(ctx: CommunityTx, member: Member, settings: CommunitySettings, newTopic: boolean) {
  const limits = limitsFor(member.trustLevel, settings);
  const recent = await ctx.tx
    .selectFrom('community_posts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('author_member_id', '=', member.id)
    .where('created_at', '>', new Date(ctx.now.getTime() - 10 * 60_000))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= limits.postsPerTenMinutes) throw communityErrors.rateLimited('Vous avez beaucoup écrit ces dernières minutes');
  if (!newTopic) return;
  const topics = await ctx.tx
    .selectFrom('community_topics')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('author_member_id', '=', member.id)
    .where('created_at', '>', new Date(ctx.now.getTime() - 24 * 3600_000))
    .executeTakeFirstOrThrow();
  if (Number(topics.n) >= limits.topicsPerDay) throw communityErrors.rateLimited('Vous avez ouvert beaucoup de sujets aujourd’hui');
}

/**
 * Writes one post as the bank's rules require (rule 4): personal data masked before storage and
 * the author told why; an insult held with its reason; a new member's first posts held for
 * review; new members' links and images limited; rates limited per member. A published post
 * takes effect at once (counters, notifications, the bus); a held one when a moderator publishes it.
 */
export async function writePost(
  ctx: CommunityTx,
  settings: CommunitySettings,
  author: PostAuthor,
  topic: TopicForPost,
  body: string,
  options: { newTopic?: boolean; replyToPostId?: string | null; externalKey?: string | null } = {},
): Promise<WrittenPost> {
  const prepared = prepareContent(body);
  let status: ContentStatus = 'published';
  let heldReason: string | null = null;
  let queueReason: ModerationReason | null = null;
  if (author.kind === 'member') {
    const m = author.member;
    if (isSilenced(m, ctx.now) && m.silencedUntil) throw communityErrors.silenced(m.silencedUntil);
    await assertWithinRates(ctx, m, settings, options.newTopic ?? false);
    const limits = limitsFor(m.trustLevel, settings);
    if (prepared.links > limits.maxLinks) throw communityErrors.tooManyLinks(limits.maxLinks);
    if (prepared.images > limits.maxImages) throw communityErrors.tooManyImages(limits.maxImages);
    if (prepared.insult) {
      status = 'held';
      heldReason = `Insulte détectée (${prepared.insult}) : votre message attend la décision d’un modérateur. Les avis, même très critiques, sont les bienvenus ; les insultes non.`;
      queueReason = 'insult';
    } else if (mustHoldForReview(m, settings)) {
      status = 'held';
      heldReason =
        'Premiers messages : un modérateur relit les messages des nouveaux membres avant publication (en général dans la journée).';
      queueReason = 'new_member';
    }
  }
  // The topic's row lock serialises numbering of concurrent replies.
  const locked = await ctx.tx
    .selectFrom('community_topics')
    .select(['id'])
    .where('id', '=', topic.id)
    .where('bank_id', '=', ctx.bankId)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) throw communityErrors.notFound('Ce sujet');
  const last = await ctx.tx
    .selectFrom('community_posts')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('topic_id', '=', topic.id)
    .executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  const postId = randomUUID();
  await ctx.tx
    .insertInto('community_posts')
    .values({
      id: postId,
      bank_id: ctx.bankId,
      topic_id: topic.id,
      number,
      author_member_id: author.kind === 'member' ? author.member.id : null,
      author_staff_id: author.kind === 'staff' ? author.staffId : null,
      author_staff_name: author.kind === 'staff' ? (author.firstName ?? 'Service client') : null,
      body_md: prepared.markdown,
      body_html: prepared.html,
      status,
      held_reason: heldReason,
      masked_types: JSON.stringify(prepared.maskedTypes),
      reply_to_post_id: options.replyToPostId ?? null,
      external_key: options.externalKey ?? null,
      search_vector: frenchSearchVector(`${number === 1 ? topic.title : ''} ${prepared.plainText}`),
      created_at: ctx.now,
      published_at: status === 'published' ? ctx.now : null,
    })
    .execute();
  const notices: WrittenPost['notices'] = [];
  if (queueReason) await queueForModeration(ctx, postId, queueReason, prepared.insult ?? '');
  if (prepared.maskedTypes.length) {
    const message = maskedNotice(prepared.maskedTypes);
    notices.push({ kind: 'masked', message });
    if (author.kind === 'member') {
      await notify(ctx, [author.member.id], { kind: 'masked', text: message, url: postUrl(topic, number) });
      // A moderator checks the rest of the message; the post stays published, masked.
      if (!queueReason) await queueForModeration(ctx, postId, 'personal_data', prepared.maskedTypes.join(', '));
    }
  }
  if (heldReason) notices.push({ kind: 'held', message: heldReason });
  const forwardToInbox =
    status === 'published' && author.kind === 'member' && topic.escalatedAt !== null && topic.authorMemberId === author.member.id;
  if (status === 'published') await afterPublished(ctx, settings, topic, { id: postId, number, author, prepared });
  return { postId, number, status, prepared, notices, forwardToInbox };
}

export async function queueForModeration(ctx: CommunityTx, postId: string, reason: ModerationReason, detail: string) {
  await ctx.tx
    .insertInto('community_moderation_items')
    .values({ id: randomUUID(), bank_id: ctx.bankId, post_id: postId, reason, detail: detail.slice(0, 500), created_at: ctx.now })
    .onConflict((oc) => oc.column('post_id').where('status', '=', 'open').doNothing())
    .execute();
  ctx.emit({ kind: 'moderation', id: postId });
}

/**
 * What a post's publication sets off: the topic's counters and answered mark, the author's
 * standing, followers and mentioned members notified, the topic followed by its author, and —
 * for public topics — the bus event listening reads ("a public community post was published").
 */
export async function afterPublished(
  ctx: CommunityTx,
  settings: CommunitySettings,
  topic: TopicForPost,
  post: { id: string; number: number; author: PostAuthor; prepared: Pick<PreparedContent, 'plainText' | 'mentions'> },
) {
  const authorMemberId = post.author.kind === 'member' ? post.author.member.id : null;
  const answers = post.number > 1 && (post.author.kind === 'staff' || authorMemberId !== topic.authorMemberId);
  await ctx.tx
    .updateTable('community_topics')
    .set((eb) => ({
      reply_count: post.number > 1 ? eb('reply_count', '+', 1) : eb.ref('reply_count'),
      last_posted_at: sql<Date>`greatest(last_posted_at, ${ctx.now})`,
      updated_at: ctx.now,
      ...(answers && !topic.answeredAt ? { answered_at: ctx.now } : {}),
      // The opening post published by a moderator publishes its topic.
      ...(post.number === 1 ? { status: 'published' as const } : {}),
    }))
    .where('id', '=', topic.id)
    .execute();
  if (authorMemberId) {
    await refreshStanding(ctx, authorMemberId, settings);
    await ctx.tx
      .insertInto('community_follows')
      .values({ member_id: authorMemberId, target_type: 'topic', target_id: topic.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const who =
    post.author.kind === 'member' ? post.author.member.pseudonym : `${post.author.firstName ?? 'Service client'} (Conseiller officiel)`;
  const url = postUrl(topic, post.number);
  const followers = await ctx.tx
    .selectFrom('community_follows')
    .select(['member_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('target_type', '=', 'topic'), eb('target_id', '=', topic.id)]),
        ...(post.number === 1 ? [eb.and([eb('target_type', '=', 'category'), eb('target_id', '=', topic.categoryId)])] : []),
      ]),
    )
    .execute();
  const mentioned = post.prepared.mentions.length
    ? await ctx.tx
        .selectFrom('community_members')
        .select(['id'])
        .where('bank_id', '=', ctx.bankId)
        .where('pseudonym_key', 'in', post.prepared.mentions.map(pseudonymKey))
        .execute()
    : [];
  const mentionedIds = new Set(mentioned.map((m) => m.id).filter((id) => id !== authorMemberId));
  await notify(ctx, mentionedIds, { kind: 'mention', text: `${who} vous a mentionné dans « ${topic.title} »`, url });
  const others = followers.map((f) => f.member_id).filter((id) => id !== authorMemberId && !mentionedIds.has(id));
  await notify(ctx, others, {
    kind: post.number === 1 ? 'new_topic' : 'reply',
    text:
      post.number === 1
        ? `Nouveau sujet de ${who} : « ${topic.title} »`
        : `${who} a répondu dans « ${topic.title} » : ${excerptOf(post.prepared.plainText, 90)}`,
    url,
  });
  ctx.emit({ kind: 'topic', id: topic.id });
  if (topic.groupId === null && topic.status !== 'deleted')
    ctx.emit({ kind: 'post', id: post.id, topicId: topic.id }, 'community.post_published');
}
