import { randomUUID } from 'node:crypto';
import type { EventQuestionView, EventView } from '@agora/contracts/community.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { communityErrors } from './community.errors.ts';
import type { CommunityActor } from './community-actor.ts';
import { notify } from './community-notify.ts';
import { inCommunityTx } from './community-tx.ts';
import { slugOf } from './forum-write.service.ts';
import { maskedNotice, prepareContent, renderMarkdown } from './post-content.ts';
import { isSilenced } from './trust-levels.ts';

export const eventUrl = (id: string) => `/communaute/evenements/${id}`;
const staffLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;

const EVENT_COLUMNS = [
  'e.id',
  'e.slug',
  'e.title',
  'e.description_html',
  'e.starts_at',
  'e.ends_at',
  'e.status',
  'e.stream_url',
  'e.replay_url',
  'e.group_id',
  'g.slug as group_slug',
  'g.name as group_name',
] as const;

async function eventRows(deps: AppDeps, id?: string) {
  let q = deps.database.db
    .selectFrom('community_events as e')
    .leftJoin('community_groups as g', 'g.id', 'e.group_id')
    .select((eb) => [
      ...EVENT_COLUMNS,
      eb
        .selectFrom('community_event_registrations as r')
        .select((c) => c.fn.countAll<string>().as('n'))
        .whereRef('r.event_id', '=', 'e.id')
        .as('registrations'),
    ])
    .where('e.bank_id', '=', deps.bankId);
  if (id) q = q.where('e.id', '=', id);
  return q.orderBy('e.starts_at').execute();
}

async function myRegistrations(deps: AppDeps, actor: CommunityActor) {
  if (actor.kind !== 'member') return new Set<string>();
  const rows = await deps.database.db
    .selectFrom('community_event_registrations')
    .select(['event_id'])
    .where('member_id', '=', actor.member.id)
    .execute();
  return new Set(rows.map((r) => r.event_id));
}

async function myGroups(deps: AppDeps, actor: CommunityActor) {
  if (actor.kind !== 'member') return new Set<string>();
  const rows = await deps.database.db
    .selectFrom('community_group_members')
    .select(['group_id'])
    .where('member_id', '=', actor.member.id)
    .execute();
  return new Set(rows.map((r) => r.group_id));
}

/** Events of the whole community, and those of the groups this member belongs to (staff: all). */
export async function listEvents(deps: AppDeps, actor: CommunityActor): Promise<EventView[]> {
  const [rows, registered, groups] = await Promise.all([eventRows(deps), myRegistrations(deps, actor), myGroups(deps, actor)]);
  return rows
    .filter((r) => r.status !== 'cancelled' || actor.kind === 'staff')
    .filter((r) => !r.group_id || actor.kind === 'staff' || groups.has(r.group_id))
    .map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      descriptionHtml: r.description_html,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      status: r.status,
      // The stream link is for registered members: registration is how the bank counts and reminds.
      streamUrl: registered.has(r.id) || actor.kind === 'staff' ? r.stream_url : null,
      replayUrl: r.replay_url,
      registrationCount: Number(r.registrations ?? 0),
      registered: registered.has(r.id),
      group: r.group_id && r.group_slug && r.group_name ? { slug: r.group_slug, name: r.group_name } : null,
    }));
}

export async function getEvent(deps: AppDeps, actor: CommunityActor, id: string): Promise<EventView> {
  const event = (await listEvents(deps, actor)).find((e) => e.id === id);
  if (!event) throw communityErrors.notFound('Cet événement');
  return event;
}

export async function createEvent(
  deps: AppDeps,
  p: StaffPrincipal,
  input: { title: string; description: string; startsAt: string; endsAt: string; streamUrl?: string; groupSlug?: string },
) {
  const id = randomUUID();
  const groupId = input.groupSlug
    ? ((
        await deps.database.db
          .selectFrom('community_groups')
          .select(['id'])
          .where('bank_id', '=', deps.bankId)
          .where('slug', '=', input.groupSlug)
          .executeTakeFirst()
      )?.id ?? null)
    : null;
  if (input.groupSlug && !groupId) throw communityErrors.notFound('Ce groupe');
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    await ctx.tx
      .insertInto('community_events')
      .values({
        id,
        bank_id: deps.bankId,
        group_id: groupId,
        slug: `${slugOf(input.title)}-${id.slice(0, 6)}`,
        title: input.title,
        description_md: input.description,
        description_html: renderMarkdown(input.description),
        starts_at: new Date(input.startsAt),
        ends_at: new Date(input.endsAt),
        stream_url: input.streamUrl ?? null,
        created_by: p.userId,
      })
      .execute();
    await appendAudit(ctx.tx, {
      bankId: deps.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: 'community.event_created',
      targetType: 'community_event',
      targetId: id,
      details: { title: input.title, startsAt: input.startsAt },
    });
    ctx.emit({ kind: 'event', id });
  });
  return { id };
}

