import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { type Analysis, analyze, mask } from '@agora/nlu/analyze.ts';
import type { Transaction } from 'kysely';
import type { NormalizedItem, Platform } from '../../connectors/connector.types.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { excerptOf, unaccent } from '../../platform/text.ts';
import { applyMessageChange } from './conversation-update.service.ts';
import { type MessageInput, type ThreadInput, writePeopleBatch } from './inbound-batch.repository.ts';

export type MessageItem = Extract<NormalizedItem, { kind: 'message' }>;

export interface RecordResult {
  outcome: 'created' | 'duplicate' | 'skipped';
  events: BusEvent[];
}

export interface InboundEntry {
  platform: Platform;
  item: MessageItem;
}

/** Comment-style public channels: several people answer under one post. */
const SHARED_PUBLIC_THREADS = new Set(['facebook', 'instagram', 'x']);

/**
 * A conversation is a thread with one person (DOMAIN.md): under a shared post each commenter
 * has their own conversation, keyed by the post and the person.
 */
export function conversationKeyOf(item: MessageItem): string {
  return SHARED_PUBLIC_THREADS.has(item.channel) && item.conversationKind === 'public'
    ? `${item.threadKey}#${item.author.platformUserId}`
    : item.threadKey;
}

const timeOf = (item: MessageItem, now: Date) => {
  const at = new Date(item.createdAt);
  return Number.isNaN(at.getTime()) ? now : at;
};

/**
 * Turns a batch of inbound items into contacts, conversations and messages with one statement
 * (inbound-batch.repository.ts), inside the caller's transaction; edits and the bank's own
 * echoes, rare, follow one by one. Routing rule of the foundation: a contact linked to a client
 * goes to the advisors' team (the client's advisor also sees it), every other one to social care.
 */
