import type { Channel } from '@agora/contracts/common.schema.ts';
import { sql } from 'kysely';
import { PLATFORM_OF_CHANNEL } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';

/** Personal data that must not stay in public (rule 3): hidden on the platform where its API allows. */
export const EXPOSED_TYPES = ['iban', 'card_number', 'account_number', 'secret_code', 'fr_nir', 'email', 'phone', 'balance'] as const;
/** Older public items are history: exposure is handled when it happens, not on backfills. */
const MAX_AGE_MS = 7 * 24 * 3600_000;

/**
 * Rule 3 applied to what the client wrote: a public message exposing personal data is hidden on
 * the platform (Facebook and Instagram comments), marked and audited; the team sees it flagged
 * and proposes the private invitation to the secure space. Each message is tried once: the
 * claim is committed before the platform call, so a crash never hides twice nor loops.
 */
export function createExposedDataWorker(deps: AppDeps): WorkLoop {
  return createWorkLoop('exposed-data', deps.logger, async () => {
    const since = new Date(Date.now() - MAX_AGE_MS);
    const claimed = await deps.database.db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .leftJoin('clients', 'clients.id', 'contacts.client_id')
        .select([
          'messages.id',
          'messages.platform_message_id',
          'messages.pii',
          'conversations.id as conversation_id',
          'conversations.channel',
          'conversations.team_id',
          'clients.advisor_id',
        ])
        .where('messages.bank_id', '=', deps.bankId)
        .where('messages.visibility', '=', 'public')
        .where('messages.direction', '=', 'inbound')
        .where('messages.pii_hide_attempted_at', 'is', null)
        .where('messages.hidden_at', 'is', null)
        .where('messages.created_at', '>', since)
        .where(sql<boolean>`messages.pii <> '[]'::jsonb`)
        .limit(20)
        .forUpdate('messages')
        .skipLocked()
        .execute();
      const exposing = rows.filter((r) => spansOf(r.pii).some((span) => (EXPOSED_TYPES as readonly string[]).includes(span.type)));
      if (rows.length) {
        await tx
          .updateTable('messages')
          .set({ pii_hide_attempted_at: new Date() })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      }
      return { exposing, count: rows.length };
    });
    for (const row of claimed.exposing) {
      const connector = deps.connectors.get(PLATFORM_OF_CHANNEL[row.channel as Channel]);
      let hidden = false;
      let failure: string | null = null;
      if (connector?.moderate && row.platform_message_id) {
        try {
          await connector.moderate('hide', row.channel as Channel, row.platform_message_id);
          hidden = true;
        } catch (error) {
          failure = String((error as Error).message).slice(0, 200);
        }
      }
      const types = [...new Set(spansOf(row.pii).map((s) => s.type))];
      await deps.database.db.transaction().execute(async (tx) => {
        if (hidden) await tx.updateTable('messages').set({ hidden_at: new Date() }).where('id', '=', row.id).execute();
        await appendAudit(tx, {
          bankId: deps.bankId,
          actorId: null,
          actorLabel: 'règles de la banque',
          action: hidden ? 'message.hidden_personal_data' : 'message.personal_data_exposed',
          targetType: 'message',
          targetId: row.id,
          details: { conversationId: row.conversation_id, channel: row.channel, types, ...(failure ? { platformError: failure } : {}) },
        });
        await enqueueEvents(
          tx,
          [
            {
              type: 'message.updated',
              bankId: deps.bankId,
              conversationId: row.conversation_id,
              teamId: row.team_id,
              advisorId: row.advisor_id,
              messageId: row.id,
              at: new Date().toISOString(),
            },
          ],
          deps.database.kind,
        );
      });
      deps.wakeOutbox();
    }
    return claimed.count;
  });
}

function spansOf(pii: unknown): { type: string }[] {
  return (typeof pii === 'string' ? JSON.parse(pii) : pii) as { type: string }[];
}