/** Going live, ending (the Q&A is kept for the replay), the stream and replay links. */
export async function updateEvent(
  deps: AppDeps,
  p: StaffPrincipal,
  id: string,
  input: { status?: 'scheduled' | 'live' | 'ended' | 'cancelled'; streamUrl?: string | null; replayUrl?: string | null },
) {
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    const updated = await ctx.tx
      .updateTable('community_events')
      .set({
        ...(input.status ? { status: input.status } : {}),
        ...(input.streamUrl !== undefined ? { stream_url: input.streamUrl } : {}),
        ...(input.replayUrl !== undefined ? { replay_url: input.replayUrl } : {}),
      })
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', id)
      .returning(['title'])
      .executeTakeFirst();
    if (!updated) throw communityErrors.notFound('Cet événement');
    if (input.status === 'live') {
      const registered = await ctx.tx
        .selectFrom('community_event_registrations')
        .select(['member_id'])
        .where('event_id', '=', id)
        .execute();
      await notify(
        ctx,
        registered.map((r) => r.member_id),
        { kind: 'event_live', text: `« ${updated.title} » commence : rejoignez le direct.`, url: eventUrl(id) },
      );
    }
    await appendAudit(ctx.tx, {
      bankId: deps.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: 'community.event_updated',
      targetType: 'community_event',
      targetId: id,
      details: input,
    });
    ctx.emit({ kind: 'event', id });
  });
}

