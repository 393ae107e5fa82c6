import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';

// The tables of migration 0030_listening.sql, typed here (as modules/sla does) so that the
// module stays in its folder; `withListening` adds them to a Kysely instance.
type Ts = ColumnType<Date, Date | string, Date | string>;
type Created = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Counter = ColumnType<number, number | undefined, number>;

export type QueryKind = 'brand' | 'competitor' | 'topic';
export type Sensitivity = 'fewer' | 'balanced' | 'more';
export type MentionSource = 'message' | 'x_stream' | 'rss' | 'forum';
export type AlertKind = 'volume_spike' | 'term_burst' | 'negative_surge' | 'rumour_surge';

export type ListeningQueriesTable = {
  id: string;
  bank_id: string;
  name: string;
  kind: QueryKind;
  expression: string;
  sensitivity: ColumnType<Sensitivity, Sensitivity | undefined, Sensitivity>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: Opt<string>;
  created_at: Created;
  updated_at: Created;
};

export type MentionsTable = {
  id: string;
  bank_id: string;
  item_key: string;
  source: MentionSource;
  channel: string;
  conversation_id: Opt<string>;
  raw: Opt<string>;
  url: Opt<string>;
  author_key: string;
  author_name: string;
  author_handle: Opt<string>;
  author_reach: Counter;
  engagement: Counter;
  title: Opt<string>;
  body: string;
  language: Opt<string>;
  intent: Opt<string>;
  sentiment: Opt<string>;
  sentiment_score: Opt<number>;
  urgency: Opt<string>;
  rumour: ColumnType<boolean, boolean | undefined, boolean>;
  rating: Opt<number>;
  query_ids: ColumnType<string[], string | undefined, string>;
  published_at: Ts;
  received_at: Created;
  answered_at: NullableTs;
};

export type MentionMatchesTable = { bank_id: string; query_id: string; mention_id: string; published_at: Ts };

export type ListeningRollupsTable = {
  bank_id: string;
  query_id: string;
  grain: 'minute' | 'hour' | 'day';
  bucket: Ts;
  channel: string;
  sentiment: string;
  intent: string;
  mentions: Counter;
  rumours: Counter;
  reach: ColumnType<string | number, number | undefined, number>;
  engagement: ColumnType<string | number, number | undefined, number>;
  rating_sum: Counter;
  rating_count: Counter;
  answerable: Counter;
  answered: Counter;
};

/** The same counters without the intent (migration 0035): what views not filtered by intent read. */
export type ListeningChannelRollupsTable = Omit<ListeningRollupsTable, 'intent'>;

export type ListeningTermRollupsTable = {
  bank_id: string;
  query_id: string;
  /** Months only feed the top lists' marks (migration 0034). */
  grain: 'hour' | 'day' | 'month';
  bucket: Ts;
  term: string;
  mentions: Counter;
  negative: Counter;
};

export type ListeningAuthorRollupsTable = {
  bank_id: string;
  query_id: string;
  day: Ts;
  author_key: string;
  mentions: Counter;
  negative: Counter;
  engagement: ColumnType<string | number, number | undefined, number>;
};

/** A daily counter reached 2^level (migration 0034): where top lists look for their candidates. */
export type ListeningTermMarksTable = {
  bank_id: string;
  query_id: string;
  measure: 'mentions' | 'negative';
  level: number;
  month: Ts;
  term: string;
};

export type ListeningAuthorMarksTable = { bank_id: string; query_id: string; level: number; month: Ts; author_key: string };

export type ListeningAuthorMonthsTable = {
  bank_id: string;
  query_id: string;
  month: Ts;
  author_key: string;
  mentions: Counter;
  engagement: ColumnType<string | number, number | undefined, number>;
};

export type ListeningAuthorsTable = {
  bank_id: string;
  author_key: string;
  channel: string;
  name: string;
  handle: Opt<string>;
  url: Opt<string>;
  reach: Counter;
  updated_at: Created;
};

export type ListeningIntakeTable = {
  id: Generated<string>;
  bank_id: string;
  source: 'x_stream' | 'rss';
  item_key: string;
  body: string;
  received_at: Created;
};

export type ListeningFeedsTable = {
  id: string;
  bank_id: string;
  url: string;
  title: Opt<string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  poll_seconds: Counter;
  etag: Opt<string>;
  last_modified: Opt<string>;
  next_poll_at: Created;
  last_polled_at: NullableTs;
  last_status: Opt<number>;
  last_error: Opt<string>;
  failures: Counter;
  items_seen: Counter;
  created_at: Created;
};

export type ListeningCursorTable = { bank_id: string; last_pass_at: NullableTs; last_detection_at: NullableTs };

export type ListeningAlertsTable = {
  id: string;
  bank_id: string;
  query_id: string;
  kind: AlertKind;
  dedupe_key: string;
  term: Opt<string>;
  window_start: Ts;
  window_end: Ts;
  observed: number;
  expected: number;
  score: number;
  severity: 'info' | 'warning' | 'critical';
  suggests_crisis: ColumnType<boolean, boolean | undefined, boolean>;
  summary: ColumnType<unknown, string | undefined, string>;
  created_at: Created;
  updated_at: Created;
  acknowledged_at: NullableTs;
  acknowledged_by: Opt<string>;
};

export type ListeningWebhooksTable = {
  id: string;
  bank_id: string;
  url: string;
  secret_encrypted: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: Opt<string>;
  created_at: Created;
};

export type ListeningWebhookDeliveriesTable = {
  id: string;
  bank_id: string;
  webhook_id: string;
  alert_id: string;
  event_id: string;
  payload: string;
  status: ColumnType<
    'pending' | 'delivered' | 'failed',
    'pending' | 'delivered' | 'failed' | undefined,
    'pending' | 'delivered' | 'failed'
  >;
  attempts: Counter;
  next_attempt_at: Created;
  last_status: Opt<number>;
  last_error: Opt<string>;
  delivered_at: NullableTs;
  created_at: Created;
};

export type ListeningBackfillsTable = { query_id: string; bank_id: string; requested_at: Created };

export type ListeningTables = {
  listening_backfills: ListeningBackfillsTable;
  listening_queries: ListeningQueriesTable;
  mentions: MentionsTable;
  mention_matches: MentionMatchesTable;
  listening_rollups: ListeningRollupsTable;
  listening_channel_rollups: ListeningChannelRollupsTable;
  listening_term_rollups: ListeningTermRollupsTable;
  listening_author_rollups: ListeningAuthorRollupsTable;
  listening_term_marks: ListeningTermMarksTable;
  listening_author_marks: ListeningAuthorMarksTable;
  listening_author_months: ListeningAuthorMonthsTable;
  listening_authors: ListeningAuthorsTable;
  listening_intake: ListeningIntakeTable;
  listening_feeds: ListeningFeedsTable;
  listening_cursor: ListeningCursorTable;
  listening_alerts: ListeningAlertsTable;
  listening_webhooks: ListeningWebhooksTable;
  listening_webhook_deliveries: ListeningWebhookDeliveriesTable;
};
export type ListeningDB = DB & ListeningTables;
export type ListeningExecutor = Kysely<ListeningDB> | Transaction<ListeningDB>;

export function withListening(db: Kysely<DB>): Kysely<ListeningDB>;
export function withListening(db: Transaction<DB>): Transaction<ListeningDB>;
export function withListening(db: Kysely<DB> | Transaction<DB>) {
  return db.withTables<ListeningTables>();
}
