import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';

// The SLA module's own tables (migration 0011_sla.sql), typed here rather than in the shared
// db.types.ts so that the module stays in one folder; `withSla` adds them to a Kysely instance.
type Ts = ColumnType<Date, Date | string, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type TeamCalendarsTable = {
  team_id: string;
  bank_id: string;
  time_zone: string;
  weekly_hours: Json<unknown>;
  holiday_country: string | null;
  closures: Json<unknown>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type SlaPoliciesTable = {
  id: string;
  bank_id: string;
  channel: string;
  urgency: string;
  first_response_minutes: number;
  next_response_minutes: number;
  resolution_minutes: number;
};

export interface SlaPause {
  from: string;
  to: string | null;
}

export type ConversationSlaTable = {
  conversation_id: string;
  bank_id: string;
  applicable: ColumnType<boolean, boolean | undefined, boolean>;
  not_applicable_reason: Opt<string>;
  started_at: Ts;
  response_kind: Opt<'first' | 'next'>;
  response_since: NullableTs;
  response_minutes: Opt<number>;
  response_warn_at: NullableTs;
  response_due_at: NullableTs;
  response_warned_at: NullableTs;
  response_breached_at: NullableTs;
  first_response_due_at: NullableTs;
  first_response_met_at: NullableTs;
  last_response_met_at: NullableTs;
  resolution_since: NullableTs;
  resolution_minutes: Opt<number>;
  resolution_warn_at: NullableTs;
  resolution_due_at: NullableTs;
  resolution_warned_at: NullableTs;
  resolution_breached_at: NullableTs;
  resolution_met_at: NullableTs;
  pauses: ColumnType<SlaPause[], string | undefined, string>;
  paused_at: NullableTs;
  paused_remaining_minutes: Opt<number>;
  acknowledged_for: NullableTs;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type SlaEscalationsTable = {
  id: string;
  bank_id: string;
  conversation_id: string;
  team_id: string;
  target: 'first' | 'next' | 'resolution';
  level: 'warning' | 'breach';
  due_at: Ts;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  acknowledged_at: NullableTs;
  acknowledged_by: string | null;
};

export type SlaTables = {
  team_calendars: TeamCalendarsTable;
  sla_policies: SlaPoliciesTable;
  conversation_sla: ConversationSlaTable;
  sla_escalations: SlaEscalationsTable;
};
export type SlaDB = DB & SlaTables;

export function withSla(db: Kysely<DB>): Kysely<SlaDB>;
export function withSla(db: Transaction<DB>): Transaction<SlaDB>;
export function withSla(db: Kysely<DB> | Transaction<DB>) {
  return db.withTables<SlaTables>();
}
