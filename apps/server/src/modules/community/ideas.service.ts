import { randomUUID } from 'node:crypto';
import type { IdeaListItem, IdeaStatus, IdeaView, ProjectsReport } from '@agora/contracts/community.schema.ts';
import { IDEA_STATUSES } from '@agora/contracts/community.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { excerptOf } from '../../platform/text.ts';
import { communityErrors } from './community.errors.ts';
import type { CommunityActor } from './community-actor.ts';
import { authorsOf, grantBadge, staffAuthor, UNKNOWN_AUTHOR } from './community-members.ts';
import { notify } from './community-notify.ts';
import { inCommunityTx } from './community-tx.ts';
import { createTopic, type Writer } from './forum-write.service.ts';
import { plainTextOf, renderMarkdown } from './post-content.ts';

export const IDEA_STATUS_LABELS: Record<IdeaStatus, string> = {
  new: 'Nouvelle',
  under_review: 'À l’étude',
  planned: 'Prévue',
  in_progress: 'En cours',
  launched: 'Lancée',
  declined: 'Non retenue',
  already_exists: 'Existe déjà',
};

/** The ideas' life: forward along new → under review → planned → in progress → launched, or closed. */
const NEXT: Record<IdeaStatus, IdeaStatus[]> = {
  new: ['under_review', 'planned', 'declined', 'already_exists'],
  under_review: ['planned', 'in_progress', 'declined', 'already_exists'],
  planned: ['in_progress', 'launched', 'declined'],
  in_progress: ['launched', 'planned'],
  launched: [],
  declined: ['under_review'],
  already_exists: [],
};

export const ideaUrl = (id: string) => `/communaute/idees/${id}`;

const ideaQuery = (deps: AppDeps) =>
  deps.database.db
    .selectFrom('community_ideas as i')
    .innerJoin('community_topics as t', 't.id', 'i.topic_id')
    .innerJoin('community_posts as p', (j) => j.onRef('p.topic_id', '=', 't.id').on('p.number', '=', 1))
    .leftJoin('community_topics as m', 'm.id', 'i.merged_into_topic_id')
    .select([
      'i.topic_id',
      'i.status',
      'i.vote_count',
      'i.what_changed',
      'i.launched_at',
      'i.merged_into_topic_id',
      'm.title as merged_title',
      't.title',
      't.reply_count',
      't.created_at',
      't.status as topic_status',
      't.author_member_id',
      'p.author_staff_name',
      'p.body_html',
    ])
    .where('i.bank_id', '=', deps.bankId)
    .where('t.status', '=', 'published');

export async function listIdeas(deps: AppDeps, actor: CommunityActor, filter: { status?: IdeaStatus; sort?: 'votes' | 'recent' } = {}) {
  let q = ideaQuery(deps);
  if (filter.status) q = q.where('i.status', '=', filter.status);
  q = filter.sort === 'recent' ? q.orderBy('t.created_at', 'desc') : q.orderBy('i.vote_count', 'desc').orderBy('t.created_at', 'desc');
  const rows = await q.limit(200).execute();
  return toItems(deps, actor, rows);
}

async function toItems(deps: AppDeps, actor: CommunityActor, rows: Awaited<ReturnType<ReturnType<typeof ideaQuery>['execute']>>) {
  const authors = await authorsOf(
    deps.database.db,
    deps.bankId,
    rows.map((r) => r.author_member_id).filter((id): id is string => !!id),
  );
  const mine =
    actor.kind === 'member' && rows.length
      ? new Set(
          (
            await deps.database.db
              .selectFrom('community_idea_votes')
              .select(['topic_id'])
              .where('member_id', '=', actor.member.id)
              .where(
                'topic_id',
                'in',
                rows.map((r) => r.topic_id),
              )
              .execute()
          ).map((v) => v.topic_id),
        )
      : new Set<string>();
  return rows.map(
    (r): IdeaListItem => ({
      id: r.topic_id,
      title: r.title,
      url: ideaUrl(r.topic_id),
      status: r.status,
      voteCount: r.vote_count,
      votedByMe: mine.has(r.topic_id),
      commentCount: r.reply_count,
      author: r.author_member_id ? (authors.get(r.author_member_id) ?? UNKNOWN_AUTHOR) : staffAuthor(r.author_staff_name),
      createdAt: r.created_at.toISOString(),
      mergedInto:
        r.merged_into_topic_id && r.merged_title
          ? { id: r.merged_into_topic_id, title: r.merged_title, url: ideaUrl(r.merged_into_topic_id) }
          : null,
      excerpt: excerptOf(plainTextOf(r.body_html), 200),
    }),
  );
}

