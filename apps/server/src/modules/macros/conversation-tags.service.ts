import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { withAnswers } from '../answers/answers.tables.ts';
import { visibleConversation } from '../conversations/conversation.service.ts';

const actorLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;

export function createConversationTagsService(deps: AppDeps) {
  const db = withAnswers(deps.database.db);

  async function tagsOf(bankId: string, conversationId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('conversation_tags')
      .select(['tag'])
      .where('conversation_id', '=', conversationId)
      .where('bank_id', '=', bankId)
      .orderBy('tag')
      .execute();
    return rows.map((r) => r.tag);
  }

  /** Every tag in use in the bank, most used first (the suggestions of the tag input). */
  async function known(p: StaffPrincipal): Promise<string[]> {
    const rows = await db
      .selectFrom('conversation_tags')
      .select((eb) => ['tag', eb.fn.countAll().as('n')])
      .where('bank_id', '=', p.bankId)
      .groupBy('tag')
      .orderBy('n', 'desc')
      .limit(100)
      .execute();
    return rows.map((r) => r.tag);
  }

  async function change(p: StaffPrincipal, conversationId: string, tag: string, add: boolean): Promise<string[]> {
    const row = await visibleConversation(deps, p, conversationId);
    await db.transaction().execute(async (tx) => {
      const done = add
        ? await tx
            .insertInto('conversation_tags')
            .values({ conversation_id: row.id, bank_id: p.bankId, tag, created_by: p.userId })
            .onConflict((oc) => oc.columns(['conversation_id', 'tag']).doNothing())
            .executeTakeFirst()
        : await tx.deleteFrom('conversation_tags').where('conversation_id', '=', row.id).where('tag', '=', tag).executeTakeFirst();
      const changed = Number('numInsertedOrUpdatedRows' in done ? done.numInsertedOrUpdatedRows : done.numDeletedRows) > 0;
      if (!changed) return;
      await appendAudit(tx as unknown as Transaction<DB>, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: actorLabel(p),
        action: add ? 'conversation.tag_added' : 'conversation.tag_removed',
        targetType: 'conversation',
        targetId: row.id,
        details: { tag },
      });
      const event: BusEvent = {
        type: 'conversation.updated',
        bankId: p.bankId,
        conversationId: row.id,
        teamId: row.team_id,
        advisorId: row.advisor_id,
        messageId: null,
        at: new Date().toISOString(),
      };
      await enqueueEvents(tx as unknown as Transaction<DB>, [event], deps.database.kind);
    });
    deps.wakeOutbox();
    return tagsOf(p.bankId, row.id);
  }

  return {
    tagsOf,
    known,
    add: (p: StaffPrincipal, id: string, tag: string) => change(p, id, tag, true),
    remove: (p: StaffPrincipal, id: string, tag: string) => change(p, id, tag, false),
  };
}