export async function recordInboundBatch(
  tx: Transaction<DB>,
  bankId: string,
  entries: InboundEntry[],
  teams: { socialCare: string; advisors: string },
): Promise<RecordResult[]> {
  const now = new Date();
  const results: RecordResult[] = entries.map(() => ({ outcome: 'skipped', events: [] }));
  const people = entries.map((e, index) => ({ ...e, index, at: timeOf(e.item, now) })).filter((e) => !e.item.fromBank);

  if (people.length > 0) {
    // Microseconds per message: read in the hot path, so every stored message carries its reading.
    const analyses = new Map<number, Analysis>(people.map((e) => [e.index, analyze(e.item.body, { channel: e.item.channel })]));

    // Contacts, one row per person (the latest item's profile wins).
    const contactKey = (e: { platform: string; item: MessageItem }) => `${e.platform}\u0000${e.item.author.platformUserId}`;
    const latestByContact = new Map<string, (typeof people)[number]>();
    for (const e of people) {
      const known = latestByContact.get(contactKey(e));
      if (!known || known.at <= e.at) latestByContact.set(contactKey(e), e);
    }
    const contactRows = [...latestByContact.values()].map((e) => ({
      id: randomUUID(),
      platform: e.platform,
      platform_user_id: e.item.author.platformUserId,
      handle: e.item.author.handle,
      display_name: e.item.author.displayName,
      profile_url: e.item.author.profileUrl,
      avatar_url: e.item.author.avatarUrl,
    }));

    // Conversations, one row per thread: the newest item sets excerpt and signals.
    const threadKey = (e: (typeof people)[number]) => `${e.item.channel}\u0000${conversationKeyOf(e.item)}`;
    const byThread = new Map<string, { first: (typeof people)[number]; latest: (typeof people)[number] }>();
    for (const e of people) {
      const known = byThread.get(threadKey(e));
      if (!known) byThread.set(threadKey(e), { first: e, latest: e });
      else if (known.latest.at <= e.at) known.latest = e;
    }
    const threadRows = [...byThread.values()].map(({ first, latest }): ThreadInput => {
      const analysis = analyses.get(latest.index)!;
      return {
        id: randomUUID(),
        // The person: the conversation's contact and, through a linked client, its team.
        platform: first.platform,
        platform_user_id: first.item.author.platformUserId,
        channel: first.item.channel,
        kind: first.item.conversationKind,
        thread_key: conversationKeyOf(first.item),
        // Lists and notifications never show personal data, even to staff.
        excerpt: excerptOf(mask(latest.item.body, analysis.pii) || (latest.item.attachments.length ? '📎' : '')),
        at: latest.at.toISOString(),
        intent: analysis.intent,
        sentiment: analysis.sentiment,
        urgency: analysis.urgency,
        insult: analysis.insult,
        rumour: analysis.rumour,
        language: analysis.language,
        // Rule 4: an insult is not answered; the reason is kept and the conversation set aside.
        status: analysis.insult ? 'resolved' : 'open',
        not_answered_reason: analysis.insult ? `insulte : ${analysis.insultReason ?? 'propos injurieux'}` : null,
      };
    });

    // Messages; one already held under another item id is an edit (pollers, re-sent webhooks).
    const messageRows = people.map((e): MessageInput => {
      const analysis = analyses.get(e.index)!;
      return {
        id: randomUUID(),
        platform: e.platform,
        platform_user_id: e.item.author.platformUserId,
        channel: e.item.channel,
        thread_key: conversationKeyOf(e.item),
        visibility: e.item.conversationKind === 'public' ? 'public' : 'private',
        platform_message_id: e.item.platformMessageId,
        reply_to_platform_id: e.item.replyToPlatformId,
        body: e.item.body,
        attachments: e.item.attachments,
        search_text: unaccent(`${e.item.author.displayName} ${e.item.author.handle ?? ''} ${e.item.title ?? ''} ${e.item.body}`),
        created_at: e.at.toISOString(),
        language: analysis.language,
        intent: analysis.intent,
        intent_confidence: analysis.intentConfidence,
        sentiment: analysis.sentiment,
        sentiment_score: analysis.sentimentScore,
        insult: analysis.insult,
        insult_reason: analysis.insultReason ?? null,
        urgency: analysis.urgency,
        rumour: analysis.rumour,
        pii: analysis.pii,
        rating: e.item.rating ?? null,
        title: e.item.title ?? null,
      };
    });

    const written = await writePeopleBatch(tx, bankId, teams, now, { contacts: contactRows, threads: threadRows, messages: messageRows });
    const contacts = new Map(written.contacts.map((c) => [`${c.platform}\u0000${c.platform_user_id}`, c]));
    const advisors = new Map(written.advisors.map((c) => [c.id, c.advisor_id]));
    const conversations = new Map(written.conversations.map((c) => [`${c.channel}\u0000${c.thread_key}`, c]));
    const inserted = new Set(written.messages);
    for (const [i, e] of people.entries()) {
      const row = messageRows[i]!;
      const conversation = conversations.get(threadKey(e))!;
      if (!inserted.has(row.id)) {
        results[e.index] = await applyMessageChange(
          tx,
          bankId,
          { channel: e.item.channel, threadKey: conversation.thread_key, platformMessageId: e.item.platformMessageId },
          { change: 'edited', body: e.item.body, rating: e.item.rating, title: e.item.title, at: e.at },
        );
        continue;
      }
      const contact = contacts.get(contactKey(e))!;
      const scope = {
        bankId,
        conversationId: conversation.id,
        teamId: conversation.team_id,
        advisorId: contact.client_id ? (advisors.get(contact.client_id) ?? null) : null,
        at: now.toISOString(),
      };
      const events: BusEvent[] = [];
      // Announce a new conversation once, with the first of its messages in the batch.
      if (conversation.inserted && byThread.get(threadKey(e))?.first.index === e.index)
        events.push({ type: 'conversation.created', ...scope, messageId: null });
      events.push({ type: 'message.created', ...scope, messageId: row.id });
      results[e.index] = { outcome: 'created', events };
    }
  }

  // The bank's own messages coming back (echoes): rare, one by one, after the people's.
  for (const [index, e] of entries.entries()) {
    if (e.item.fromBank) results[index] = await recordEcho(tx, bankId, e.item, timeOf(e.item, now));
  }
  return results;
}

/**
 * The bank's own messages come back from the platforms (Messenger echoes, our tweets). One we
 * sent is already stored; one written on the platform's own screens in a private thread is kept
 * as a sent reply. A public one we did not send cannot be placed under a person: skipped.
 */
async function recordEcho(tx: Transaction<DB>, bankId: string, item: MessageItem, createdAt: Date): Promise<RecordResult> {
  const known = await tx
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id'])
    .where('messages.bank_id', '=', bankId)
    .where('conversations.channel', '=', item.channel)
    .where('messages.platform_message_id', '=', item.platformMessageId)
    .executeTakeFirst();
  if (known) return { outcome: 'duplicate', events: [] };
  if (item.conversationKind === 'public') return { outcome: 'skipped', events: [] };
  const conversation = await tx
    .selectFrom('conversations')
    .select(['id', 'team_id'])
    .where('bank_id', '=', bankId)
    .where('channel', '=', item.channel)
    .where('thread_key', '=', item.threadKey)
    .executeTakeFirst();
  if (!conversation) return { outcome: 'skipped', events: [] };
  const messageId = randomUUID();
  await tx
    .insertInto('messages')
    .values({
      id: messageId,
      bank_id: bankId,
      conversation_id: conversation.id,
      direction: 'outbound',
      visibility: 'private',
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
      {
        type: 'message.created',
        bankId,
        conversationId: conversation.id,
        teamId: conversation.team_id,
        advisorId: null,
        messageId,
        at: new Date().toISOString(),
      },
    ],
  };
}
