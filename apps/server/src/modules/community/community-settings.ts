import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import './community.tables.ts';

const perLevel = z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)]);

/**
 * The bank's community rules (DOMAIN: configurable per bank). Trust levels work as Discourse's:
 * 0 new, 1 member, 2 trusted, 3 leader (granted by staff). Stored as JSON; what a bank has not
 * set takes these defaults.
 */
export const communitySettingsSchema = z.object({
  /** A question with no answer after this many minutes goes to the social-care inbox. */
  unansweredMinutes: z
    .number()
    .int()
    .min(5)
    .max(14 * 24 * 60)
    .default(240),
  promotion: z
    .object({
      /** Level 1: this many published posts. */
      memberPosts: z.number().int().min(0).default(3),
      /** Level 2: this many published posts, this reputation and this seniority (days). */
      trustedPosts: z.number().int().min(0).default(10),
      trustedReputation: z.number().int().min(0).default(10),
      trustedDays: z.number().int().min(0).default(7),
    })
    .default({ memberPosts: 3, trustedPosts: 10, trustedReputation: 10, trustedDays: 7 }),
  /** Abilities: the lowest trust level that has each. */
  abilities: z
    .object({ flag: z.number().int().min(0).max(3).default(1), editWiki: z.number().int().min(0).max(3).default(2) })
    .default({ flag: 1, editWiki: 2 }),
  /** A new member's first posts wait for a moderator. */
  heldFirstPosts: z.number().int().min(0).max(20).default(2),
  /** Links and images per post, by trust level. */
  maxLinks: perLevel.default([2, 10, 20, 50]),
  maxImages: perLevel.default([1, 5, 10, 20]),
  /** Posts per member per 10 minutes and new topics per member per day, by trust level. */
  postsPerTenMinutes: perLevel.default([3, 10, 20, 40]),
  topicsPerDay: perLevel.default([3, 10, 20, 50]),
  /** Flags by this many different members hide a post until a moderator decides. */
  flagsToHide: z.number().int().min(1).max(20).default(3),
  /** Hour (Europe/Paris) of the daily e-mail digest. */
  digestHour: z.number().int().min(0).max(23).default(7),
});
export type CommunitySettings = z.infer<typeof communitySettingsSchema>;
export const DEFAULT_COMMUNITY_SETTINGS: CommunitySettings = communitySettingsSchema.parse({});

export async function getCommunitySettings(deps: Pick<AppDeps, 'database'>, bankId: string): Promise<CommunitySettings> {
  const row = await deps.database.db.selectFrom('community_settings').select(['settings']).where('bank_id', '=', bankId).executeTakeFirst();
  const parsed = communitySettingsSchema.safeParse(row?.settings ?? {});
  return parsed.success ? parsed.data : DEFAULT_COMMUNITY_SETTINGS;
}

export async function saveCommunitySettings(
  deps: Pick<AppDeps, 'database'>,
  bankId: string,
  patch: Partial<CommunitySettings>,
): Promise<CommunitySettings> {
  const current = await getCommunitySettings(deps, bankId);
  const next = communitySettingsSchema.parse({ ...current, ...patch });
  await deps.database.db
    .insertInto('community_settings')
    .values({ bank_id: bankId, settings: JSON.stringify(next) })
    .onConflict((oc) => oc.column('bank_id').doUpdateSet({ settings: JSON.stringify(next), updated_at: new Date() }))
    .execute();
  return next;
}
