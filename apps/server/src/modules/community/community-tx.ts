import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';

/** A community change in progress: its transaction and the events it will publish once committed. */
export interface CommunityTx {
  tx: Transaction<DB>;
  bankId: string;
  now: Date;
  emit(community: NonNullable<BusEvent['community']>, type?: 'community.changed' | 'community.post_published'): void;
}

/**
 * Runs a community change in one transaction; its events go to the outbox in that transaction,
 * so screens and other modules (listening) hear of it if and only if it commits.
 */
export async function inCommunityTx<T>(
  deps: AppDeps,
  bankId: string,
  work: (ctx: CommunityTx) => Promise<T>,
  options: { now?: Date } = {},
): Promise<T> {
  const events: BusEvent[] = [];
  const now = options.now ?? new Date();
  const result = await deps.database.db.transaction().execute(async (tx) => {
    const ctx: CommunityTx = {
      tx,
      bankId,
      now,
      emit(community, type = 'community.changed') {
        events.push({
          type,
          bankId,
          // Community events are about no conversation and no team: the staff inbox ignores them.
          conversationId: '',
          teamId: '',
          advisorId: null,
          messageId: null,
          at: new Date().toISOString(),
          community,
        });
      },
    };
    const value = await work(ctx);
    await enqueueEvents(tx, events, deps.database.kind);
    return value;
  });
  if (events.length) deps.wakeOutbox();
  return result;
}
