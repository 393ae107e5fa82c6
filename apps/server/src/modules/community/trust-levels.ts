import type { CommunitySettings } from './community-settings.ts';

export const TRUST_LABELS = ['Nouveau membre', 'Membre', 'Membre de confiance', 'Pilier de la communauté'] as const;

export interface MemberStanding {
  trustLevel: number;
  createdAt: Date;
  silencedUntil: Date | null;
}

export interface MemberStats {
  approvedPosts: number;
  reputation: number;
  createdAt: Date;
  isAmbassador: boolean;
}

/**
 * The level a member has earned (Discourse's automatic promotions): 1 after a few published
 * posts, 2 with more posts, reputation and seniority. Level 3 is only ever given by staff;
 * ambassadors the bank designated are trusted at once.
 */
export function earnedTrustLevel(stats: MemberStats, settings: CommunitySettings, now = new Date()): number {
  const days = (now.getTime() - stats.createdAt.getTime()) / 86_400_000;
  const p = settings.promotion;
  if (stats.isAmbassador) return 2;
  if (stats.approvedPosts >= p.trustedPosts && stats.reputation >= p.trustedReputation && days >= p.trustedDays) return 2;
  if (stats.approvedPosts >= p.memberPosts) return 1;
  return 0;
}

export type Ability = 'flag' | 'editWiki';

export function can(member: MemberStanding, ability: Ability, settings: CommunitySettings): boolean {
  return member.trustLevel >= settings.abilities[ability];
}

const clampLevel = (level: number) => Math.max(0, Math.min(3, level));

export interface PostLimits {
  maxLinks: number;
  maxImages: number;
  postsPerTenMinutes: number;
  topicsPerDay: number;
}

export function limitsFor(trustLevel: number, settings: CommunitySettings): PostLimits {
  const l = clampLevel(trustLevel);
  return {
    maxLinks: settings.maxLinks[l] ?? 0,
    maxImages: settings.maxImages[l] ?? 0,
    postsPerTenMinutes: settings.postsPerTenMinutes[l] ?? 0,
    topicsPerDay: settings.topicsPerDay[l] ?? 0,
  };
}

/** A new member's first posts wait for review (level 0 only, as Discourse's "approve post count"). */
export function mustHoldForReview(member: { trustLevel: number; approvedPosts: number }, settings: CommunitySettings): boolean {
  return member.trustLevel === 0 && member.approvedPosts < settings.heldFirstPosts;
}

export const isSilenced = (member: MemberStanding, now = new Date()) => member.silencedUntil !== null && member.silencedUntil > now;

/** Reputation: what the community gave a member's help. */
export const REPUTATION = { vote: 2, accepted: 10 } as const;
