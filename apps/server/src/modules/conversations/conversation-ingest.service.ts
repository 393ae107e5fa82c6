import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { NormalizedItem, Platform } from '../../connectors/connector.types.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { excerptOf } from '../../platform/text.ts';
import { analyze, mask } from '@agora/nlu/analyze.ts';
import { applyMessageChange } from './conversation-update.service.ts';

type MessageItem = Extract<NormalizedItem, { kind: 'message' }>;

export interface RecordResult {
  outcome: 'created' | 'duplicate' | 'skipped';
  events: BusEvent[];
}

/**
 * Turns one normalised inbound item into contact, conversation and message, inside the
 * caller's transaction. The routing rule of the foundation: a contact linked to a client goes
 * to the advisors' team (the client's advisor also sees it), every other one to social care.
 */
export async function recordInboundItem(
  tx: Transaction<DB>,
  bankId: string,
  platform: Platform,
  item: MessageItem,
  teams: { socialCare: string; advisors: string },
): Promise<RecordResult> {
  const now = new Date();
  const at = new Date(item.createdAt);
  const createdAt = Number.isNaN(at.getTime()) ? now : at;

  if (item.fromBank) return recordEcho(tx, bankId, item, createdAt);

  const contact = await tx
    .insertInto('contacts')
    .values({
      id: randomUUID(),
      bank_id: bankId,
      platform,
      platform_user_id: item.author.platformUserId,
      handle: item.author.handle,
      display_name: item.author.displayName,
      profile_url: item.author.profileUrl,
      avatar_url: item.author.avatarUrl,
    })
    .onConflict((oc) =>
      oc.columns(['bank_id', 'platform', 'platform_user_id']).doUpdateSet((eb) => ({
        handle: eb.fn.coalesce(eb.ref('excluded.handle'), eb.ref('contacts.handle')),
        display_name: eb.ref('excluded.display_name'),
        profile_url: eb.fn.coalesce(eb.ref('excluded.profile_url'), eb.ref('contacts.profile_url')),
        avatar_url: eb.fn.coalesce(eb.ref('excluded.avatar_url'), eb.ref('contacts.avatar_url')),
        updated_at: now,
      })),
    )
    .returning(['id', 'client_id'])
    .executeTakeFirstOrThrow();

  const client = contact.client_id
    ? await tx.selectFrom('clients').select(['advisor_id']).where('id', '=', contact.client_id).where('bank_id', '=', bankId).executeTakeFirst()
    : undefined;
  const advisorId = client?.advisor_id ?? null;

  // Microseconds per message: read in the hot path, so every stored message carries its reading.
  const analysis = analyze(item.body, { channel: item.channel });
  // Lists and notifications never show personal data, even to staff.
  const excerpt = excerptOf(mask(item.body, analysis.pii) || (item.attachments.length ? '📎' : ''));
  const signals = {
    intent: analysis.intent,
    sentiment: analysis.sentiment,
    urgency: analysis.urgency,
    insult: analysis.insult,
    rumour: analysis.rumour,
    language: analysis.language,
  };
  const conversationId = randomUUID();
  const conversation = await tx
    .insertInto('conversations')
    .values({
      id: conversationId,
      bank_id: bankId,
      team_id: contact.client_id ? teams.advisors : teams.socialCare,
      channel: item.channel,
      kind: item.conversationKind,
      thread_key: item.threadKey,
      contact_id: contact.id,
      excerpt,
      last_message_at: createdAt,
      last_inbound_at: createdAt,
      ...signals,
    })
    .onConflict((oc) =>
      oc.columns(['bank_id', 'channel', 'thread_key']).doUpdateSet((eb) => ({
        // An inbound message reopens a resolved conversation; the newest message sets the excerpt.
        status: eb.case().when('conversations.status', '=', 'resolved').then('open').else(eb.ref('conversations.status')).end().$castTo<'open' | 'pending' | 'resolved'>(),
        excerpt: eb.case().when('conversations.last_message_at', '<=', createdAt).then(excerpt).else(eb.ref('conversations.excerpt')).end(),
        // The latest inbound message's reading drives the badges and filters.
        ...Object.fromEntries(
          Object.entries(signals).map(([column, value]) => [
            column,
            eb.case().when(eb.fn.coalesce('conversations.last_inbound_at', eb.val(new Date(0))), '<=', createdAt).then(value).else(eb.ref(`conversations.${column}` as 'conversations.intent')).end(),
          ]),
        ),
        last_message_at: eb.fn('greatest', [eb.ref('conversations.last_message_at'), eb.val(createdAt)]),
        last_inbound_at: eb.fn('greatest', [eb.fn.coalesce(eb.ref('conversations.last_inbound_at'), eb.val(createdAt)), eb.val(createdAt)]),
        updated_at: now,
      })),
    )
    .returning(['id', 'team_id'])
    .executeTakeFirstOrThrow();

  const messageId = randomUUID();
  const inserted = await tx
    .insertInto('messages')
    .values({
      id: messageId,
      bank_id: bankId,
      conversation_id: conversation.id,
      direction: 'inbound',
      visibility: item.conversationKind === 'public' ? 'public' : 'private',
      platform_message_id: item.platformMessageId,
      reply_to_platform_id: item.replyToPlatformId,
      author_contact_id: contact.id,
      body: item.body,
      attachments: JSON.stringify(item.attachments),
      search_vector: frenchSearchVector(`${item.author.displayName} ${item.author.handle ?? ''} ${item.title ?? ''} ${item.body}`),
      created_at: createdAt,
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
      rating: item.rating ?? null,
      title: item.title ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(['id'])
    .executeTakeFirst();
  if (!inserted) {
    // The same platform item under a new item id: a review or comment edited since (pollers see
    // the new version, webhooks may resend it). Apply it as an edit; identical content is a no-op.
    return applyMessageChange(
      tx,
      bankId,
      { channel: item.channel, threadKey: item.threadKey, platformMessageId: item.platformMessageId },
      { change: 'edited', body: item.body, rating: item.rating, title: item.title, at: createdAt },
    );
  }

  const scope = { bankId, conversationId: conversation.id, teamId: conversation.team_id, advisorId, at: now.toISOString() };
  const events: BusEvent[] = [];
  if (conversation.id === conversationId) events.push({ type: 'conversation.created', ...scope, messageId: null });
  events.push({ type: 'message.created', ...scope, messageId });
  return { outcome: 'created', events };
}

/**
 * The bank's own messages come back from the platforms (Messenger echoes, our tweets). One we
 * sent is already stored; one written on the platform's own screens is kept as a sent reply.
 */
async function recordEcho(tx: Transaction<DB>, bankId: string, item: MessageItem, createdAt: Date): Promise<RecordResult> {
  const conversation = await tx
    .selectFrom('conversations')
    .select(['id', 'team_id'])
    .where('bank_id', '=', bankId)
    .where('channel', '=', item.channel)
    .where('thread_key', '=', item.threadKey)
    .executeTakeFirst();
  if (!conversation) return { outcome: 'skipped', events: [] };
  const known = await tx
    .selectFrom('messages')
    .select(['id'])
    .where('conversation_id', '=', conversation.id)
    .where('platform_message_id', '=', item.platformMessageId)
    .executeTakeFirst();
  if (known) return { outcome: 'duplicate', events: [] };
  const messageId = randomUUID();
  await tx
    .insertInto('messages')
    .values({
      id: messageId,
      bank_id: bankId,
      conversation_id: conversation.id,
      direction: 'outbound',
      visibility: item.conversationKind === 'public' ? 'public' : 'private',
      platform_message_id: item.platformMessageId,
      reply_to_platform_id: item.replyToPlatformId,
      body: item.body,
      attachments: JSON.stringify(item.attachments),
      search_vector: frenchSearchVector(item.body),
      created_at: createdAt,
      delivery_status: 'sent',
    })
    .execute();
  return {
    outcome: 'created',
    events: [
      { type: 'message.created', bankId, conversationId: conversation.id, teamId: conversation.team_id, advisorId: null, messageId, at: new Date().toISOString() },
    ],
  };
}
