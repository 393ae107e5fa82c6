import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';

// The tables of migration 0013_answers.sql, typed here (as modules/sla does) so that the module
// stays in its folders; `withAnswers` adds them to a Kysely instance.
type Created = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;
type JsonList = ColumnType<string[], string | undefined, string>;

export type AnswersTable = {
  id: string;
  bank_id: string;
  owner_id: string | null;
  latest_version: ColumnType<number, number | undefined, number>;
  published_version: Opt<number>;
  usage_count: ColumnType<number, number | undefined, number>;
  seed_key: Opt<string>;
  archived_at: NullableTs;
  created_at: Created;
  updated_at: Created;
};

export type AnswerVersionsTable = {
  answer_id: string;
  version: number;
  title: string;
  body: string;
  language: 'fr' | 'en';
  channels: JsonList;
  intents: JsonList;
  tags: JsonList;
  valid_from: NullableTs;
  valid_until: NullableTs;
  pinned: boolean;
  state: 'draft' | 'submitted' | 'approved' | 'published' | 'superseded' | 'rejected';
  author_id: string | null;
  created_at: Created;
  submitted_at: NullableTs;
  approved_by: Opt<string>;
  approved_at: NullableTs;
  published_at: NullableTs;
  review_comment: Opt<string>;
};

export type AnswerUsesTable = {
  answer_id: string;
  version: number;
  message_id: string;
  conversation_id: string;
  user_id: string | null;
  used_at: Created;
};

export type NotificationsTable = {
  id: string;
  bank_id: string;
  user_id: string;
  kind: string;
  conversation_id: string | null;
  message_id: string | null;
  text: string;
  created_at: Created;
  read_at: NullableTs;
};

export type ConversationTagsTable = {
  conversation_id: string;
  bank_id: string;
  tag: string;
  created_by: string | null;
  created_at: Created;
};

export type MacrosTable = {
  id: string;
  bank_id: string;
  name: string;
  actions: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: Created;
  archived_at: NullableTs;
};

export type CsatSettingsTable = { bank_id: string; enabled: boolean; updated_at: Created };

export type CsatResponsesTable = {
  id: string;
  bank_id: string;
  conversation_id: string;
  survey_message_id: string;
  sent_at: ColumnType<Date, Date | string, Date | string>;
  state: ColumnType<'waiting' | 'answered' | 'closed', 'waiting' | 'answered' | 'closed' | undefined, 'waiting' | 'answered' | 'closed'>;
  score: Opt<number>;
  comment: Opt<string>;
  response_message_id: Opt<string>;
  answered_at: NullableTs;
};

export type AnswersTables = {
  answers: AnswersTable;
  answer_versions: AnswerVersionsTable;
  answer_uses: AnswerUsesTable;
  notifications: NotificationsTable;
  conversation_tags: ConversationTagsTable;
  macros: MacrosTable;
  csat_settings: CsatSettingsTable;
  csat_responses: CsatResponsesTable;
};
export type AnswersDB = DB & AnswersTables;

export function withAnswers(db: Kysely<DB>): Kysely<AnswersDB>;
export function withAnswers(db: Transaction<DB>): Transaction<AnswersDB>;
export function withAnswers(db: Kysely<DB> | Transaction<DB>) {
  return db.withTables<AnswersTables>();
}
