import { BANK_WIDE_ROLES, type Channel } from '@agora/contracts/common.schema.ts';
import type { ConversationListItem, ListConversationsQuery, Message, MessageAnalysis } from '@agora/contracts/conversation.schema.ts';
import type { SlaBadge } from '@agora/contracts/sla.schema.ts';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB, StoredAttachment } from '../../platform/db/db.types.ts';
import { frenchSearchQuery } from '../../platform/db/search-vector.ts';
import { attachSlaBadges } from '../sla/sla-badge.ts';
import { invalidCursor } from './conversation.errors.ts';

type ListRow = {
  id: string;
  channel: string;
  kind: 'public' | 'private';
  status: 'open' | 'pending' | 'resolved';
  team_id: string;
  team_name: string;
  contact_id: string;
  contact_handle: string | null;
  contact_display_name: string;
  contact_avatar_url: string | null;
  excerpt: string;
  last_message_at: Date;
  last_inbound_at: Date | null;
  last_read_at: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  advisor_id: string | null;
  intent: string | null;
  sentiment: string | null;
  urgency: string | null;
  insult: boolean;
  rumour: boolean;
  sla?: SlaBadge | null;
  not_answered_reason: string | null;
};

export function encodeCursor(at: Date, id: string) {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw invalidCursor();
  return { at, id };
}

/** The visibility rule of canSeeConversation, as SQL, so lists never load what they must hide. */
function visibleTo(p: StaffPrincipal) {
  return (eb: ExpressionBuilder<DB & { cl: DB['clients'] }, 'conversations' | 'cl'>) => {
    if (BANK_WIDE_ROLES.includes(p.role)) return eb.val(true);
    const ors = [];
    if (p.teamIds.length) ors.push(eb('conversations.team_id', 'in', p.teamIds));
    ors.push(eb('cl.advisor_id', '=', p.userId));
    return eb.or(ors);
  };
}

function baseQuery(db: Kysely<DB>, bankId: string) {
  return db
    .selectFrom('conversations')
    .innerJoin('teams', 'teams.id', 'conversations.team_id')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .leftJoin('clients as cl', 'cl.id', 'contacts.client_id')
    .leftJoin('staff_users as assignee', 'assignee.id', 'conversations.assignee_id')
    .where('conversations.bank_id', '=', bankId)
    .select([
      'conversations.id',
      'conversations.channel',
      'conversations.kind',
      'conversations.status',
      'conversations.team_id',
      'teams.name as team_name',
      'contacts.id as contact_id',
      'contacts.handle as contact_handle',
      'contacts.display_name as contact_display_name',
      'contacts.avatar_url as contact_avatar_url',
      'conversations.excerpt',
      'conversations.last_message_at',
      'conversations.last_inbound_at',
      'conversations.last_read_at',
      'conversations.assignee_id',
      'assignee.display_name as assignee_name',
      'cl.advisor_id',
      'conversations.intent',
      'conversations.sentiment',
      'conversations.urgency',
      'conversations.insult',
      'conversations.rumour',
      'conversations.not_answered_reason',
    ]);
}

export function toListItem(r: ListRow): ConversationListItem {
  return {
    id: r.id,
    channel: r.channel as ConversationListItem['channel'],
    kind: r.kind,
    status: r.status,
    teamId: r.team_id,
    teamName: r.team_name,
    contact: { id: r.contact_id, handle: r.contact_handle, displayName: r.contact_display_name, avatarUrl: r.contact_avatar_url },
    excerpt: r.excerpt,
    lastMessageAt: r.last_message_at.toISOString(),
    assignee: r.assignee_id ? { id: r.assignee_id, displayName: r.assignee_name ?? '' } : null,
    unread: r.last_inbound_at !== null && (r.last_read_at === null || r.last_inbound_at > r.last_read_at),
    sla: r.sla ?? null,
    signals: {
      intent: r.intent,
      sentiment: r.sentiment as ConversationListItem['signals']['sentiment'],
      urgency: r.urgency as ConversationListItem['signals']['urgency'],
      insult: r.insult,
      rumour: r.rumour,
    },
    notAnsweredReason: r.not_answered_reason,
  };
}

export async function listConversations(db: Kysely<DB>, p: StaffPrincipal, q: ListConversationsQuery) {
  let query = baseQuery(db, p.bankId).where(visibleTo(p));
  if (q.status) query = query.where('conversations.status', '=', q.status);
  if (q.channel) query = query.where('conversations.channel', '=', q.channel);
  if (q.intent) query = query.where('conversations.intent', '=', q.intent);
  if (q.sentiment) query = query.where('conversations.sentiment', '=', q.sentiment);
  if (q.urgency) query = query.where('conversations.urgency', '=', q.urgency);
  if (q.tag)
    query = query.where(
      sql<boolean>`exists (select 1 from conversation_tags t where t.conversation_id = conversations.id and t.tag = ${q.tag})`,
    );
  if (q.assignee === 'me') query = query.where('conversations.assignee_id', '=', p.userId);
  if (q.assignee === 'unassigned') query = query.where('conversations.assignee_id', 'is', null);
  if (q.assignee === 'team')
    query = p.teamIds.length ? query.where('conversations.team_id', 'in', p.teamIds) : query.where(sql<boolean>`false`);
  if (q.search) {
    const tsq = frenchSearchQuery(q.search);
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('messages')
          .select(sql`1`.as('one'))
          .whereRef('messages.conversation_id', '=', 'conversations.id')
          .where('messages.bank_id', '=', p.bankId)
          .where(sql<boolean>`messages.search_vector @@ ${tsq}`),
      ),
    );
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('conversations.last_message_at', '<', c.at),
        eb.and([eb('conversations.last_message_at', '=', c.at), eb('conversations.id', '<', c.id)]),
      ]),
    );
  }
  const rows = (await query
    .orderBy('conversations.last_message_at', 'desc')
    .orderBy('conversations.id', 'desc')
    .limit(q.limit + 1)
    .execute()) as ListRow[];
  const page = rows.slice(0, q.limit);
  await attachSlaBadges(db, p.bankId, page);
  const last = page.at(-1);
  return { items: page.map(toListItem), nextCursor: rows.length > q.limit && last ? encodeCursor(last.last_message_at, last.id) : null };
}

