import type { ModerationItemView } from '@agora/contracts/community.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { communityErrors } from './community.errors.ts';
import type { ModerationReason } from './community.tables.ts';
import { findMember } from './community-members.ts';
import { notify } from './community-notify.ts';
import { getCommunitySettings } from './community-settings.ts';
import { inCommunityTx } from './community-tx.ts';
import { loadTopic } from './forum-read.ts';
import { plainTextOf } from './post-content.ts';
import { afterPublished, postUrl, topicUrl } from './post-pipeline.ts';

/** The rule each decision falls under, shown next to the buttons (rule 4 of the trade). */
export const MODERATION_POLICY: Record<ModerationReason, string> = {
  insult:
    'Règle 4 : on ne répond jamais à une insulte, mais on répond à tout besoin d’explication, même véhément. Retenez l’insulte, jamais la critique : un avis défavorable sans insulte se publie.',
  new_member:
    'Premiers messages d’un nouveau membre : publiez tout ce qui respecte les règles de la communauté. Un avis défavorable n’est jamais un motif de refus.',
  flags:
    'Signalements de membres : les avis défavorables ne sont jamais retirés. Seuls les insultes, les contenus illicites, le spam et les données personnelles exposées le sont.',
  personal_data:
    'Règle 3 : les données personnelles ont été masquées automatiquement et l’auteur invité dans son espace sécurisé. Vérifiez qu’il ne reste rien d’identifiant ; le message reste publié.',
  links: 'Liens d’un nouveau membre : retenez le spam et la publicité, publiez les liens utiles à la discussion.',
};

export const COMMUNITY_RULES_SUMMARY =
  'Les avis défavorables ne sont jamais supprimés. Seuls sont retenus les insultes, les contenus illicites, le spam et les données personnelles exposées, avec la raison.';

const staffLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;

export async function listModerationQueue(deps: AppDeps, status: 'open' | 'resolved' = 'open'): Promise<ModerationItemView[]> {
  const db = deps.database.db;
  const rows = await db
    .selectFrom('community_moderation_items as i')
    .innerJoin('community_posts as p', 'p.id', 'i.post_id')
    .innerJoin('community_topics as t', 't.id', 'p.topic_id')
    .leftJoin('community_members as m', 'm.id', 'p.author_member_id')
    .select([
      'i.id',
      'i.reason',
      'i.detail',
      'i.created_at',
      'p.id as post_id',
      'p.body_html',
      'p.status as post_status',
      'p.held_reason',
      'p.masked_types',
      'p.created_at as post_created_at',
      'p.author_staff_name',
      't.id as topic_id',
      't.slug',
      't.title',
      'm.id as member_id',
      'm.pseudonym',
      'm.trust_level',
      'm.silenced_until',
    ])
    .where('i.bank_id', '=', deps.bankId)
    .where('i.status', '=', status)
    .orderBy('i.created_at', status === 'open' ? 'asc' : 'desc')
    .limit(200)
    .execute();
  const flags = rows.length
    ? await db
        .selectFrom('community_flags as f')
        .innerJoin('community_members as m', 'm.id', 'f.member_id')
        .select(['f.post_id', 'f.reason', 'f.note', 'f.created_at', 'm.pseudonym'])
        .where(
          'f.post_id',
          'in',
          rows.map((r) => r.post_id),
        )
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    reason: r.reason,
    detail: r.detail,
    createdAt: r.created_at.toISOString(),
    post: {
      id: r.post_id,
      html: r.body_html,
      status: r.post_status,
      heldReason: r.held_reason,
      maskedTypes: r.masked_types,
      createdAt: r.post_created_at.toISOString(),
    },
    topic: { id: r.topic_id, title: r.title, url: topicUrl({ id: r.topic_id, slug: r.slug }) },
    author: {
      memberId: r.member_id,
      pseudonym: r.pseudonym ?? `${r.author_staff_name ?? 'Service client'} (Conseiller officiel)`,
      trustLevel: r.trust_level,
      silencedUntil: r.silenced_until?.toISOString() ?? null,
    },
    flags: flags
      .filter((f) => f.post_id === r.post_id)
      .map((f) => ({ reason: f.reason, note: f.note, by: f.pseudonym, at: f.created_at.toISOString() })),
    policy: MODERATION_POLICY[r.reason],
  }));
}

export type ModerationDecision = 'publish' | 'keep_hidden' | 'delete' | 'dismiss_flags';

