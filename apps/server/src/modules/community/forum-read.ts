import type { CategoryView, CommunityAuthor, PostView, TopicListItem, TopicView } from '@agora/contracts/community.schema.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { frenchSearchQuery } from '../../platform/db/search-vector.ts';
import { excerptOf } from '../../platform/text.ts';
import { communityErrors } from './community.errors.ts';
import type { ContentStatus, TopicKind } from './community.tables.ts';
import { type CommunityActor, isManager } from './community-actor.ts';
import { authorsOf, staffAuthor, UNKNOWN_AUTHOR } from './community-members.ts';
import { getCommunitySettings } from './community-settings.ts';
import { plainTextOf } from './post-content.ts';
import { type TopicForPost, topicUrl } from './post-pipeline.ts';
import { can } from './trust-levels.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface TopicRow extends TopicForPost {
  bankId: string;
  pinned: boolean;
  acceptedPostId: string | null;
  replyCount: number;
  lastPostedAt: Date;
  createdAt: Date;
  authorStaffId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  category: { id: string; slug: string; name: string; kind: 'forum' | 'ideas' };
  group: { id: string; slug: string; name: string } | null;
}

const TOPIC_COLUMNS = [
  't.id',
  't.bank_id',
  't.title',
  't.slug',
  't.kind',
  't.status',
  't.group_id',
  't.author_member_id',
  't.author_staff_id',
  't.category_id',
  't.escalated_at',
  't.answered_at',
  't.pinned',
  't.accepted_post_id',
  't.reply_count',
  't.last_posted_at',
  't.created_at',
  't.subject_type',
  't.subject_id',
  'c.slug as category_slug',
  'c.name as category_name',
  'c.kind as category_kind',
  'g.slug as group_slug',
  'g.name as group_name',
] as const;

function topicQuery(db: Db, bankId: string) {
  return db
    .selectFrom('community_topics as t')
    .innerJoin('community_categories as c', 'c.id', 't.category_id')
    .leftJoin('community_groups as g', 'g.id', 't.group_id')
    .select(TOPIC_COLUMNS)
    .where('t.bank_id', '=', bankId);
}

type RawTopic = Awaited<ReturnType<ReturnType<typeof topicQuery>['executeTakeFirstOrThrow']>>;

const toTopicRow = (r: RawTopic): TopicRow => ({
  id: r.id,
  bankId: r.bank_id,
  title: r.title,
  slug: r.slug,
  kind: r.kind,
  status: r.status,
  groupId: r.group_id,
  authorMemberId: r.author_member_id,
  authorStaffId: r.author_staff_id,
  categoryId: r.category_id,
  escalatedAt: r.escalated_at,
  answeredAt: r.answered_at,
  pinned: r.pinned,
  acceptedPostId: r.accepted_post_id,
  replyCount: r.reply_count,
  lastPostedAt: r.last_posted_at,
  createdAt: r.created_at,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  category: { id: r.category_id, slug: r.category_slug, name: r.category_name, kind: r.category_kind },
  group: r.group_id && r.group_slug && r.group_name ? { id: r.group_id, slug: r.group_slug, name: r.group_name } : null,
});

export async function loadTopic(db: Db, bankId: string, topicId: string): Promise<TopicRow | null> {
  const row = await topicQuery(db, bankId).where('t.id', '=', topicId).executeTakeFirst();
  return row ? toTopicRow(row) : null;
}

async function isGroupMember(db: Db, groupId: string, memberId: string) {
  return !!(await db
    .selectFrom('community_group_members')
    .select(['member_id'])
    .where('group_id', '=', groupId)
    .where('member_id', '=', memberId)
    .executeTakeFirst());
}

/** Topics of a group are for its members (and staff); held topics for their author and staff. */
export async function loadVisibleTopic(
  deps: AppDeps,
  actor: CommunityActor,
  topicId: string,
  db: Db = deps.database.db,
): Promise<TopicRow> {
  const topic = await loadTopic(db, deps.bankId, topicId);
  if (!topic || topic.status === 'deleted') throw communityErrors.notFound('Ce sujet');
  const staff = actor.kind === 'staff';
  const memberId = actor.kind === 'member' ? actor.member.id : null;
  if (topic.status !== 'published' && !staff && topic.authorMemberId !== memberId) throw communityErrors.notFound('Ce sujet');
  if (topic.groupId && !staff && !(memberId && (await isGroupMember(db, topic.groupId, memberId))))
    throw communityErrors.notFound('Ce sujet');
  return topic;
}

