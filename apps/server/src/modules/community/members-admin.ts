import type { AppDeps } from '../../platform/app-deps.ts';
import { unaccent } from '../../platform/text.ts';
import { TRUST_LABELS } from './trust-levels.ts';

export interface MemberAdminView {
  id: string;
  pseudonym: string;
  kind: 'client' | 'prospect';
  trustLevel: number;
  trustLabel: string;
  trustLevelManual: boolean;
  reputation: number;
  approvedPosts: number;
  acceptedAnswers: number;
  isAmbassador: boolean;
  silencedUntil: string | null;
  createdAt: string;
}

/** Members as community managers see them: pseudonym and standing, never the client's identity. */
export async function listMembers(deps: AppDeps, q?: string): Promise<MemberAdminView[]> {
  let query = deps.database.db
    .selectFrom('community_members')
    .select([
      'id',
      'pseudonym',
      'kind',
      'trust_level',
      'trust_level_manual',
      'reputation',
      'approved_posts',
      'accepted_answers',
      'is_ambassador',
      'silenced_until',
      'created_at',
    ])
    .where('bank_id', '=', deps.bankId);
  if (q?.trim())
    query = query.where(
      'pseudonym_key',
      'like',
      `%${unaccent(q.trim())
        .toLowerCase()
        .replace(/[%_\\]/g, '\\$&')}%`,
    );
  const rows = await query.orderBy('reputation', 'desc').orderBy('pseudonym').limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    pseudonym: r.pseudonym,
    kind: r.kind,
    trustLevel: r.trust_level,
    trustLabel: TRUST_LABELS[r.trust_level] ?? '',
    trustLevelManual: r.trust_level_manual,
    reputation: r.reputation,
    approvedPosts: r.approved_posts,
    acceptedAnswers: r.accepted_answers,
    isAmbassador: r.is_ambassador,
    silencedUntil: r.silenced_until?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}