export async function registerForEvent(deps: AppDeps, actor: CommunityActor, id: string, on: boolean) {
  if (actor.kind !== 'member') throw communityErrors.signInRequired();
  const event = await getEvent(deps, actor, id);
  if (on && (event.status === 'ended' || event.status === 'cancelled')) throw communityErrors.closed('Les inscriptions sont closes.');
  const db = deps.database.db;
  if (on)
    await db
      .insertInto('community_event_registrations')
      .values({ event_id: id, member_id: actor.member.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  else await db.deleteFrom('community_event_registrations').where('event_id', '=', id).where('member_id', '=', actor.member.id).execute();
  return getEvent(deps, actor, id);
}

export async function listQuestions(deps: AppDeps, actor: CommunityActor, eventId: string): Promise<EventQuestionView[]> {
  await getEvent(deps, actor, eventId);
  const me = actor.kind === 'member' ? actor.member.id : null;
  const rows = await deps.database.db
    .selectFrom('community_event_questions as q')
    .innerJoin('community_members as m', 'm.id', 'q.member_id')
    .select([
      'q.id',
      'q.body',
      'q.member_id',
      'q.status',
      'q.held_reason',
      'q.vote_count',
      'q.answer_html',
      'q.answered_by_name',
      'q.answered_at',
      'q.created_at',
      'm.pseudonym',
    ])
    .where('q.event_id', '=', eventId)
    .where('q.bank_id', '=', deps.bankId)
    .orderBy('q.vote_count', 'desc')
    .orderBy('q.created_at')
    .execute();
  const votes = me
    ? new Set(
        (
          await deps.database.db
            .selectFrom('community_event_question_votes')
            .select(['question_id'])
            .where('member_id', '=', me)
            .where('question_id', 'in', rows.map((r) => r.id).concat(['00000000-0000-0000-0000-000000000000']))
            .execute()
        ).map((v) => v.question_id),
      )
    : new Set<string>();
  return rows
    .filter((r) => r.status === 'visible' || actor.kind === 'staff' || r.member_id === me)
    .map((r) => ({
      id: r.id,
      body: r.body,
      author: r.pseudonym,
      mine: r.member_id === me,
      status: r.status,
      heldReason: r.status === 'visible' ? null : r.held_reason,
      voteCount: r.vote_count,
      votedByMe: votes.has(r.id),
      answerHtml: r.answer_html,
      answeredBy: r.answered_by_name,
      answeredAt: r.answered_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
    }));
}

/** A registered member asks; the same rules as the forum: insults held, personal data masked. */
export async function askQuestion(deps: AppDeps, actor: CommunityActor, eventId: string, body: string) {
  if (actor.kind !== 'member') throw communityErrors.signInRequired();
  const event = await getEvent(deps, actor, eventId);
  if (!event.registered) throw communityErrors.forbidden('Inscrivez-vous à l’événement pour poser une question.');
  if (event.status === 'ended' || event.status === 'cancelled')
    throw communityErrors.closed('Les questions sont closes : regardez le replay.');
  if (isSilenced(actor.member) && actor.member.silencedUntil) throw communityErrors.silenced(actor.member.silencedUntil);
  const prepared = prepareContent(body);
  const recent = await deps.database.db
    .selectFrom('community_event_questions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', actor.member.id)
    .where('created_at', '>', new Date(Date.now() - 60_000))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= 3) throw communityErrors.rateLimited('Trois questions par minute au plus');
  const id = randomUUID();
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    await ctx.tx
      .insertInto('community_event_questions')
      .values({
        id,
        bank_id: deps.bankId,
        event_id: eventId,
        member_id: actor.member.id,
        body: prepared.plainText,
        status: prepared.insult ? 'held' : 'visible',
        held_reason: prepared.insult ? `Insulte détectée (${prepared.insult}) : question non publiée.` : null,
        masked_types: JSON.stringify(prepared.maskedTypes),
      })
      .execute();
    if (prepared.maskedTypes.length)
      await notify(ctx, [actor.member.id], { kind: 'masked', text: maskedNotice(prepared.maskedTypes), url: eventUrl(eventId) });
    ctx.emit({ kind: 'event', id: eventId });
  });
  return {
    id,
    notices: [
      ...(prepared.maskedTypes.length ? [{ kind: 'masked' as const, message: maskedNotice(prepared.maskedTypes) }] : []),
      ...(prepared.insult ? [{ kind: 'held' as const, message: 'Votre question contient une insulte : elle n’est pas publiée.' }] : []),
    ],
  };
}

/** One upvote per member and question, withdrawable, correct under concurrent clicks. */
export async function voteQuestion(deps: AppDeps, actor: CommunityActor, questionId: string, on: boolean) {
  if (actor.kind !== 'member') throw communityErrors.signInRequired();
  const q = await deps.database.db
    .selectFrom('community_event_questions')
    .select(['event_id', 'status', 'member_id'])
    .where('bank_id', '=', deps.bankId)
    .where('id', '=', questionId)
    .executeTakeFirst();
  if (!q || q.status !== 'visible') throw communityErrors.notFound('Cette question');
  await getEvent(deps, actor, q.event_id);
  return inCommunityTx(deps, deps.bankId, async (ctx) => {
    const changed = on
      ? await ctx.tx
          .insertInto('community_event_question_votes')
          .values({ question_id: questionId, member_id: actor.member.id })
          .onConflict((oc) => oc.doNothing())
          .returning(['question_id'])
          .execute()
      : await ctx.tx
          .deleteFrom('community_event_question_votes')
          .where('question_id', '=', questionId)
          .where('member_id', '=', actor.member.id)
          .returning(['question_id'])
          .execute();
    const row = changed.length
      ? await ctx.tx
          .updateTable('community_event_questions')
          .set((eb) => ({ vote_count: eb('vote_count', on ? '+' : '-', 1) }))
          .where('id', '=', questionId)
          .returning(['vote_count'])
          .executeTakeFirstOrThrow()
      : await ctx.tx.selectFrom('community_event_questions').select(['vote_count']).where('id', '=', questionId).executeTakeFirstOrThrow();
    if (changed.length) ctx.emit({ kind: 'event', id: q.event_id });
    return { voteCount: row.vote_count, voted: on };
  });
}

