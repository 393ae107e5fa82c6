import { randomUUID } from 'node:crypto';
import type { Channel } from '@agora/contracts/common.schema.ts';
import type { Database } from '../db/database.ts';
import { frenchSearchVector } from '../db/search-vector.ts';

export interface BuiltMessage {
  direction: 'inbound' | 'outbound' | 'note';
  body: string;
  at: Date;
  authorUserId?: string;
}

let counter = 0;

/**
 * A conversation written straight into the tables, as ingest would leave it: a contact (linked to
 * `clientId` when given, or `contactId` reused), the thread and its messages. For tests about what
 * reads conversations (360, portfolio, segments), not about ingest itself.
 */
export async function buildConversation(
  database: Database,
  bankId: string,
  options: {
    teamId: string;
    channel?: Channel;
    clientId?: string | null;
    contactId?: string;
    status?: 'open' | 'pending' | 'resolved';
    messages: BuiltMessage[];
    lastReadAt?: Date | null;
  },
): Promise<{ conversationId: string; contactId: string; messageIds: string[] }> {
  const n = ++counter;
  const channel = options.channel ?? 'x_dm';
  const db = database.db;
  let contactId = options.contactId;
  if (!contactId) {
    contactId = randomUUID();
    await db
      .insertInto('contacts')
      .values({
        id: contactId,
        bank_id: bankId,
        platform: channel.startsWith('x') ? 'x' : channel === 'live_chat' ? 'live_chat' : 'meta',
        platform_user_id: `test-user-${n}-${contactId.slice(0, 8)}`,
        handle: `personne${n}`,
        display_name: `Personne ${n}`,
        client_id: options.clientId ?? null,
      })
      .execute();
  }
  const conversationId = randomUUID();
  const sorted = [...options.messages].sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = sorted.at(-1)?.at ?? new Date();
  const lastInbound = sorted.filter((m) => m.direction === 'inbound').at(-1)?.at ?? null;
  await db
    .insertInto('conversations')
    .values({
      id: conversationId,
      bank_id: bankId,
      team_id: options.teamId,
      channel,
      kind: channel.endsWith('_dm') || channel === 'messenger' || channel === 'live_chat' ? 'private' : 'public',
      thread_key: `thread-${n}-${conversationId.slice(0, 8)}`,
      contact_id: contactId,
      status: options.status ?? 'open',
      excerpt: sorted.at(-1)?.body.slice(0, 140) ?? '',
      last_message_at: last,
      last_inbound_at: lastInbound,
      last_read_at: options.lastReadAt ?? null,
    })
    .execute();
  const messageIds: string[] = [];
  for (const m of sorted) {
    const id = randomUUID();
    messageIds.push(id);
    await db
      .insertInto('messages')
      .values({
        id,
        bank_id: bankId,
        conversation_id: conversationId,
        direction: m.direction,
        visibility: m.direction === 'note' ? 'internal' : channel.endsWith('_dm') || channel === 'live_chat' ? 'private' : 'public',
        author_contact_id: m.direction === 'inbound' ? contactId : null,
        author_user_id: m.direction === 'inbound' ? null : (m.authorUserId ?? null),
        body: m.body,
        attachments: '[]',
        search_vector: frenchSearchVector(m.body),
        created_at: m.at,
      })
      .execute();
  }
  return { conversationId, contactId, messageIds };
}
