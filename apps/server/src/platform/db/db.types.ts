import type { ColumnType, Generated } from 'kysely';

/** Timestamps come back as Date from both PGlite and pg; we write Date or ISO strings. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface BanksTable {
  id: string;
  slug: string;
  name: string;
  created_at: DefaultedTimestamp;
}
export interface TeamsTable {
  id: string;
  bank_id: string;
  name: string;
  kind: 'social_care' | 'advisors';
}
export interface StaffUsersTable {
  id: string;
  bank_id: string;
  email: string;
  display_name: string;
  first_name: string;
  role: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  active: Generated<boolean>;
  failed_login_count: Generated<number>;
  locked_until: Timestamp | null;
  created_at: DefaultedTimestamp;
}
export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}
export interface StaffSessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
  expires_at: Timestamp;
  pending_totp: Generated<boolean>;
}
export interface StaffInvitationsTable {
  token_hash: string;
  user_id: string;
  purpose: 'invite' | 'reset';
  expires_at: Timestamp;
  used_at: Timestamp | null;
}
export interface LoginIpFailuresTable {
  ip: string;
  failures: Generated<number>;
  locked_until: Timestamp | null;
  updated_at: DefaultedTimestamp;
}
export interface ClientsTable {
  id: string;
  bank_id: string;
  first_name: string;
  last_name: string;
  advisor_id: string | null;
  created_at: DefaultedTimestamp;
  /** Where the client signs in and receives mail (0020_client_accounts.sql). */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  /** ISO date (yyyy-mm-dd): one of the three things a bank may ask in a private message. */
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface ContactsTable {
  id: string;
  bank_id: string;
  platform: string;
  platform_user_id: string;
  handle: string | null;
  display_name: string;
  profile_url: string | null;
  avatar_url: string | null;
  client_id: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  /** Profile lookup (0005): settled when set; attempts and the next try while it fails. */
  profile_fetched_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  profile_attempts: Generated<number>;
  profile_next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export interface ConversationsTable {
  id: string;
  bank_id: string;
  team_id: string;
  channel: string;
  kind: 'public' | 'private';
  thread_key: string;
  contact_id: string;
  status: Generated<'open' | 'pending' | 'resolved'>;
  assignee_id: string | null;
  excerpt: Generated<string>;
  last_message_at: Timestamp;
  last_inbound_at: Timestamp | null;
  last_read_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  intent: string | null;
  sentiment: string | null;
  urgency: string | null;
  insult: Generated<boolean>;
  rumour: Generated<boolean>;
  language: string | null;
  not_answered_reason: string | null;
}
export interface StoredAttachment {
  type: 'image' | 'video' | 'audio' | 'file';
  url: string;
  name: string | null;
}
export interface MessagesTable {
  id: string;
  bank_id: string;
  conversation_id: string;
  direction: 'inbound' | 'outbound' | 'note';
  visibility: 'public' | 'private' | 'internal';
  platform_message_id: string | null;
  reply_to_platform_id: string | null;
  author_contact_id: string | null;
  author_user_id: string | null;
  body: string;
  attachments: Json<StoredAttachment[]>;
  search_vector: ColumnType<string, string, string>;
  created_at: Timestamp;
  delivery_status: 'sending' | 'retrying' | 'sent' | 'failed' | null;
  delivery_error: string | null;
  delivery_attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  idempotency_key: string | null;
  language: string | null;
  intent: string | null;
  intent_confidence: number | null;
  sentiment: string | null;
  sentiment_score: number | null;
  insult: Generated<boolean>;
  insult_reason: string | null;
  urgency: string | null;
  rumour: Generated<boolean>;
  pii: ColumnType<StoredPiiSpan[], string | undefined, string>;
  rating: number | null;
  title: string | null;
  edited_at: Timestamp | null;
  deleted_at: Timestamp | null;
  hidden_at: Timestamp | null;
  edit_history: ColumnType<unknown[], string | undefined, string>;
  delivery_in_flight: Generated<boolean>;
  platform_tag: string | null;
  approval_state: 'pending' | 'approved' | 'rejected' | null;
  approval_reason: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  approval_comment: string | null;
  /** Send later (0014): due time; cancelled ones stay in the thread and are never sent. */
  scheduled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  scheduled_cancelled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  scheduled_cancelled_by: ColumnType<string | null, string | null | undefined, string | null>;
  pii_hide_attempted_at: Timestamp | null;
}
export interface StoredPiiSpan {
  type: string;
  start: number;
  end: number;
}
export interface RawDeliveriesTable {
  id: Generated<string>;
  platform: string;
  body_sha256: string;
  body: string;
  received_at: DefaultedTimestamp;
  status: Generated<'new' | 'done' | 'ignored' | 'failed'>;
  attempts: Generated<number>;
  processed_at: Timestamp | null;
  error: string | null;
}
export interface IngestedItemsTable {
  platform: string;
  item_id: string;
  raw_delivery_id: string;
  outcome: 'message' | 'update' | 'ignored';
  created_at: DefaultedTimestamp;
}
export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  payload: Json<unknown>;
  created_at: DefaultedTimestamp;
  published_at: Timestamp | null;
  held_until: Timestamp | null;
}
export interface AuditLogTable {
  id: Generated<string>;
  bank_id: string | null;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface PollCursorsTable {
  platform: string;
  cursor: string | null;
  last_polled_at: Timestamp | null;
  leased_until: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
}
export interface ChannelsTable {
  id: string;
  bank_id: string;
  platform: string;
  display_name: string;
  status: Generated<'active' | 'paused'>;
  credentials_ciphertext: string | null;
  credentials_key_id: string | null;
  credentials_hint: ColumnType<Record<string, string>, string | undefined, string>;
  last_event_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  token_expires_at: Timestamp | null;
  updated_at: DefaultedTimestamp;
}

export interface BankSettingsTable {
  bank_id: string;
  signature_template: Generated<string>;
  crisis_mode: Generated<boolean>;
  complaint_approval_threshold: Generated<number>;
  updated_at: DefaultedTimestamp;
}

export interface DB {
  bank_settings: BankSettingsTable;
  poll_cursors: PollCursorsTable;
  channels: ChannelsTable;
  banks: BanksTable;
  teams: TeamsTable;
  staff_users: StaffUsersTable;
  team_members: TeamMembersTable;
  staff_sessions: StaffSessionsTable;
  staff_invitations: StaffInvitationsTable;
  login_ip_failures: LoginIpFailuresTable;
  clients: ClientsTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  raw_deliveries: RawDeliveriesTable;
  ingested_items: IngestedItemsTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
}
