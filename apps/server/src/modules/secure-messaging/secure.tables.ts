import type { ColumnType } from 'kysely';

// Secure messaging's own tables (migration 0025), declared into the DB interface below.
type Ts = ColumnType<Date, Date | string, Date | string>;
type DefaultedTs = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface SecureThreadsTable {
  id: string;
  bank_id: string;
  client_id: string;
  team_id: Opt<string>;
  subject_sealed: string;
  key_id: string;
  origin_conversation_id: Opt<string>;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  last_message_at: Ts;
  client_read_at: NullableTs;
  staff_read_at: NullableTs;
  response_since: NullableTs;
  response_due_at: NullableTs;
  first_response_met_at: NullableTs;
  created_at: DefaultedTs;
}

export interface SecureMessagesTable {
  id: string;
  bank_id: string;
  thread_id: string;
  author_kind: 'client' | 'staff' | 'system';
  author_user_id: Opt<string>;
  body_sealed: string;
  key_id: string;
  created_at: Ts;
}

export interface SecureAttachmentsTable {
  id: string;
  bank_id: string;
  thread_id: string;
  message_id: Opt<string>;
  uploaded_by_client: Opt<string>;
  uploaded_by_user: Opt<string>;
  content_type: string;
  size_bytes: number;
  file_name_sealed: string;
  data_sealed: Uint8Array;
  key_id: string;
  created_at: DefaultedTs;
}

export interface SecureHandoffLinksTable {
  token_hash: string;
  bank_id: string;
  conversation_id: string;
  contact_id: string;
  created_by: string;
  expires_at: Ts;
  used_at: NullableTs;
  used_by_client: Opt<string>;
  thread_id: Opt<string>;
  created_at: DefaultedTs;
}

declare module '../../platform/db/db.types.ts' {
  interface DB {
    secure_threads: SecureThreadsTable;
    secure_messages: SecureMessagesTable;
    secure_attachments: SecureAttachmentsTable;
    secure_handoff_links: SecureHandoffLinksTable;
  }
}
