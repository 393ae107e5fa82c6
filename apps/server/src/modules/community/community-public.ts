import type { AppDeps } from '../../platform/app-deps.ts';
import { plainTextOf } from './post-content.ts';
import { postUrl } from './post-pipeline.ts';

export { ensureSubjectTopic, findSubjectTopic } from './forum-write.service.ts';

/** A public community post as other modules (listening) read it: public, already-masked text only. */
export interface PublicCommunityPost {
  postId: string;
  topicId: string;
  /** Absolute URL of the post in the forum. */
  url: string;
  topicTitle: string;
  categorySlug: string;
  /** Plain text, personal data already masked. */
  text: string;
  /** The member's pseudonym, or "<first name> (Conseiller officiel)". */
  author: string;
  fromBank: boolean;
  publishedAt: string;
}

/**
 * Extension point for listening: on a `community.post_published` bus event, read the post with
 * this. Null when the post is not (or no longer) public: held, hidden, deleted, or in a
 * members-only group. Delivery of the event is at least once: key on `postId`.
 */
export async function getPublicPost(deps: AppDeps, postId: string): Promise<PublicCommunityPost | null> {
  const row = await deps.database.db
    .selectFrom('community_posts as p')
    .innerJoin('community_topics as t', 't.id', 'p.topic_id')
    .innerJoin('community_categories as c', 'c.id', 't.category_id')
    .leftJoin('community_members as m', 'm.id', 'p.author_member_id')
    .select([
      'p.id',
      'p.number',
      'p.body_html',
      'p.published_at',
      'p.author_staff_name',
      't.id as topic_id',
      't.slug',
      't.title',
      'c.slug as category_slug',
      'm.pseudonym',
    ])
    .where('p.bank_id', '=', deps.bankId)
    .where('p.id', '=', postId)
    .where('p.status', '=', 'published')
    .where('t.status', '=', 'published')
    .where('t.group_id', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    postId: row.id,
    topicId: row.topic_id,
    url: `${deps.config.publicUrl}${postUrl({ id: row.topic_id, slug: row.slug }, row.number)}`,
    topicTitle: row.title,
    categorySlug: row.category_slug,
    text: plainTextOf(row.body_html),
    author: row.pseudonym ?? `${row.author_staff_name ?? 'Service client'} (Conseiller officiel)`,
    fromBank: row.pseudonym === null,
    publishedAt: (row.published_at ?? new Date()).toISOString(),
  };
}

/** One line of a client's community activity, for the client 360 timeline (staff side). */
export interface CommunityActivityItem {
  at: string;
  kind: 'topic' | 'reply' | 'idea';
  /** What happened, in words, with the pseudonym (the client's name is the 360's to show). */
  summary: string;
  url: string;
  status: 'published' | 'held' | 'hidden' | 'deleted';
}

/**
 * Extension point for the client 360: what a client wrote in the community, newest first (their
 * posts, including held ones — staff see them). Empty when the client never joined.
 */
export async function communityActivityOfClient(deps: AppDeps, clientId: string, limit = 50): Promise<CommunityActivityItem[]> {
  const rows = await deps.database.db
    .selectFrom('community_posts as p')
    .innerJoin('community_members as m', 'm.id', 'p.author_member_id')
    .innerJoin('community_topics as t', 't.id', 'p.topic_id')
    .select(['p.number', 'p.status', 'p.created_at', 't.id as topic_id', 't.slug', 't.title', 't.kind', 'm.pseudonym'])
    .where('m.bank_id', '=', deps.bankId)
    .where('m.client_id', '=', clientId)
    .orderBy('p.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: r.created_at.toISOString(),
    kind: r.kind === 'idea' && r.number === 1 ? 'idea' : r.number === 1 ? 'topic' : 'reply',
    summary:
      r.number === 1
        ? `${r.pseudonym} a ${r.kind === 'idea' ? 'proposé l’idée' : 'ouvert le sujet'} « ${r.title} »`
        : `${r.pseudonym} a répondu dans « ${r.title} »`,
    url: r.kind === 'idea' && r.number === 1 ? `/communaute/idees/${r.topic_id}` : postUrl({ id: r.topic_id, slug: r.slug }, r.number),
    status: r.status,
  }));
}