/**
 * One click in the queue: publish (held posts take effect as if just written), keep hidden
 * (the author is told why), delete (spam, illegal content), or dismiss flags. The author may be
 * silenced for some days. Every decision is in the audit log, with the policy it applied.
 */
export async function decideModeration(
  deps: AppDeps,
  p: StaffPrincipal,
  itemId: string,
  input: { decision: ModerationDecision; note?: string; silenceDays?: number },
) {
  const settings = await getCommunitySettings(deps, deps.bankId);
  await inCommunityTx(deps, deps.bankId, async (ctx) => {
    const item = await ctx.tx
      .selectFrom('community_moderation_items')
      .select(['id', 'post_id', 'reason', 'status'])
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', itemId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) throw communityErrors.notFound('Cet élément de modération');
    if (item.status !== 'open') throw communityErrors.invalidState('Une décision a déjà été prise pour ce message.');
    const post = await ctx.tx
      .selectFrom('community_posts')
      .select(['id', 'topic_id', 'number', 'status', 'published_at', 'author_member_id', 'author_staff_name', 'body_html'])
      .where('id', '=', item.post_id)
      .executeTakeFirstOrThrow();
    const topic = await loadTopic(ctx.tx, deps.bankId, post.topic_id);
    if (!topic) throw communityErrors.notFound('Ce sujet');
    const member = post.author_member_id ? await findMember(ctx.tx, deps.bankId, { id: post.author_member_id }) : null;
    const url = postUrl(topic, post.number);
    const publish = input.decision === 'publish' || input.decision === 'dismiss_flags';
    if (publish && post.status !== 'published') {
      await ctx.tx
        .updateTable('community_posts')
        .set({ status: 'published', held_reason: null, published_at: post.published_at ?? ctx.now })
        .where('id', '=', post.id)
        .execute();
      if (!post.published_at) {
        await afterPublished(ctx, settings, topic, {
          id: post.id,
          number: post.number,
          author: member ? { kind: 'member', member } : { kind: 'staff', staffId: null, firstName: post.author_staff_name },
          prepared: { plainText: plainTextOf(post.body_html), mentions: [] },
        });
      }
      if (member) await notify(ctx, [member.id], { kind: 'moderation', text: `Votre message dans « ${topic.title} » est publié.`, url });
    }
    if (input.decision === 'keep_hidden') {
      await ctx.tx
        .updateTable('community_posts')
        .set({ status: 'hidden', held_reason: input.note ?? MODERATION_POLICY[item.reason] })
        .where('id', '=', post.id)
        .execute();
      if (member)
        await notify(ctx, [member.id], {
          kind: 'moderation',
          text: `Votre message dans « ${topic.title} » n’a pas été publié${input.note ? ` : ${input.note}` : ''}. Vous pouvez le reformuler : les critiques sont les bienvenues, les insultes non.`,
          url,
        });
    }
    if (input.decision === 'delete') {
      await ctx.tx.updateTable('community_posts').set({ status: 'deleted' }).where('id', '=', post.id).execute();
      if (post.number === 1) await ctx.tx.updateTable('community_topics').set({ status: 'deleted' }).where('id', '=', topic.id).execute();
    }
    await ctx.tx
      .updateTable('community_flags')
      .set({ resolved_at: ctx.now })
      .where('post_id', '=', post.id)
      .where('resolved_at', 'is', null)
      .execute();
    let silencedUntil: Date | null = null;
    if (input.silenceDays && member) {
      silencedUntil = new Date(ctx.now.getTime() + input.silenceDays * 86_400_000);
      await ctx.tx.updateTable('community_members').set({ silenced_until: silencedUntil }).where('id', '=', member.id).execute();
    }
    await ctx.tx
      .updateTable('community_moderation_items')
      .set({ status: 'resolved', decision: input.decision, decided_by: p.userId, decided_at: ctx.now })
      .where('id', '=', item.id)
      .execute();
    await appendAudit(ctx.tx, {
      bankId: deps.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: `community.moderation.${input.decision}`,
      targetType: 'community_post',
      targetId: post.id,
      details: {
        reason: item.reason,
        topicId: topic.id,
        author: member?.pseudonym ?? null,
        note: input.note ?? null,
        silencedUntil: silencedUntil?.toISOString() ?? null,
        policy: MODERATION_POLICY[item.reason],
      },
    });
    ctx.emit({ kind: 'moderation', id: post.id });
    ctx.emit({ kind: 'topic', id: topic.id });
  });
}
