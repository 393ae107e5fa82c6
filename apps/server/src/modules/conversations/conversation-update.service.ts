import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { analyze, mask } from '@agora/nlu/analyze.ts';
import type { Transaction } from 'kysely';
import type { NormalizedItem } from '../../connectors/connector.types.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { excerptOf } from '../../platform/text.ts';
import type { RecordResult } from './conversation-ingest.service.ts';

type UpdateItem = Extract<NormalizedItem, { kind: 'update' }>;

export interface ItemChange {
  change: UpdateItem['change'];
  body?: string;
  rating?: number | null;
  title?: string | null;
  at: Date;
}

/**
 * Applies a platform-side change to a message we hold. Nothing is ever erased: an edit keeps
 * the earlier version in edit_history, a deletion or a hide is a mark on the message (the
 * archive is the bank's record). An edit made after the bank answered reopens the conversation,
 * since the person changed what we answered to (Google Play's rule, sound everywhere).
 */
export async function applyMessageChange(
  tx: Transaction<DB>,
  bankId: string,
  where: { channel: string; threadKey: string; platformMessageId: string },
  change: ItemChange,
): Promise<RecordResult> {
  const message = await tx
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .leftJoin('clients', 'clients.id', 'contacts.client_id')
    .select([
      'messages.id',
      'messages.body',
      'messages.rating',
      'messages.title',
      'messages.created_at',
      'messages.edit_history',
      'conversations.id as conversation_id',
      'conversations.team_id',
      'conversations.status',
      'clients.advisor_id',
    ])
    .where('messages.bank_id', '=', bankId)
    .where('conversations.channel', '=', where.channel)
    .where('messages.platform_message_id', '=', where.platformMessageId)
    .executeTakeFirst();
  if (!message) return { outcome: 'skipped', events: [] };

  const now = new Date();
  const events: BusEvent[] = [];
  const scope = {
    bankId,
    conversationId: message.conversation_id,
    teamId: message.team_id,
    advisorId: message.advisor_id,
    at: now.toISOString(),
  };

  if (change.change === 'edited') {
    const body = change.body ?? message.body;
    const rating = change.rating === undefined ? message.rating : change.rating;
    const title = change.title === undefined ? message.title : change.title;
    if (body === message.body && rating === message.rating && title === message.title) return { outcome: 'duplicate', events: [] };
    const history = [
      ...(typeof message.edit_history === 'string' ? JSON.parse(message.edit_history) : message.edit_history),
      { body: message.body, rating: message.rating, title: message.title, replacedAt: now.toISOString() },
    ];
    const analysis = analyze(body, { channel: where.channel });
    await tx
      .updateTable('messages')
      .set({
        body,
        rating,
        title,
        edited_at: change.at,
        edit_history: JSON.stringify(history),
        search_vector: frenchSearchVector(`${title ?? ''} ${body}`),
        language: analysis.language,
        intent: analysis.intent,
        intent_confidence: analysis.intentConfidence,
        sentiment: analysis.sentiment,
        sentiment_score: analysis.sentimentScore,
        insult: analysis.insult,
        insult_reason: analysis.insultReason ?? null,
        urgency: analysis.urgency,
        rumour: analysis.rumour,
        pii: JSON.stringify(analysis.pii),
      })
      .where('id', '=', message.id)
      .execute();
    const answered = await tx
      .selectFrom('messages')
      .select(['id'])
      .where('conversation_id', '=', message.conversation_id)
      .where('direction', '=', 'outbound')
      .where('delivery_status', '=', 'sent')
      .where('created_at', '>=', message.created_at)
      .limit(1)
      .executeTakeFirst();
    await tx
      .updateTable('conversations')
      .set({
        excerpt: excerptOf(mask(body, analysis.pii)),
        updated_at: now,
        last_inbound_at: now,
        ...(answered ? { status: 'open' as const } : {}),
      })
      .where('id', '=', message.conversation_id)
      .execute();
    events.push({ type: 'message.updated', ...scope, messageId: message.id }, { type: 'conversation.updated', ...scope, messageId: null });
    return { outcome: 'created', events };
  }

  const marks = {
    deleted: { deleted_at: change.at },
    hidden: { hidden_at: change.at },
    unhidden: { hidden_at: null },
  }[change.change];
  await tx.updateTable('messages').set(marks).where('id', '=', message.id).execute();
  events.push({ type: 'message.updated', ...scope, messageId: message.id });
  return { outcome: 'created', events };
}
