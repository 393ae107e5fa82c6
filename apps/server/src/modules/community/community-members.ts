import { randomUUID } from 'node:crypto';
import type { CommunityAuthor } from '@agora/contracts/community.schema.ts';
import { pseudonymSchema } from '@agora/contracts/community.schema.ts';
import { analyze } from '@agora/nlu/analyze.ts';
import type { Kysely, Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { unaccent } from '../../platform/text.ts';
import { communityErrors } from './community.errors.ts';
import './community.tables.ts';
import { notify } from './community-notify.ts';
import { type CommunitySettings, getCommunitySettings } from './community-settings.ts';
import { type CommunityTx, inCommunityTx } from './community-tx.ts';
import { earnedTrustLevel, REPUTATION } from './trust-levels.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface Member {
  id: string;
  bankId: string;
  kind: 'client' | 'prospect';
  clientId: string | null;
  pseudonym: string;
  email: string | null;
  trustLevel: number;
  reputation: number;
  approvedPosts: number;
  isAmbassador: boolean;
  silencedUntil: Date | null;
  createdAt: Date;
  digest: 'daily' | 'off';
}

const MEMBER_COLUMNS = [
  'id',
  'bank_id',
  'kind',
  'client_id',
  'pseudonym',
  'email',
  'trust_level',
  'reputation',
  'approved_posts',
  'is_ambassador',
  'silenced_until',
  'created_at',
  'digest',
] as const;

type MemberRow = {
  id: string;
  bank_id: string;
  kind: 'client' | 'prospect';
  client_id: string | null;
  pseudonym: string;
  email: string | null;
  trust_level: number;
  reputation: number;
  approved_posts: number;
  is_ambassador: boolean;
  silenced_until: Date | null;
  created_at: Date;
  digest: 'daily' | 'off';
};

const toMember = (r: MemberRow): Member => ({
  id: r.id,
  bankId: r.bank_id,
  kind: r.kind,
  clientId: r.client_id,
  pseudonym: r.pseudonym,
  email: r.email,
  trustLevel: r.trust_level,
  reputation: r.reputation,
  approvedPosts: r.approved_posts,
  isAmbassador: r.is_ambassador,
  silencedUntil: r.silenced_until,
  createdAt: r.created_at,
  digest: r.digest,
});

export const pseudonymKey = (pseudonym: string) => unaccent(pseudonym).toLowerCase();

export async function findMember(db: Db, bankId: string, by: { id?: string; clientId?: string; prospectId?: string; pseudonym?: string }) {
  let q = db.selectFrom('community_members').select(MEMBER_COLUMNS).where('bank_id', '=', bankId);
  if (by.id) q = q.where('id', '=', by.id);
  else if (by.clientId) q = q.where('client_id', '=', by.clientId);
  else if (by.prospectId) q = q.where('prospect_id', '=', by.prospectId);
  else if (by.pseudonym) q = q.where('pseudonym_key', '=', pseudonymKey(by.pseudonym));
  else return null;
  const row = await q.executeTakeFirst();
  return row ? toMember(row) : null;
}

/** A pseudonym is public: no personal data, no insult, not someone else's. */
export async function checkPseudonym(db: Db, bankId: string, raw: string, exceptMemberId?: string): Promise<string> {
  const parsed = pseudonymSchema.safeParse(raw);
  if (!parsed.success) throw communityErrors.pseudonymRefused(parsed.error.issues[0]?.message ?? 'Pseudonyme invalide.');
  const pseudonym = parsed.data;
  const analysis = analyze(pseudonym.replace(/[_.-]/g, ' '));
  if (analysis.insult) throw communityErrors.pseudonymRefused('Ce pseudonyme n’est pas acceptable dans la communauté.');
  if (analysis.pii.length > 0 || /\d{6,}/.test(pseudonym))
    throw communityErrors.pseudonymRefused('Un pseudonyme ne contient ni e-mail, ni numéro : il est public.');
  if (/^(conseill|banque|admin|moderat)/i.test(unaccent(pseudonym)))
    throw communityErrors.pseudonymRefused('Ce pseudonyme est réservé à la banque.');
  const taken = await db
    .selectFrom('community_members')
    .select(['id'])
    .where('bank_id', '=', bankId)
    .where('pseudonym_key', '=', pseudonymKey(pseudonym))
    .executeTakeFirst();
  if (taken && taken.id !== exceptMemberId) throw communityErrors.pseudonymTaken();
  return pseudonym;
}