export async function findConversationRow(db: Kysely<DB>, bankId: string, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = (await baseQuery(db, bankId).where('conversations.id', '=', id).executeTakeFirst()) as ListRow | undefined;
  if (row) await attachSlaBadges(db, bankId, [row]);
  return row;
}

export async function findContact(db: Kysely<DB>, bankId: string, contactId: string) {
  return db
    .selectFrom('contacts')
    .select(['id', 'platform', 'platform_user_id', 'handle', 'display_name', 'profile_url', 'avatar_url', 'client_id'])
    .where('bank_id', '=', bankId)
    .where('id', '=', contactId)
    .executeTakeFirstOrThrow();
}

export async function otherConversationsOf(db: Kysely<DB>, p: StaffPrincipal, contactId: string, exceptId: string) {
  const rows = (await baseQuery(db, p.bankId)
    .where(visibleTo(p))
    .where('conversations.contact_id', '=', contactId)
    .where('conversations.id', '!=', exceptId)
    .orderBy('conversations.last_message_at', 'desc')
    .limit(20)
    .execute()) as ListRow[];
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel as Channel,
    excerpt: r.excerpt,
    status: r.status,
    lastMessageAt: r.last_message_at.toISOString(),
  }));
}

export async function listMessages(db: Kysely<DB>, bankId: string, conversationId: string, messageId?: string): Promise<Message[]> {
  let query = db
    .selectFrom('messages')
    .leftJoin('contacts', 'contacts.id', 'messages.author_contact_id')
    .leftJoin('staff_users', 'staff_users.id', 'messages.author_user_id')
    .where('messages.bank_id', '=', bankId)
    .where('messages.conversation_id', '=', conversationId)
    .select([
      'messages.id',
      'messages.conversation_id',
      'messages.direction',
      'messages.visibility',
      'messages.body',
      'messages.attachments',
      'messages.created_at',
      'messages.delivery_status',
      'messages.delivery_error',
      'messages.delivery_attempts',
      'messages.author_contact_id',
      'messages.author_user_id',
      'messages.language',
      'messages.intent',
      'messages.intent_confidence',
      'messages.sentiment',
      'messages.sentiment_score',
      'messages.insult',
      'messages.insult_reason',
      'messages.urgency',
      'messages.rumour',
      'messages.pii',
      'messages.edited_at',
      'messages.deleted_at',
      'messages.hidden_at',
      'messages.rating',
      'messages.title',
      'messages.approval_state',
      'messages.approval_reason',
      'messages.approval_comment',
      'messages.approved_by',
      'messages.scheduled_at',
      'messages.scheduled_cancelled_at',
      'contacts.display_name as contact_name',
      'staff_users.display_name as staff_name',
    ])
    .orderBy('messages.created_at')
    .orderBy('messages.id');
  if (messageId) query = query.where('messages.id', '=', messageId);
  const rows = await query.limit(1000).execute();
  return rows.map((m) => ({
    id: m.id,
    conversationId: m.conversation_id,
    direction: m.direction,
    visibility: m.visibility,
    body: m.body,
    attachments: (typeof m.attachments === 'string' ? JSON.parse(m.attachments) : m.attachments) as StoredAttachment[],
    author: m.author_contact_id
      ? { kind: 'contact' as const, id: m.author_contact_id, displayName: m.contact_name ?? '' }
      : { kind: 'staff' as const, id: m.author_user_id ?? '', displayName: m.staff_name ?? 'Banque Exemple' },
    createdAt: m.created_at.toISOString(),
    deliveryStatus: m.delivery_status,
    deliveryError: m.delivery_error,
    deliveryAttempts: m.delivery_attempts,
    analysis:
      m.direction === 'inbound' && m.intent !== null
        ? ({
            language: m.language,
            intent: m.intent,
            intentConfidence: m.intent_confidence ?? 0,
            sentiment: m.sentiment,
            sentimentScore: m.sentiment_score ?? 0,
            insult: m.insult,
            insultReason: m.insult_reason,
            urgency: m.urgency,
            rumour: m.rumour,
            pii: typeof m.pii === 'string' ? JSON.parse(m.pii) : m.pii,
          } as MessageAnalysis)
        : null,
    approval: m.approval_state
      ? { state: m.approval_state, reason: m.approval_reason, comment: m.approval_comment, by: m.approved_by }
      : null,
    editedAt: m.edited_at?.toISOString() ?? null,
    deletedAt: m.deleted_at?.toISOString() ?? null,
    hiddenAt: m.hidden_at?.toISOString() ?? null,
    rating: m.rating,
    title: m.title,
    scheduled: m.scheduled_at ? { at: m.scheduled_at.toISOString(), cancelledAt: m.scheduled_cancelled_at?.toISOString() ?? null } : null,
  }));
}