export async function getIdea(deps: AppDeps, actor: CommunityActor, id: string): Promise<IdeaView> {
  const row = await ideaQuery(deps).where('i.topic_id', '=', id).executeTakeFirst();
  if (!row) throw communityErrors.notFound('Cette idée');
  const [item] = await toItems(deps, actor, [row]);
  const history = await deps.database.db
    .selectFrom('community_idea_status_changes')
    .select(['from_status', 'to_status', 'response_html', 'staff_name', 'created_at'])
    .where('topic_id', '=', id)
    .orderBy('created_at')
    .execute();
  return {
    ...item!,
    html: row.body_html,
    whatChanged: row.what_changed,
    topicId: id,
    history: history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      responseHtml: h.response_html,
      staffName: h.staff_name,
      at: h.created_at.toISOString(),
    })),
  };
}

/** An idea is a topic of the ideas category: its comments are posts, moderated like any other. */
export async function proposeIdea(deps: AppDeps, actor: Writer, input: { title: string; body: string }, options: { now?: Date } = {}) {
  const category = await deps.database.db
    .selectFrom('community_categories')
    .select(['slug'])
    .where('bank_id', '=', deps.bankId)
    .where('kind', '=', 'ideas')
    .executeTakeFirst();
  if (!category) throw communityErrors.notFound('L’espace Idées');
  return createTopic(deps, actor, { categorySlug: category.slug, title: input.title, body: input.body, kind: 'idea' }, options);
}

/**
 * One vote per member and idea, withdrawable. The primary key decides between concurrent clicks;
 * the counter moves only when a vote was really added or removed, under the idea's row lock.
 */
export async function voteIdea(deps: AppDeps, actor: CommunityActor, id: string, on: boolean) {
  if (actor.kind !== 'member') throw communityErrors.signInRequired();
  const idea = await deps.database.db
    .selectFrom('community_ideas')
    .select(['status'])
    .where('bank_id', '=', deps.bankId)
    .where('topic_id', '=', id)
    .executeTakeFirst();
  if (!idea) throw communityErrors.notFound('Cette idée');
  if (on && (idea.status === 'already_exists' || idea.status === 'declined' || idea.status === 'launched'))
    throw communityErrors.closed('Les votes sont clos pour cette idée.');
  return inCommunityTx(deps, deps.bankId, async (ctx) => {
    const changed = on
      ? await ctx.tx
          .insertInto('community_idea_votes')
          .values({ topic_id: id, member_id: actor.member.id })
          .onConflict((oc) => oc.doNothing())
          .returning(['topic_id'])
          .execute()
      : await ctx.tx
          .deleteFrom('community_idea_votes')
          .where('topic_id', '=', id)
          .where('member_id', '=', actor.member.id)
          .returning(['topic_id'])
          .execute();
    const row = changed.length
      ? await ctx.tx
          .updateTable('community_ideas')
          .set((eb) => ({ vote_count: eb('vote_count', on ? '+' : '-', 1) }))
          .where('topic_id', '=', id)
          .returning(['vote_count'])
          .executeTakeFirstOrThrow()
      : await ctx.tx.selectFrom('community_ideas').select(['vote_count']).where('topic_id', '=', id).executeTakeFirstOrThrow();
    if (changed.length) ctx.emit({ kind: 'idea', id });
    return { voteCount: row.vote_count, voted: on };
  });
}

/**
 * The bank moves an idea on, with an official response; voters and the author are notified.
 * "Already exists" merges a duplicate: its votes are carried over to the idea it duplicates
 * (a member who voted for both counts once). Audited.
 */
