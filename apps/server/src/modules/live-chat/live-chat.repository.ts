import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';
import './live-chat.tables.ts';
import type { VisitorMessage } from './live-chat.schema.ts';

export interface Visitor {
  id: string;
  bankId: string;
  language: 'fr' | 'en';
  name: string | null;
  email: string | null;
  topic: string | null;
  prechatDone: boolean;
  firstMessageAt: Date | null;
}

const VISITOR_COLUMNS = ['id', 'bank_id', 'language', 'name', 'email', 'topic', 'prechat_done', 'first_message_at'] as const;

const toVisitor = (row: {
  id: string;
  bank_id: string;
  language: 'fr' | 'en';
  name: string | null;
  email: string | null;
  topic: string | null;
  prechat_done: boolean;
  first_message_at: Date | null;
}): Visitor => ({
  id: row.id,
  bankId: row.bank_id,
  language: row.language,
  name: row.name,
  email: row.email,
  topic: row.topic,
  prechatDone: row.prechat_done,
  firstMessageAt: row.first_message_at,
});

export async function findVisitorByTokenHash(db: Kysely<DB>, bankId: string, tokenHash: string): Promise<Visitor | null> {
  const row = await db
    .selectFrom('live_chat_visitors')
    .select(VISITOR_COLUMNS)
    .where('bank_id', '=', bankId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toVisitor(row) : null;
}

export async function insertVisitor(
  db: Kysely<DB>,
  values: { id: string; bankId: string; tokenHash: string; language: 'fr' | 'en' },
): Promise<Visitor> {
  const row = await db
    .insertInto('live_chat_visitors')
    .values({ id: values.id, bank_id: values.bankId, token_hash: values.tokenHash, language: values.language })
    .returning(VISITOR_COLUMNS)
    .executeTakeFirstOrThrow();
  return toVisitor(row);
}

export async function updateVisitor(
  db: Kysely<DB>,
  bankId: string,
  visitorId: string,
  values: Partial<{
    language: 'fr' | 'en';
    name: string | null;
    email: string | null;
    topic: string | null;
    prechat_done: boolean;
    first_message_at: Date;
    last_seen_at: Date;
  }>,
): Promise<void> {
  await db.updateTable('live_chat_visitors').set(values).where('bank_id', '=', bankId).where('id', '=', visitorId).execute();
}

export async function insertUpload(
  db: Kysely<DB>,
  values: { id: string; bankId: string; visitorId: string; contentType: string; fileName: string; data: Uint8Array },
): Promise<void> {
  await db
    .insertInto('live_chat_uploads')
    .values({
      id: values.id,
      bank_id: values.bankId,
      visitor_id: values.visitorId,
      content_type: values.contentType,
      file_name: values.fileName,
      size_bytes: values.data.byteLength,
      data: values.data,
    })
    .execute();
}

/** Upload metadata; `visitorId` given restricts it to the visitor who sent it. */
export async function findUploadMeta(db: Kysely<DB>, bankId: string, uploadIds: string[], visitorId: string | null) {
  if (uploadIds.length === 0) return [];
  let query = db
    .selectFrom('live_chat_uploads')
    .select(['id', 'visitor_id', 'content_type', 'file_name', 'size_bytes'])
    .where('bank_id', '=', bankId)
    .where('id', 'in', uploadIds);
  if (visitorId) query = query.where('visitor_id', '=', visitorId);
  return query.execute();
}

export async function readUploadData(db: Kysely<DB>, bankId: string, uploadId: string, visitorId: string | null) {
  let query = db
    .selectFrom('live_chat_uploads')
    .select(['id', 'visitor_id', 'content_type', 'file_name', 'data'])
    .where('bank_id', '=', bankId)
    .where('id', '=', uploadId);
  if (visitorId) query = query.where('visitor_id', '=', visitorId);
  return (await query.executeTakeFirst()) ?? null;
}

/** The visitor's conversation (one per visitor) with what the visibility check needs. */
export async function findVisitorConversation(db: Kysely<DB>, bankId: string, visitorId: string) {
  return (
    (await db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .leftJoin('clients', 'clients.id', 'contacts.client_id')
      .select(['conversations.id', 'conversations.team_id', 'clients.advisor_id'])
      .where('conversations.bank_id', '=', bankId)
      .where('conversations.channel', '=', 'live_chat')
      .where('conversations.thread_key', '=', visitorId)
      .executeTakeFirst()) ?? null
  );
}

/** A live-chat conversation by id, for staff routes: scope for the visibility check and its visitor. */
export async function findLiveChatConversation(db: Kysely<DB>, bankId: string, conversationId: string) {
  return (
    (await db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .leftJoin('clients', 'clients.id', 'contacts.client_id')
      .select(['conversations.id', 'conversations.team_id', 'conversations.thread_key', 'conversations.channel', 'clients.advisor_id'])
      .where('conversations.bank_id', '=', bankId)
      .where('conversations.id', '=', conversationId)
      .executeTakeFirst()) ?? null
  );
}

const UPLOAD_URL = /^\/api\/live-chat\/uploads\/([0-9a-f-]{36})$/;

/**
 * What the visitor may see of their conversation: their own messages and the replies sent to
 * them — never internal notes, nor a reply still being sent. `messageId` narrows it to one.
 */
export async function visitorMessages(db: Kysely<DB>, bankId: string, visitorId: string, messageId?: string): Promise<VisitorMessage[]> {
  let query = db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .leftJoin('staff_users', 'staff_users.id', 'messages.author_user_id')
    .select([
      'messages.id',
      'messages.direction',
      'messages.platform_message_id',
      'messages.body',
      'messages.attachments',
      'messages.created_at',
      'staff_users.first_name',
    ])
    .where('conversations.bank_id', '=', bankId)
    .where('conversations.channel', '=', 'live_chat')
    .where('conversations.thread_key', '=', visitorId)
    .where((eb) =>
      eb.or([
        eb('messages.direction', '=', 'inbound'),
        eb.and([
          eb('messages.direction', '=', 'outbound'),
          eb('messages.visibility', '=', 'private'),
          eb('messages.delivery_status', '=', 'sent'),
        ]),
      ]),
    )
    .orderBy('messages.created_at', 'desc')
    .limit(200);
  if (messageId) query = query.where('messages.id', '=', messageId);
  const rows = await query.execute();
  return rows.reverse().map((row) => {
    const stored = (typeof row.attachments === 'string' ? JSON.parse(row.attachments) : row.attachments) as {
      type: string;
      url: string;
      name: string | null;
    }[];
    return {
      // The visitor knows their own messages by the id the chat gave them when they were sent.
      id: row.direction === 'inbound' ? (row.platform_message_id ?? row.id) : row.id,
      from: row.direction === 'inbound' ? 'visitor' : 'agent',
      text: row.body,
      attachments: stored.flatMap((a) => {
        const upload = UPLOAD_URL.exec(a.url);
        return upload
          ? [{ type: a.type === 'image' ? ('image' as const) : ('file' as const), url: `/chat/api/uploads/${upload[1]}`, name: a.name }]
          : [];
      }),
      at: new Date(row.created_at).toISOString(),
      agentName: row.direction === 'outbound' ? (row.first_name ?? null) : null,
    };
  });
}