/** Staff answer live; the answer stays with the question for the replay. */
export async function answerQuestion(deps: AppDeps, p: StaffPrincipal, questionId: string, answer: string) {
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    const q = await ctx.tx
      .updateTable('community_event_questions')
      .set({
        answer_md: answer,
        answer_html: renderMarkdown(answer),
        answered_by: p.userId,
        answered_by_name: p.firstName,
        answered_at: ctx.now,
      })
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', questionId)
      .returning(['event_id', 'member_id'])
      .executeTakeFirst();
    if (!q) throw communityErrors.notFound('Cette question');
    await notify(ctx, [q.member_id], {
      kind: 'event_answer',
      text: `${p.firstName} (Conseiller officiel) a répondu à votre question.`,
      url: eventUrl(q.event_id),
    });
    await appendAudit(ctx.tx, {
      bankId: deps.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: 'community.event_question_answered',
      targetType: 'community_event_question',
      targetId: questionId,
    });
    ctx.emit({ kind: 'event', id: q.event_id });
  });
}

export async function moderateQuestion(deps: AppDeps, p: StaffPrincipal, questionId: string, status: 'visible' | 'hidden') {
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    const q = await ctx.tx
      .updateTable('community_event_questions')
      .set({ status })
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', questionId)
      .returning(['event_id'])
      .executeTakeFirst();
    if (!q) throw communityErrors.notFound('Cette question');
    await appendAudit(ctx.tx, {
      bankId: deps.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: status === 'visible' ? 'community.event_question_published' : 'community.event_question_hidden',
      targetType: 'community_event_question',
      targetId: questionId,
    });
    ctx.emit({ kind: 'event', id: q.event_id });
  });
}

const REMINDERS = [
  { column: 'reminded_day_at' as const, beforeMs: 24 * 3600_000, words: 'demain' },
  { column: 'reminded_hour_at' as const, beforeMs: 3600_000, words: 'dans une heure' },
];

/**
 * Reminders by e-mail, the day before and an hour before: each queued in the transaction that
 * marks it sent, so a reminder goes once whatever the restarts.
 */
export async function sendEventReminders(deps: AppDeps, now = new Date()): Promise<number> {
  let queued = 0;
  for (const reminder of REMINDERS) {
    const due = await deps.database.db
      .selectFrom('community_event_registrations as r')
      .innerJoin('community_events as e', 'e.id', 'r.event_id')
      .innerJoin('community_members as m', 'm.id', 'r.member_id')
      .select(['r.event_id', 'r.member_id', 'e.title', 'e.starts_at', 'm.email', 'm.pseudonym'])
      .where('e.bank_id', '=', deps.bankId)
      .where('e.status', '=', 'scheduled')
      .where('e.starts_at', '>', now)
      .where('e.starts_at', '<=', new Date(now.getTime() + reminder.beforeMs))
      .where(`r.${reminder.column}`, 'is', null)
      .limit(200)
      .execute();
    for (const row of due) {
      await inCommunityTx(deps, deps.bankId, async (ctx) => {
        const marked = await ctx.tx
          .updateTable('community_event_registrations')
          .set({ [reminder.column]: now })
          .where('event_id', '=', row.event_id)
          .where('member_id', '=', row.member_id)
          .where(reminder.column, 'is', null)
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) !== 1) return;
        const when = row.starts_at.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' });
        const link = `${deps.config.publicUrl}${eventUrl(row.event_id)}`;
        if (row.email)
          await queueMail(ctx.tx, deps.bankId, {
            kind: 'community.event_reminder',
            to: row.email,
            subject: `Rappel : « ${row.title} » ${reminder.words}`,
            text: `Bonjour ${row.pseudonym},\n\n« ${row.title} » commence ${reminder.words}, le ${when}.\nLe direct et les questions : ${link}\n\nVous recevez ce rappel parce que vous êtes inscrit·e à cet événement.`,
          });
        await notify(ctx, [row.member_id], {
          kind: 'event_reminder',
          text: `« ${row.title} » commence ${reminder.words}.`,
          url: eventUrl(row.event_id),
        });
        queued++;
      });
    }
  }
  return queued;
}

export function createEventReminderWorker(deps: AppDeps): WorkLoop {
  const loop = createWorkLoop('community-event-reminders', deps.logger, async () => {
    await sendEventReminders(deps);
    return 0;
  });
  return { ...loop, start: () => loop.start(60_000) };
}
