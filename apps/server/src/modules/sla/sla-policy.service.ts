import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { SlaDB } from './sla.tables.ts';

export interface SlaPolicy {
  firstResponseMinutes: number;
  nextResponseMinutes: number;
  resolutionMinutes: number;
}

const BUSINESS_DAY = 9 * 60;
/**
 * The bank's promise (DOMAIN rule 1): 30 open minutes for a first answer on social channels;
 * reviews get one business day; high and critical urgency shorten the clock.
 */
export const DEFAULT_POLICIES: { channel: string; urgency: string; policy: SlaPolicy }[] = [
  { channel: '*', urgency: '*', policy: { firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 3 * BUSINESS_DAY } },
  ...['trustpilot', 'google_play', 'app_store'].map((channel) => ({
    channel,
    urgency: '*',
    policy: { firstResponseMinutes: BUSINESS_DAY, nextResponseMinutes: BUSINESS_DAY, resolutionMinutes: 5 * BUSINESS_DAY },
  })),
  { channel: '*', urgency: 'high', policy: { firstResponseMinutes: 15, nextResponseMinutes: 30, resolutionMinutes: 3 * BUSINESS_DAY } },
  { channel: '*', urgency: 'critical', policy: { firstResponseMinutes: 10, nextResponseMinutes: 20, resolutionMinutes: BUSINESS_DAY } },
];

/** Seeds the defaults for a bank that has no policy yet; a bank's own edits are never overwritten. */
export async function seedDefaultPolicies(db: Kysely<SlaDB>, bankId: string): Promise<void> {
  const any = await db.selectFrom('sla_policies').select(['id']).where('bank_id', '=', bankId).limit(1).executeTakeFirst();
  if (any) return;
  await db
    .insertInto('sla_policies')
    .values(
      DEFAULT_POLICIES.map((d) => ({
        id: randomUUID(),
        bank_id: bankId,
        channel: d.channel,
        urgency: d.urgency,
        first_response_minutes: d.policy.firstResponseMinutes,
        next_response_minutes: d.policy.nextResponseMinutes,
        resolution_minutes: d.policy.resolutionMinutes,
      })),
    )
    .onConflict((oc) => oc.columns(['bank_id', 'channel', 'urgency']).doNothing())
    .execute();
}

/**
 * The most specific policy wins: channel and urgency, then urgency alone (a critical message is
 * urgent on any channel), then channel alone, then the bank's default.
 */
export async function policyFor(
  db: Kysely<SlaDB> | Transaction<SlaDB>,
  bankId: string,
  channel: string,
  urgency: string | null,
): Promise<SlaPolicy> {
  const rows = await db
    .selectFrom('sla_policies')
    .select(['channel', 'urgency', 'first_response_minutes', 'next_response_minutes', 'resolution_minutes'])
    .where('bank_id', '=', bankId)
    .where('channel', 'in', [channel, '*'])
    .where('urgency', 'in', [urgency ?? 'normal', '*'])
    .execute();
  const rank = (r: { channel: string; urgency: string }) => (r.urgency !== '*' ? 2 : 0) + (r.channel !== '*' ? 1 : 0);
  const best = rows.sort((a, b) => rank(b) - rank(a))[0];
  if (!best) return DEFAULT_POLICIES[0]!.policy;
  return {
    firstResponseMinutes: best.first_response_minutes,
    nextResponseMinutes: best.next_response_minutes,
    resolutionMinutes: best.resolution_minutes,
  };
}
