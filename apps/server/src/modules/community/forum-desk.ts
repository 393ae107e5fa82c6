import type { OutboundReply } from '../../connectors/connector.types.ts';
import { DeliveryError } from '../../connectors/connector.types.ts';
import type { ForumDesk } from '../../connectors/forum/forum.connector.ts';
import { encodeForumDelivery } from '../../connectors/forum/forum.payload.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { storeDelivery } from '../ingest/raw-delivery.repository.ts';
import { getCommunitySettings } from './community-settings.ts';
import { inCommunityTx } from './community-tx.ts';
import { loadTopic, type TopicRow } from './forum-read.ts';
import { plainTextOf } from './post-content.ts';
import { topicUrl, writePost } from './post-pipeline.ts';

/** How often questions are checked against the bank's delay (a worker pass is cheap). */
export const ESCALATION_CHECK_MS = 60_000;

async function postDelivery(deps: AppDeps, topic: TopicRow, postId: string, type: 'question' | 'followup', waitedMinutes: number | null) {
  const post = await deps.database.db
    .selectFrom('community_posts as p')
    .innerJoin('community_members as m', 'm.id', 'p.author_member_id')
    .select(['p.id', 'p.body_html', 'p.created_at', 'm.id as member_id', 'm.pseudonym'])
    .where('p.id', '=', postId)
    .where('p.bank_id', '=', deps.bankId)
    .executeTakeFirst();
  if (!post) return false;
  // The same question always makes the same body: a second store after a crash is a no-op.
  const stored = await storeDelivery(
    deps.database,
    'forum',
    encodeForumDelivery({
      type,
      topicId: topic.id,
      postId: post.id,
      member: { id: post.member_id, pseudonym: post.pseudonym },
      title: topic.title,
      text: plainTextOf(post.body_html),
      url: `${deps.config.publicUrl}${topicUrl(topic)}`,
      at: post.created_at.toISOString(),
      waitedMinutes,
    }),
  );
  if (stored) deps.wakeIngest();
  return true;
}

/** The asker wrote again in a topic the inbox holds: the agent sees it in the same conversation. */
export async function forwardPostToInbox(deps: AppDeps, topic: TopicRow | { id: string }, postId: string) {
  const row = 'category' in topic ? topic : await loadTopic(deps.database.db, deps.bankId, topic.id);
  if (row) await postDelivery(deps, row, postId, 'followup', null);
}

/**
 * Questions nobody answered within the bank's delay become conversations of the social-care
 * inbox (one point of entry): the question goes through the ingest path (routing, SLA, audit)
 * as a delivery of the 'forum' channel. Members-only group topics stay in the community.
 */
export async function escalateUnansweredQuestions(deps: AppDeps, now = new Date()): Promise<number> {
  const settings = await getCommunitySettings(deps, deps.bankId);
  const due = await deps.database.db
    .selectFrom('community_topics')
    .select(['id', 'created_at'])
    .where('bank_id', '=', deps.bankId)
    .where('kind', '=', 'question')
    .where('status', '=', 'published')
    .where('group_id', 'is', null)
    .where('answered_at', 'is', null)
    .where('accepted_post_id', 'is', null)
    .where('escalated_at', 'is', null)
    .where('created_at', '<=', new Date(now.getTime() - settings.unansweredMinutes * 60_000))
    .orderBy('created_at')
    .limit(20)
    .execute();
  for (const { id } of due) {
    const topic = await loadTopic(deps.database.db, deps.bankId, id);
    const first = await deps.database.db
      .selectFrom('community_posts')
      .select(['id'])
      .where('topic_id', '=', id)
      .where('number', '=', 1)
      .executeTakeFirst();
    if (!topic || !first) continue;
    const waited = Math.round((now.getTime() - topic.createdAt.getTime()) / 60_000);
    await postDelivery(deps, topic, first.id, 'question', waited);
    await deps.database.db.updateTable('community_topics').set({ escalated_at: now }).where('id', '=', id).execute();
  }
  return due.length;
}

export function createForumEscalationWorker(deps: AppDeps): WorkLoop {
  const loop = createWorkLoop('forum-escalation', deps.logger, async () => {
    await escalateUnansweredQuestions(deps);
    // One pass per idle poll: the delay is minutes long.
    return 0;
  });
  return { ...loop, start: () => loop.start(ESCALATION_CHECK_MS) };
}

/**
 * The community side of the forum connector: an answer written in the inbox is posted in the
 * topic as "Conseiller officiel" with the agent's first name, once per idempotency key.
 */
export function createForumDesk(deps: AppDeps): ForumDesk {
  const findAnswer = async (reply: OutboundReply) => {
    const row = await deps.database.db
      .selectFrom('community_posts')
      .select(['id'])
      .where('bank_id', '=', deps.bankId)
      .where('external_key', '=', reply.idempotencyKey)
      .executeTakeFirst();
    return row ? { platformMessageId: row.id } : null;
  };
  return {
    findAnswer,
    async postAnswer(reply) {
      const already = await findAnswer(reply);
      if (already) return already;
      const topic = await loadTopic(deps.database.db, deps.bankId, reply.threadKey);
      if (!topic || topic.status === 'deleted') throw new DeliveryError('rejected', 'Ce sujet n’existe plus sur le forum.');
      const settings = await getCommunitySettings(deps, deps.bankId);
      try {
        const written = await inCommunityTx(deps, deps.bankId, (ctx) =>
          writePost(ctx, settings, { kind: 'staff', staffId: null, firstName: reply.author?.firstName ?? null }, topic, reply.body, {
            replyToPostId: reply.replyToPlatformId,
            externalKey: reply.idempotencyKey,
          }),
        );
        return { platformMessageId: written.postId };
      } catch (error) {
        // Two deliveries of the same reply at once: the unique key kept one post.
        const raced = await findAnswer(reply);
        if (raced) return raced;
        throw error;
      }
    },
  };
}