async function authorMap(db: Db, bankId: string, ids: (string | null)[]) {
  return authorsOf(
    db,
    bankId,
    ids.filter((id): id is string => id !== null),
  );
}

function authorOf(
  map: Map<string, CommunityAuthor>,
  row: { author_member_id: string | null; author_staff_name?: string | null; staff_first_name?: string | null },
) {
  if (row.author_member_id) return map.get(row.author_member_id) ?? UNKNOWN_AUTHOR;
  return staffAuthor(row.author_staff_name ?? row.staff_first_name ?? null);
}

export async function listCategories(deps: AppDeps, actor: CommunityActor): Promise<CategoryView[]> {
  const db = deps.database.db;
  const rows = await db
    .selectFrom('community_categories as c')
    .select((eb) => [
      'c.id',
      'c.slug',
      'c.name',
      'c.description',
      'c.kind',
      eb
        .selectFrom('community_topics as t')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('t.category_id', '=', 'c.id')
        .where('t.status', '=', 'published')
        .where('t.group_id', 'is', null)
        .as('topic_count'),
    ])
    .where('c.bank_id', '=', deps.bankId)
    .orderBy('c.position')
    .execute();
  const followed =
    actor.kind === 'member'
      ? new Set(
          (
            await db
              .selectFrom('community_follows')
              .select(['target_id'])
              .where('member_id', '=', actor.member.id)
              .where('target_type', '=', 'category')
              .execute()
          ).map((f) => f.target_id),
        )
      : new Set<string>();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    kind: r.kind,
    topicCount: Number(r.topic_count ?? 0),
    following: followed.has(r.id),
  }));
}

export interface TopicListQuery {
  categorySlug?: string;
  groupId?: string;
  filter?: 'latest' | 'unanswered' | 'solved';
  q?: string;
  limit?: number;
  offset?: number;
  /** Public listings (server-rendered pages, sitemap): published topics outside groups only. */
  publicOnly?: boolean;
}

/** Lists topics: latest activity first, pinned first in a category; French full-text search with `q`. */
export async function listTopics(deps: AppDeps, actor: CommunityActor, query: TopicListQuery): Promise<TopicListItem[]> {
  const db = deps.database.db;
  let q = topicQuery(db, deps.bankId)
    .innerJoin('community_posts as p', (join) => join.onRef('p.topic_id', '=', 't.id').on('p.number', '=', 1))
    .select(['p.body_html as first_html', 'p.author_staff_name'])
    .where('t.status', '=', 'published')
    .where('c.kind', '=', 'forum');
  if (query.categorySlug) q = q.where('c.slug', '=', query.categorySlug);
  if (query.groupId) q = q.where('t.group_id', '=', query.groupId);
  else q = q.where('t.group_id', 'is', null);
  if (query.filter === 'unanswered') q = q.where('t.kind', '=', 'question').where('t.answered_at', 'is', null);
  if (query.filter === 'solved') q = q.where('t.accepted_post_id', 'is not', null);
  if (query.q?.trim()) {
    const tsq = frenchSearchQuery(query.q.trim());
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`t.search_vector @@ ${tsq}`,
        eb.exists(
          eb
            .selectFrom('community_posts as s')
            .select('s.id')
            .whereRef('s.topic_id', '=', 't.id')
            .where('s.status', '=', 'published')
            .where(sql<boolean>`s.search_vector @@ ${tsq}`),
        ),
      ]),
    );
  }
  if (query.categorySlug || query.groupId) q = q.orderBy('t.pinned', 'desc');
  const rows = await q
    .orderBy('t.last_posted_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(Math.min(query.limit ?? 30, 200))
    .offset(query.offset ?? 0)
    .execute();
  void actor;
  const authors = await authorMap(
    db,
    deps.bankId,
    rows.map((r) => r.author_member_id),
  );
  return rows.map((r) => ({
    ...listItemOf(toTopicRow(r), authorOf(authors, r)),
    excerpt: excerptOf(plainTextOf(r.first_html), 200),
  }));
}

