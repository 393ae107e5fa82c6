import { randomUUID } from 'node:crypto';
import type { CommunityTx } from './community-tx.ts';
import './community.tables.ts';

export interface NotificationInput {
  kind: string;
  /** In words, as the member reads it (also the line of the e-mail digest). */
  text: string;
  /** Where it leads, inside the community (/communaute/…). */
  url: string;
}

/** In-app notifications, pushed live to the members' screens; the daily digest mails the unread ones. */
export async function notify(ctx: CommunityTx, memberIds: Iterable<string>, input: NotificationInput): Promise<void> {
  const ids = [...new Set(memberIds)];
  if (!ids.length) return;
  await ctx.tx
    .insertInto('community_notifications')
    .values(
      ids.map((memberId) => ({
        id: randomUUID(),
        bank_id: ctx.bankId,
        member_id: memberId,
        kind: input.kind,
        text: input.text.slice(0, 500),
        url: input.url,
        created_at: ctx.now,
      })),
    )
    .execute();
  for (const memberId of ids) ctx.emit({ kind: 'notification', id: memberId, memberId });
}
