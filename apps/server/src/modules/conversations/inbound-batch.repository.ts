import { sql, type Transaction } from 'kysely';
import type { ContactsTable, DB } from '../../platform/db/db.types.ts';
import { PREPARED } from '../../platform/db/prepared-statements.ts';

/** A person, keyed by platform and platform id. */
export type ContactInput = Pick<
  ContactsTable,
  'id' | 'platform' | 'platform_user_id' | 'handle' | 'display_name' | 'profile_url' | 'avatar_url'
>;

/** A conversation, with its person's key instead of a contact id (the statement resolves it). */
export interface ThreadInput {
  id: string;
  platform: string;
  platform_user_id: string;
  channel: string;
  kind: 'public' | 'private';
  thread_key: string;
  excerpt: string;
  at: string;
  intent: string | null;
  sentiment: string | null;
  urgency: string | null;
  insult: boolean;
  rumour: boolean;
  language: string | null;
  status: 'open' | 'resolved';
  not_answered_reason: string | null;
}

/** A message, with its conversation's and author's keys. `search_text` is already unaccented. */
export interface MessageInput {
  id: string;
  platform: string;
  platform_user_id: string;
  channel: string;
  thread_key: string;
  visibility: 'public' | 'private';
  platform_message_id: string;
  reply_to_platform_id: string | null;
  body: string;
  attachments: unknown[];
  search_text: string;
  created_at: string;
  language: string | null;
  intent: string | null;
  intent_confidence: number | null;
  sentiment: string | null;
  sentiment_score: number | null;
  insult: boolean;
  insult_reason: string | null;
  urgency: string | null;
  rumour: boolean;
  pii: unknown[];
  rating: number | null;
  title: string | null;
}

export interface PeopleBatch {
  contacts: ContactInput[];
  threads: ThreadInput[];
  messages: MessageInput[];
}

export interface WrittenBatch {
  contacts: { id: string; platform: string; platform_user_id: string; client_id: string | null }[];
  advisors: { id: string; advisor_id: string | null }[];
  conversations: { id: string; team_id: string; channel: string; thread_key: string; contact_id: string; inserted: boolean }[];
  /** Ids of the messages stored; the others were already held (edits). */
  messages: string[];
}

/**
 * The rows travel as JSON text: lone surrogates (a truncated emoji) become U+FFFD as they would in
 * a text parameter, and NUL, which Postgres text cannot hold, is dropped rather than failing the batch.
 */
const toJson = (rows: unknown[]) =>
  JSON.stringify(rows, (_key, value) => (typeof value === 'string' ? wellFormed(value).replaceAll('\u0000', '') : value));

/** String.prototype.toWellFormed (Node 20), not yet in TypeScript's ES2023 library. */
const wellFormed = (text: string) => (text as string & { toWellFormed(): string }).toWellFormed();

/**
 * Contacts, conversations and messages of a batch in one statement: each step reads the ids the
 * step before returned, so a batch costs one round trip instead of one per table (under load,
 * every round trip also waits its turn on the event loop). The routing rule of the foundation
 * lives here: a contact linked to a client goes to the advisors' team, any other to social care.
 */