function listItemOf(t: TopicRow, author: CommunityAuthor): TopicListItem {
  return {
    id: t.id,
    slug: t.slug,
    title: t.title,
    kind: t.kind as TopicKind,
    url: topicUrl(t),
    category: { slug: t.category.slug, name: t.category.name },
    author,
    replyCount: t.replyCount,
    solved: t.acceptedPostId !== null,
    pinned: t.pinned,
    lastPostedAt: t.lastPostedAt.toISOString(),
    createdAt: t.createdAt.toISOString(),
    excerpt: '',
  };
}

/** A topic with the posts this person may read: held and hidden ones only to their author and staff. */
export async function getTopicView(deps: AppDeps, actor: CommunityActor, topicId: string): Promise<TopicView> {
  const db = deps.database.db;
  const topic = await loadVisibleTopic(deps, actor, topicId);
  const staff = actor.kind === 'staff';
  const me = actor.kind === 'member' ? actor.member : null;
  const settings = await getCommunitySettings(deps, deps.bankId);
  const posts = await db
    .selectFrom('community_posts')
    .select([
      'id',
      'number',
      'author_member_id',
      'author_staff_name',
      'body_html',
      'body_md',
      'status',
      'held_reason',
      'masked_types',
      'is_wiki',
      'vote_count',
      'created_at',
      'edited_at',
    ])
    .where('topic_id', '=', topic.id)
    .where('bank_id', '=', deps.bankId)
    .where('status', '!=', 'deleted')
    .orderBy('number')
    .execute();
  const visible = posts.filter((p) => p.status === 'published' || staff || (me && p.author_member_id === me.id));
  const authors = await authorMap(db, deps.bankId, [...visible.map((p) => p.author_member_id), topic.authorMemberId]);
  const myVotes = me
    ? new Set(
        (
          await db
            .selectFrom('community_post_votes')
            .select(['post_id'])
            .where('member_id', '=', me.id)
            .where('post_id', 'in', visible.map((p) => p.id).concat(['00000000-0000-0000-0000-000000000000']))
            .execute()
        ).map((v) => v.post_id),
      )
    : new Set<string>();
  const following = me
    ? !!(await db
        .selectFrom('community_follows')
        .select(['target_id'])
        .where('member_id', '=', me.id)
        .where('target_type', '=', 'topic')
        .where('target_id', '=', topic.id)
        .executeTakeFirst())
    : false;
  const canEditWiki = me ? can(me, 'editWiki', settings) : false;
  const canFlag = me ? can(me, 'flag', settings) : false;
  const first = posts.find((p) => p.number === 1);
  const postViews: PostView[] = visible.map((p) => ({
    id: p.id,
    number: p.number,
    author: authorOf(authors, p),
    html: p.body_html,
    markdown: p.body_md,
    status: p.status as ContentStatus,
    heldReason: p.status === 'published' ? null : p.held_reason,
    maskedTypes: p.masked_types,
    isWiki: p.is_wiki,
    voteCount: p.vote_count,
    votedByMe: myVotes.has(p.id),
    accepted: topic.acceptedPostId === p.id,
    createdAt: p.created_at.toISOString(),
    editedAt: p.edited_at?.toISOString() ?? null,
    canEdit: staff || (!!me && (p.author_member_id === me.id || (p.is_wiki && canEditWiki))),
    canFlag: !!me && canFlag && p.author_member_id !== me.id && p.status === 'published',
  }));
  const topicAuthor = topic.authorMemberId
    ? (authors.get(topic.authorMemberId) ?? UNKNOWN_AUTHOR)
    : staffAuthor(first?.author_staff_name ?? null);
  return {
    ...listItemOf(topic, topicAuthor),
    excerpt: first ? excerptOf(plainTextOf(first.body_html), 200) : '',
    status: topic.status,
    acceptedPostId: topic.acceptedPostId,
    following,
    canAccept: topic.kind === 'question' && (staff || (!!me && me.id === topic.authorMemberId)),
    canReply: topic.status === 'published' && (staff || !!me),
    posts: postViews,
    group: topic.group ? { slug: topic.group.slug, name: topic.group.name } : null,
    subject: topic.subjectType && topic.subjectId ? { type: topic.subjectType, id: topic.subjectId } : null,
    escalated: topic.escalatedAt !== null && isStaffish(actor),
  };
}

const isStaffish = (actor: CommunityActor) => actor.kind === 'staff' && isManager(actor.staff);