export async function changeIdeaStatus(
  deps: AppDeps,
  p: StaffPrincipal,
  id: string,
  input: { status: IdeaStatus; response: string; mergeIntoId?: string; whatChanged?: string },
  options: { now?: Date } = {},
) {
  await inCommunityTx(
    deps,
    deps.bankId,
    async (ctx) => {
      const idea = await ctx.tx
        .selectFrom('community_ideas as i')
        .innerJoin('community_topics as t', 't.id', 'i.topic_id')
        .select(['i.status', 't.title', 't.author_member_id'])
        .where('i.bank_id', '=', deps.bankId)
        .where('i.topic_id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!idea) throw communityErrors.notFound('Cette idée');
      if (!NEXT[idea.status].includes(input.status))
        throw communityErrors.invalidState(
          `Une idée « ${IDEA_STATUS_LABELS[idea.status]} » ne peut pas passer à « ${IDEA_STATUS_LABELS[input.status]} ».`,
        );
      let carried = 0;
      if (input.status === 'already_exists') {
        if (!input.mergeIntoId || input.mergeIntoId === id) throw communityErrors.invalidState('Indiquez l’idée existante.');
        const target = await ctx.tx
          .selectFrom('community_ideas')
          .select(['topic_id', 'status'])
          .where('bank_id', '=', deps.bankId)
          .where('topic_id', '=', input.mergeIntoId)
          .forUpdate()
          .executeTakeFirst();
        if (!target || target.status === 'already_exists') throw communityErrors.notFound('L’idée existante');
        const moved = await ctx.tx
          .insertInto('community_idea_votes')
          .columns(['topic_id', 'member_id', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom('community_idea_votes')
              .select((s) => [s.val(input.mergeIntoId as string).as('topic_id'), 'member_id', 'created_at'])
              .where('topic_id', '=', id),
          )
          .onConflict((oc) => oc.doNothing())
          .returning(['member_id'])
          .execute();
        carried = moved.length;
        if (carried)
          await ctx.tx
            .updateTable('community_ideas')
            .set((eb) => ({ vote_count: eb('vote_count', '+', carried) }))
            .where('topic_id', '=', input.mergeIntoId)
            .execute();
        ctx.emit({ kind: 'idea', id: input.mergeIntoId });
      }
      const responseHtml = renderMarkdown(input.response);
      await ctx.tx
        .updateTable('community_ideas')
        .set({
          status: input.status,
          status_changed_at: ctx.now,
          ...(input.status === 'already_exists' ? { merged_into_topic_id: input.mergeIntoId } : {}),
          ...(input.status === 'launched' ? { launched_at: ctx.now, what_changed: input.whatChanged ?? input.response } : {}),
        })
        .where('topic_id', '=', id)
        .execute();
      await ctx.tx
        .insertInto('community_idea_status_changes')
        .values({
          id: randomUUID(),
          bank_id: deps.bankId,
          topic_id: id,
          from_status: idea.status,
          to_status: input.status,
          response_md: input.response,
          response_html: responseHtml,
          staff_id: p.userId,
          staff_name: p.firstName,
          created_at: ctx.now,
        })
        .execute();
      const voters = await ctx.tx.selectFrom('community_idea_votes').select(['member_id']).where('topic_id', '=', id).execute();
      const audience = new Set(voters.map((v) => v.member_id));
      if (idea.author_member_id) audience.add(idea.author_member_id);
      await notify(ctx, audience, {
        kind: 'idea_status',
        text: `L’idée « ${idea.title} » passe à « ${IDEA_STATUS_LABELS[input.status]} » : ${excerptOf(input.response, 120)}`,
        url: ideaUrl(id),
      });
      if (input.status === 'launched' && idea.author_member_id) await grantBadge(ctx, idea.author_member_id, 'idea_launched');
      await appendAudit(ctx.tx, {
        bankId: deps.bankId,
        actorId: p.userId,
        actorLabel: `${p.displayName} (${p.role})`,
        action: 'community.idea_status_changed',
        targetType: 'community_idea',
        targetId: id,
        details: {
          from: idea.status,
          to: input.status,
          mergeIntoId: input.mergeIntoId ?? null,
          votesCarried: carried,
          notified: audience.size,
        },
      });
      ctx.emit({ kind: 'idea', id });
    },
    options,
  );
}

/** "De vos idées à nos projets": what members contributed and what the bank made of it. */
export async function projectsReport(deps: AppDeps): Promise<ProjectsReport> {
  const db = deps.database.db;
  const counts = await db
    .selectFrom('community_ideas as i')
    .innerJoin('community_topics as t', 't.id', 'i.topic_id')
    .select(['i.status', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('t.reply_count').as('comments')])
    .where('i.bank_id', '=', deps.bankId)
    .where('t.status', '=', 'published')
    .groupBy('i.status')
    .execute();
  const votes = await db
    .selectFrom('community_idea_votes as v')
    .innerJoin('community_ideas as i', 'i.topic_id', 'v.topic_id')
    .select([(eb) => eb.fn.countAll<string>().as('votes'), (eb) => eb.fn.count<string>('v.member_id').distinct().as('voters')])
    .where('i.bank_id', '=', deps.bankId)
    .executeTakeFirstOrThrow();
  const authors = await db
    .selectFrom('community_topics')
    .select((eb) => eb.fn.count<string>('author_member_id').distinct().as('n'))
    .where('bank_id', '=', deps.bankId)
    .where('kind', '=', 'idea')
    .executeTakeFirstOrThrow();
  const byStatus = Object.fromEntries(IDEA_STATUSES.map((s) => [s, 0])) as Record<IdeaStatus, number>;
  let ideas = 0;
  let comments = 0;
  for (const c of counts) {
    byStatus[c.status] = Number(c.n);
    ideas += Number(c.n);
    comments += Number(c.comments ?? 0);
  }
  const launchedRows = await ideaQuery(deps).where('i.status', '=', 'launched').orderBy('i.launched_at', 'desc').limit(50).execute();
  const plannedRows = await ideaQuery(deps)
    .where('i.status', 'in', ['planned', 'in_progress', 'under_review'])
    .orderBy('i.vote_count', 'desc')
    .limit(50)
    .execute();
  return {
    contributions: { ideas, comments, votes: Number(votes.votes), members: Math.max(Number(votes.voters), Number(authors.n)) },
    byStatus,
    launched: launchedRows.map((r) => ({
      id: r.topic_id,
      title: r.title,
      url: ideaUrl(r.topic_id),
      whatChanged: r.what_changed,
      launchedAt: r.launched_at?.toISOString() ?? null,
      voteCount: r.vote_count,
    })),
    planned: plannedRows.map((r) => ({
      id: r.topic_id,
      title: r.title,
      url: ideaUrl(r.topic_id),
      status: r.status,
      voteCount: r.vote_count,
    })),
  };
}