/** What the community proposes to a client: never their full name (rule 3). */
export function suggestPseudonym(client: Pick<ClientPrincipal, 'firstName' | 'clientId'>): string {
  const first = unaccent(client.firstName).replace(/[^A-Za-z]/g, '') || 'Membre';
  return `${first}_${client.clientId.replace(/[^0-9]/g, '').slice(0, 3) || '01'}`;
}

export async function insertMember(
  db: Db,
  input: { bankId: string; kind: 'client' | 'prospect'; clientId?: string; prospectId?: string; pseudonym: string; email: string | null },
): Promise<Member> {
  const row = await db
    .insertInto('community_members')
    .values({
      id: randomUUID(),
      bank_id: input.bankId,
      kind: input.kind,
      client_id: input.clientId ?? null,
      prospect_id: input.prospectId ?? null,
      pseudonym: input.pseudonym,
      pseudonym_key: pseudonymKey(input.pseudonym),
      email: input.email,
    })
    .returning(MEMBER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toMember(row);
}

/** A client joins with the pseudonym they chose; their secure-space e-mail receives notifications. */
export async function joinAsClient(deps: AppDeps, client: ClientPrincipal, rawPseudonym: string): Promise<Member> {
  const existing = await findMember(deps.database.db, client.bankId, { clientId: client.clientId });
  if (existing) return existing;
  const pseudonym = await checkPseudonym(deps.database.db, client.bankId, rawPseudonym);
  return insertMember(deps.database.db, {
    bankId: client.bankId,
    kind: 'client',
    clientId: client.clientId,
    pseudonym,
    email: client.email || null,
  });
}

/** The client's e-mail may change in the secure space: the community follows. */
export async function refreshClientEmail(deps: AppDeps, member: Member, client: ClientPrincipal) {
  if (client.email && client.email !== member.email) {
    await deps.database.db.updateTable('community_members').set({ email: client.email }).where('id', '=', member.id).execute();
  }
}

export const BADGES: Record<string, string> = {
  first_post: 'Premier message',
  solution: 'Solution trouvée',
  helpful: 'Apprécié',
  mentor: 'Mentor',
  idea_launched: 'Idée lancée',
  ambassador: 'Ambassadeur',
};

/** Grants a badge once; the member hears of it. */
export async function grantBadge(ctx: CommunityTx, memberId: string, badge: string) {
  const inserted = await ctx.tx
    .insertInto('community_badges')
    .values({ member_id: memberId, badge })
    .onConflict((oc) => oc.doNothing())
    .returning(['badge'])
    .execute();
  if (inserted.length)
    await notify(ctx, [memberId], {
      kind: 'badge',
      text: `Nouveau badge : « ${BADGES[badge] ?? badge} »`,
      url: '/communaute/moi',
    });
}

/**
 * Recomputes what a member's help earned (published posts, reputation, accepted answers), the
 * trust level unless staff set it, and the badges; in the caller's transaction, after the change.
 */
export async function refreshStanding(ctx: CommunityTx, memberId: string, settings: CommunitySettings) {
  const { tx, bankId } = ctx;
  const counts = await tx
    .selectFrom('community_members as m')
    .select((eb) => [
      'm.trust_level',
      'm.trust_level_manual',
      'm.created_at',
      'm.is_ambassador',
      eb
        .selectFrom('community_posts')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('author_member_id', '=', 'm.id')
        .where('status', '=', 'published')
        .as('posts'),
      eb
        .selectFrom('community_post_votes as v')
        .innerJoin('community_posts as p', 'p.id', 'v.post_id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('p.author_member_id', '=', 'm.id')
        .as('votes'),
      eb
        .selectFrom('community_topics as t')
        .innerJoin('community_posts as p', 'p.id', 't.accepted_post_id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('p.author_member_id', '=', 'm.id')
        .as('accepted'),
    ])
    .where('m.id', '=', memberId)
    .where('m.bank_id', '=', bankId)
    .forUpdate()
    .executeTakeFirst();
  if (!counts) return;
  const posts = Number(counts.posts ?? 0);
  const votes = Number(counts.votes ?? 0);
  const accepted = Number(counts.accepted ?? 0);
  const reputation = votes * REPUTATION.vote + accepted * REPUTATION.accepted;
  const earned = earnedTrustLevel(
    { approvedPosts: posts, reputation, createdAt: counts.created_at, isAmbassador: counts.is_ambassador },
    settings,
  );
  // Promotion only: a level is not taken back because a vote was withdrawn (Discourse keeps it too).
  const trustLevel = counts.trust_level_manual ? counts.trust_level : Math.max(counts.trust_level, earned);
  await tx
    .updateTable('community_members')
    .set({ approved_posts: posts, reputation, accepted_answers: accepted, trust_level: trustLevel })
    .where('id', '=', memberId)
    .execute();
  if (trustLevel > counts.trust_level)
    await notify(ctx, [memberId], {
      kind: 'trust_level',
      text: `Vous passez au niveau de confiance ${trustLevel} : de nouvelles possibilités s’ouvrent à vous.`,
      url: '/communaute/moi',
    });
  if (posts >= 1) await grantBadge(ctx, memberId, 'first_post');
  if (accepted >= 1) await grantBadge(ctx, memberId, 'solution');
  if (accepted >= 5) await grantBadge(ctx, memberId, 'mentor');
  if (votes >= 10) await grantBadge(ctx, memberId, 'helpful');
}

/** The public face of authors: pseudonym, level, ambassador badge; staff as "Conseiller officiel". */
export async function authorsOf(db: Db, bankId: string, memberIds: string[]): Promise<Map<string, CommunityAuthor>> {
  const ids = [...new Set(memberIds)];
  if (!ids.length) return new Map();
  const [rows, badges] = await Promise.all([
    db
      .selectFrom('community_members')
      .select(['id', 'pseudonym', 'trust_level', 'is_ambassador'])
      .where('bank_id', '=', bankId)
      .where('id', 'in', ids)
      .execute(),
    db.selectFrom('community_badges').select(['member_id', 'badge']).where('member_id', 'in', ids).execute(),
  ]);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        kind: 'member' as const,
        name: r.pseudonym,
        memberId: r.id,
        trustLevel: r.trust_level,
        isAmbassador: r.is_ambassador,
        badges: badges.filter((b) => b.member_id === r.id).map((b) => b.badge),
      },
    ]),
  );
}

