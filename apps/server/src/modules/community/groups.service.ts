import { randomUUID } from 'node:crypto';
import type { GroupView } from '@agora/contracts/community.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import { communityErrors } from './community.errors.ts';
import type { CommunityActor } from './community-actor.ts';
import { findMember } from './community-members.ts';
import { notify } from './community-notify.ts';
import { inCommunityTx } from './community-tx.ts';
import { listTopics } from './forum-read.ts';
import { createTopic, slugOf } from './forum-write.service.ts';
import { topicUrl } from './post-pipeline.ts';

const staffLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;

async function groupBySlug(deps: AppDeps, slug: string) {
  return deps.database.db
    .selectFrom('community_groups')
    .select(['id', 'slug', 'name', 'description', 'kind', 'visibility'])
    .where('bank_id', '=', deps.bankId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function listGroups(deps: AppDeps, actor: CommunityActor): Promise<GroupView[]> {
  const db = deps.database.db;
  const memberId = actor.kind === 'member' ? actor.member.id : null;
  const rows = await db
    .selectFrom('community_groups as g')
    .select((eb) => [
      'g.id',
      'g.slug',
      'g.name',
      'g.description',
      'g.kind',
      'g.visibility',
      eb
        .selectFrom('community_group_members as gm')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('gm.group_id', '=', 'g.id')
        .as('member_count'),
    ])
    .where('g.bank_id', '=', deps.bankId)
    .orderBy('g.name')
    .execute();
  const mine = memberId
    ? await db.selectFrom('community_group_members').select(['group_id']).where('member_id', '=', memberId).execute()
    : [];
  const invited = memberId
    ? await db.selectFrom('community_group_invitations').select(['group_id']).where('member_id', '=', memberId).execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    kind: r.kind,
    visibility: r.visibility,
    memberCount: Number(r.member_count ?? 0),
    isMember: mine.some((m) => m.group_id === r.id),
    invited: invited.some((i) => i.group_id === r.id),
  }));
}

/** A group and, for its members and staff, its topics (announcements first). */
export async function getGroup(deps: AppDeps, actor: CommunityActor, slug: string) {
  const groups = await listGroups(deps, actor);
  const group = groups.find((g) => g.slug === slug);
  if (!group) throw communityErrors.notFound('Ce groupe');
  const canRead = group.isMember || actor.kind === 'staff';
  return { group, topics: canRead ? await listTopics(deps, actor, { groupId: group.id }) : [] };
}

export async function createGroup(
  deps: AppDeps,
  p: StaffPrincipal,
  input: { name: string; description: string; kind: 'interest' | 'segment'; visibility: 'open' | 'invitation' },
) {
  const id = randomUUID();
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    await ctx.tx
      .insertInto('community_groups')
      .values({ id, bank_id: deps.bankId, slug: slugOf(input.name), ...input })
      .execute();
    await appendAudit(ctx.tx, {
      bankId: deps.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: 'community.group_created',
      targetType: 'community_group',
      targetId: id,
      details: { name: input.name, visibility: input.visibility },
    });
  });
  return { id, slug: slugOf(input.name) };
}

/** Open groups: join at will. Invitation groups: only with an invitation from the bank. */
export async function joinGroup(deps: AppDeps, actor: CommunityActor, slug: string, on: boolean) {
  if (actor.kind !== 'member') throw communityErrors.signInRequired();
  const group = await groupBySlug(deps, slug);
  if (!group) throw communityErrors.notFound('Ce groupe');
  const db = deps.database.db;
  if (!on) {
    await db.deleteFrom('community_group_members').where('group_id', '=', group.id).where('member_id', '=', actor.member.id).execute();
    return { isMember: false };
  }
  if (group.visibility === 'invitation') {
    const invitation = await db
      .selectFrom('community_group_invitations')
      .select(['group_id'])
      .where('group_id', '=', group.id)
      .where('member_id', '=', actor.member.id)
      .executeTakeFirst();
    if (!invitation) throw communityErrors.forbidden('Ce groupe est sur invitation de la banque.');
  }
  await db
    .insertInto('community_group_members')
    .values({ group_id: group.id, member_id: actor.member.id })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { isMember: true };
}

