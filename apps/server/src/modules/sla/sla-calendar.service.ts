import type { BusinessCalendarInput } from '@agora/contracts/sla.schema.ts';
import type { Kysely, Transaction } from 'kysely';
import { type BusinessCalendar, DEFAULT_CALENDAR } from './business-clock.ts';
import type { SlaDB } from './sla.tables.ts';

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** A team's calendar; the bank default (Monday–Friday 9:00–18:00 Paris, French holidays) when unset. */
export async function calendarOfTeam(db: Kysely<SlaDB> | Transaction<SlaDB>, bankId: string, teamId: string): Promise<BusinessCalendar> {
  const row = await db
    .selectFrom('team_calendars')
    .select(['time_zone', 'weekly_hours', 'holiday_country', 'closures'])
    .where('bank_id', '=', bankId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  if (!row) return DEFAULT_CALENDAR;
  return {
    timeZone: row.time_zone,
    weeklyHours: parse<BusinessCalendar['weeklyHours']>(row.weekly_hours),
    holidayCountry: row.holiday_country,
    closures: parse<BusinessCalendar['closures']>(row.closures),
  };
}

export async function saveTeamCalendar(db: Kysely<SlaDB>, bankId: string, teamId: string, input: BusinessCalendarInput): Promise<void> {
  const values = {
    time_zone: input.timeZone,
    weekly_hours: JSON.stringify(input.weeklyHours),
    holiday_country: input.holidayCountry,
    closures: JSON.stringify(input.closures),
    updated_at: new Date(),
  };
  await db
    .insertInto('team_calendars')
    .values({ team_id: teamId, bank_id: bankId, ...values })
    .onConflict((oc) => oc.column('team_id').doUpdateSet(values))
    .execute();
}