export const staffAuthor = (firstName: string | null): CommunityAuthor => ({
  kind: 'staff',
  name: firstName ?? 'Service client',
  memberId: null,
  trustLevel: null,
  isAmbassador: false,
  badges: [],
});

export const UNKNOWN_AUTHOR: CommunityAuthor = {
  kind: 'member',
  name: 'Membre',
  memberId: null,
  trustLevel: null,
  isAmbassador: false,
  badges: [],
};

const staffLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;

/** Ambassadors are designated by the bank; the badge is visible next to their pseudonym. */
export async function setAmbassador(deps: AppDeps, p: StaffPrincipal, memberId: string, on: boolean) {
  const settings = await getCommunitySettings(deps, p.bankId);
  await inCommunityTx(deps, p.bankId, async (ctx) => {
    const { tx } = ctx;
    const member = await findMember(tx, p.bankId, { id: memberId });
    if (!member) throw communityErrors.notFound('Ce membre');
    await tx
      .updateTable('community_members')
      .set({ is_ambassador: on, ambassador_since: on ? new Date() : null })
      .where('id', '=', memberId)
      .where('bank_id', '=', p.bankId)
      .execute();
    if (on) await grantBadge(ctx, memberId, 'ambassador');
    else await tx.deleteFrom('community_badges').where('member_id', '=', memberId).where('badge', '=', 'ambassador').execute();
    await refreshStanding(ctx, memberId, settings);
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: on ? 'community.ambassador_designated' : 'community.ambassador_removed',
      targetType: 'community_member',
      targetId: memberId,
      details: { pseudonym: member.pseudonym },
    });
  });
}

export async function setTrustLevel(deps: AppDeps, p: StaffPrincipal, memberId: string, level: number) {
  await deps.database.db.transaction().execute(async (tx) => {
    const member = await findMember(tx, p.bankId, { id: memberId });
    if (!member) throw communityErrors.notFound('Ce membre');
    await tx
      .updateTable('community_members')
      .set({ trust_level: level, trust_level_manual: true })
      .where('id', '=', memberId)
      .where('bank_id', '=', p.bankId)
      .execute();
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: staffLabel(p),
      action: 'community.trust_level_set',
      targetType: 'community_member',
      targetId: memberId,
      details: { from: member.trustLevel, to: level },
    });
  });
}