export async function inviteToGroup(deps: AppDeps, p: StaffPrincipal, slug: string, pseudonym: string) {
  const group = await groupBySlug(deps, slug);
  if (!group) throw communityErrors.notFound('Ce groupe');
  const member = await findMember(deps.database.db, deps.bankId, { pseudonym });
  if (!member) throw communityErrors.notFound('Ce membre');
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    await ctx.tx
      .insertInto('community_group_invitations')
      .values({ group_id: group.id, member_id: member.id, invited_by: p.userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await notify(ctx, [member.id], {
      kind: 'group_invitation',
      text: `La banque vous invite à rejoindre le groupe « ${group.name} ».`,
      url: `/communaute/groupes/${group.slug}`,
    });
    await appendAudit(ctx.tx, {
      bankId: deps.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: 'community.group_invitation',
      targetType: 'community_group',
      targetId: group.id,
      details: { pseudonym: member.pseudonym },
    });
  });
}

/** Who may post in a group: its members and staff. */
export async function groupIdForPosting(deps: AppDeps, actor: CommunityActor, slug: string): Promise<string> {
  const group = await groupBySlug(deps, slug);
  if (!group) throw communityErrors.notFound('Ce groupe');
  if (actor.kind === 'staff') return group.id;
  if (actor.kind !== 'member') throw communityErrors.signInRequired();
  const member = await deps.database.db
    .selectFrom('community_group_members')
    .select(['member_id'])
    .where('group_id', '=', group.id)
    .where('member_id', '=', actor.member.id)
    .executeTakeFirst();
  if (!member) throw communityErrors.forbidden('Rejoignez le groupe pour y écrire.');
  return group.id;
}

/**
 * A staff announcement pushed to a group (1-to-few, rule 9): a pinned topic in the group, an
 * in-app notification (live) and an e-mail to each member, queued with the notification.
 */
export async function announceToGroup(
  deps: AppDeps,
  p: StaffPrincipal,
  slug: string,
  input: { title: string; body: string },
  options: { now?: Date } = {},
) {
  const group = await groupBySlug(deps, slug);
  if (!group) throw communityErrors.notFound('Ce groupe');
  const category = await deps.database.db
    .selectFrom('community_categories')
    .select(['slug'])
    .where('bank_id', '=', deps.bankId)
    .where('kind', '=', 'forum')
    .orderBy('position', 'desc')
    .executeTakeFirst();
  if (!category) throw communityErrors.notFound('Une catégorie du forum');
  const { topicId } = await createTopic(
    deps,
    { kind: 'staff', staff: p },
    { categorySlug: category.slug, title: input.title, body: input.body, kind: 'announcement', groupId: group.id },
    options,
  );
  const topic = await deps.database.db
    .selectFrom('community_topics')
    .select(['id', 'slug'])
    .where('id', '=', topicId)
    .executeTakeFirstOrThrow();
  const url = topicUrl(topic);
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    const members = await ctx.tx
      .selectFrom('community_group_members as gm')
      .innerJoin('community_members as m', 'm.id', 'gm.member_id')
      .select(['m.id', 'm.email', 'm.pseudonym'])
      .where('gm.group_id', '=', group.id)
      .execute();
    await notify(
      ctx,
      members.map((m) => m.id),
      { kind: 'group_announcement', text: `Annonce dans « ${group.name} » : ${input.title}`, url },
    );
    for (const m of members) {
      if (!m.email) continue;
      await queueMail(ctx.tx, deps.bankId, {
        kind: 'community.group_announcement',
        to: m.email,
        subject: `${group.name} : ${input.title}`,
        text: `Bonjour ${m.pseudonym},\n\nLa banque a publié une annonce dans le groupe « ${group.name} » :\n\n${input.title}\n\nLire l'annonce : ${deps.config.publicUrl}${url}\n\nVous recevez ce message parce que vous êtes membre de ce groupe.`,
      });
    }
    await appendAudit(ctx.tx, {
      bankId: deps.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: 'community.group_announcement',
      targetType: 'community_group',
      targetId: group.id,
      details: { topicId, recipients: members.length },
    });
    ctx.emit({ kind: 'group', id: group.id });
  });
  return { topicId, url };
}
