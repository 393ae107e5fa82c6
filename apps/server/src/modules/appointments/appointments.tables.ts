import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';

type DefaultedTs = ColumnType<Date, Date | string | undefined, Date | string>;
type Ts = ColumnType<Date, Date | string, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** jsonb: an object on Postgres, sometimes a string on PGlite; written as a JSON string. */
type Json<T> = ColumnType<T | string, string, string>;

export type WeeklyHoursJson = Record<string, { start: string; end: string }[]>;
export type AppointmentMode = 'branch' | 'phone' | 'video';

export interface BranchesTable {
  id: string;
  bank_id: string;
  name: string;
  address: string;
  postal_code: string;
  city: string;
  phone: string | null;
  weekly_hours: Json<WeeklyHoursJson>;
  created_at: DefaultedTs;
}

export interface AdvisorAvailabilityTable {
  advisor_id: string;
  bank_id: string;
  branch_id: string | null;
  weekly_hours: Json<WeeklyHoursJson>;
  updated_at: DefaultedTs;
}

export interface AdvisorUnavailabilitiesTable {
  id: string;
  bank_id: string;
  advisor_id: string;
  day: ColumnType<string | Date, string, string>;
  start_minute: number | null;
  end_minute: number | null;
  label: Defaulted<string>;
  created_at: DefaultedTs;
}

export interface AppointmentsTable {
  id: string;
  bank_id: string;
  client_id: string;
  advisor_id: string;
  branch_id: string | null;
  mode: AppointmentMode;
  subject: string;
  starts_at: Ts;
  ends_at: Ts;
  status: Defaulted<'booked' | 'cancelled'>;
  cancelled_at: NullableTs;
  cancelled_by: 'client' | 'advisor' | null;
  reschedule_count: Defaulted<number>;
  reminder_day_sent_at: NullableTs;
  reminder_hour_sent_at: NullableTs;
  created_at: DefaultedTs;
  updated_at: DefaultedTs;
}

export interface AppointmentNoticesTable {
  id: string;
  bank_id: string;
  client_id: string;
  appointment_id: string;
  kind: string;
  text: string;
  created_at: DefaultedTs;
  read_at: NullableTs;
}

// Migration 0060.
declare module '../../platform/db/db.types.ts' {
  interface DB {
    branches: BranchesTable;
    advisor_availability: AdvisorAvailabilityTable;
    advisor_unavailabilities: AdvisorUnavailabilitiesTable;
    appointments: AppointmentsTable;
    appointment_notices: AppointmentNoticesTable;
  }
}

export type AppointmentsExecutor = Kysely<DB> | Transaction<DB>;

export const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** A `date` column as "YYYY-MM-DD" whichever driver read it. */