export async function writePeopleBatch(
  tx: Transaction<DB>,
  bankId: string,
  teams: { socialCare: string; advisors: string },
  now: Date,
  batch: PeopleBatch,
): Promise<WrittenBatch> {
  const newer = sql`conversations.last_message_at <= excluded.last_message_at`;
  const { rows } = await sql<WrittenBatch>`${PREPARED}
    with contact_input as (
      select * from json_to_recordset(${toJson(batch.contacts)}::json) as x(
        id uuid, platform text, platform_user_id text, handle text, display_name text, profile_url text, avatar_url text)
    ), contact_rows as (
      insert into contacts (id, bank_id, platform, platform_user_id, handle, display_name, profile_url, avatar_url)
      select id, ${bankId}::uuid, platform, platform_user_id, handle, display_name, profile_url, avatar_url from contact_input
      -- Rows locked in key order: batches written side by side (ingest lanes, worker processes)
      -- that share a contact or a conversation wait for each other instead of deadlocking.
      order by platform, platform_user_id
      on conflict (bank_id, platform, platform_user_id) do update set
        handle = coalesce(excluded.handle, contacts.handle),
        -- A platform that sends only an id (Messenger, Instagram DMs) must not erase a real name.
        display_name = case when excluded.display_name = excluded.platform_user_id then contacts.display_name else excluded.display_name end,
        profile_url = coalesce(excluded.profile_url, contacts.profile_url),
        avatar_url = coalesce(excluded.avatar_url, contacts.avatar_url),
        updated_at = ${now}
      returning id, platform, platform_user_id, client_id
    ), thread_input as (
      select * from json_to_recordset(${toJson(batch.threads)}::json) as x(
        id uuid, platform text, platform_user_id text, channel text, kind text, thread_key text, excerpt text, at timestamptz,
        intent text, sentiment text, urgency text, insult boolean, rumour boolean, language text, status text, not_answered_reason text)
    ), conversation_rows as (
      insert into conversations (id, bank_id, team_id, channel, kind, thread_key, contact_id, excerpt, last_message_at, last_inbound_at,
        intent, sentiment, urgency, insult, rumour, language, status, not_answered_reason)
      select t.id, ${bankId}::uuid, case when c.client_id is null then ${teams.socialCare}::uuid else ${teams.advisors}::uuid end,
        t.channel, t.kind, t.thread_key, c.id, t.excerpt, t.at, t.at,
        t.intent, t.sentiment, t.urgency, t.insult, t.rumour, t.language, t.status, t.not_answered_reason
      from thread_input t join contact_rows c on c.platform = t.platform and c.platform_user_id = t.platform_user_id
      order by t.channel, t.thread_key
      on conflict (bank_id, channel, thread_key) do update set
        -- An inbound message reopens a resolved conversation; the newest message sets the excerpt.
        -- A newer insult sets the conversation aside; any other inbound message reopens it.
        status = case when ${newer} and excluded.not_answered_reason is not null then 'resolved'
          when conversations.status = 'resolved' then 'open' else conversations.status end,
        not_answered_reason = case when ${newer} then excluded.not_answered_reason else conversations.not_answered_reason end,
        excerpt = case when ${newer} then excluded.excerpt else conversations.excerpt end,
        intent = case when ${newer} then excluded.intent else conversations.intent end,
        sentiment = case when ${newer} then excluded.sentiment else conversations.sentiment end,
        urgency = case when ${newer} then excluded.urgency else conversations.urgency end,
        insult = case when ${newer} then excluded.insult else conversations.insult end,
        rumour = case when ${newer} then excluded.rumour else conversations.rumour end,
        language = case when ${newer} then excluded.language else conversations.language end,
        last_message_at = greatest(conversations.last_message_at, excluded.last_message_at),
        last_inbound_at = greatest(coalesce(conversations.last_inbound_at, excluded.last_inbound_at), excluded.last_inbound_at),
        updated_at = ${now}
      returning id, team_id, channel, thread_key, contact_id, xmax = 0 as inserted
    ), message_input as (
      select * from json_to_recordset(${toJson(batch.messages)}::json) as x(
        id uuid, platform text, platform_user_id text, channel text, thread_key text, visibility text, platform_message_id text,
        reply_to_platform_id text, body text, attachments jsonb, search_text text, created_at timestamptz, language text,
        intent text, intent_confidence real, sentiment text, sentiment_score real, insult boolean, insult_reason text,
        urgency text, rumour boolean, pii jsonb, rating smallint, title text)
    ), message_rows as (
      insert into messages (id, bank_id, conversation_id, direction, visibility, platform_message_id, reply_to_platform_id,
        author_contact_id, body, attachments, search_vector, created_at, language, intent, intent_confidence, sentiment,
        sentiment_score, insult, insult_reason, urgency, rumour, pii, rating, title)
      select m.id, ${bankId}::uuid, v.id, 'inbound', m.visibility, m.platform_message_id, m.reply_to_platform_id,
        c.id, m.body, m.attachments, to_tsvector('french', m.search_text), m.created_at, m.language, m.intent, m.intent_confidence,
        m.sentiment, m.sentiment_score, m.insult, m.insult_reason, m.urgency, m.rumour, m.pii, m.rating, m.title
      from message_input m
      join conversation_rows v on v.channel = m.channel and v.thread_key = m.thread_key
      join contact_rows c on c.platform = m.platform and c.platform_user_id = m.platform_user_id
      on conflict do nothing
      returning id
    )
    select
      (select coalesce(json_agg(json_build_object('id', id, 'platform', platform, 'platform_user_id', platform_user_id,
        'client_id', client_id)), '[]') from contact_rows) as contacts,
      (select coalesce(json_agg(json_build_object('id', clients.id, 'advisor_id', clients.advisor_id)), '[]') from clients
        where clients.bank_id = ${bankId}::uuid and clients.id in (select client_id from contact_rows)) as advisors,
      (select coalesce(json_agg(json_build_object('id', id, 'team_id', team_id, 'channel', channel, 'thread_key', thread_key,
        'contact_id', contact_id, 'inserted', inserted)), '[]') from conversation_rows) as conversations,
      (select coalesce(json_agg(id), '[]') from message_rows) as messages`.execute(tx);
  // A select without FROM returns its one row; both drivers hand json back parsed.
  const [row] = rows;
  if (!row) throw new Error('the batch statement returned no row');
  return row;
}
