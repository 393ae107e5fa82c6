import type { ColumnType, Generated } from 'kysely';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface LiveChatVisitorsTable {
  id: string;
  bank_id: string;
  token_hash: string;
  language: Generated<'fr' | 'en'>;
  name: string | null;
  email: string | null;
  topic: string | null;
  prechat_done: Generated<boolean>;
  first_message_at: Date | null;
  created_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
}

export interface LiveChatUploadsTable {
  id: string;
  bank_id: string;
  visitor_id: string;
  content_type: string;
  file_name: string;
  size_bytes: number;
  data: Uint8Array;
  created_at: DefaultedTimestamp;
}

// The module owns its tables: their types join the database's here, not in the shared file.
declare module '../../platform/db/db.types.ts' {
  interface DB {
    live_chat_visitors: LiveChatVisitorsTable;
    live_chat_uploads: LiveChatUploadsTable;
  }
}
