import { randomUUID } from 'node:crypto';
import type {
  AdvisorAvailability,
  AvailabilityExceptionInput,
  AvailabilityInput,
  Branch,
  WeeklyHours,
} from '@agora/contracts/appointments.schema.ts';
import { BANK_WIDE_ROLES } from '@agora/contracts/common.schema.ts';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { hhmmOf, minutesOf, nextPublicHolidays, type Unavailability } from './appointment-slots.ts';
import { appointmentErrors } from './appointments.errors.ts';
import { type AppointmentsExecutor, parseJson, type WeeklyHoursJson } from './appointments.tables.ts';

export const EMPTY_WEEK: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const weekOf = (json: WeeklyHoursJson | string): WeeklyHours => ({ ...EMPTY_WEEK, ...parseJson<WeeklyHoursJson>(json) }) as WeeklyHours;

/** The bank's branches with their opening hours, by name; holidays close them all. */
export async function listBranches(deps: AppDeps, bankId: string, now = new Date()): Promise<Branch[]> {
  const rows = await deps.database.db
    .selectFrom('branches')
    .select(['id', 'name', 'address', 'postal_code', 'city', 'phone', 'weekly_hours'])
    .where('bank_id', '=', bankId)
    .orderBy('name')
    .execute();
  const closedOn = nextPublicHolidays(now, 3);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    address: r.address,
    postalCode: r.postal_code,
    city: r.city,
    phone: r.phone,
    weeklyHours: weekOf(r.weekly_hours),
    closedOn,
  }));
}

export async function branchById(db: AppointmentsExecutor, bankId: string, branchId: string) {
  return db
    .selectFrom('branches')
    .select(['id', 'name', 'address', 'city'])
    .where('bank_id', '=', bankId)
    .where('id', '=', branchId)
    .executeTakeFirst();
}

/** An advisor's published week, branch and exceptions (what the slots are computed from). */
export async function readAvailability(db: AppointmentsExecutor, bankId: string, advisorId: string): Promise<AdvisorAvailability> {
  const row = await db
    .selectFrom('advisor_availability')
    .select(['branch_id', 'weekly_hours'])
    .where('bank_id', '=', bankId)
    .where('advisor_id', '=', advisorId)
    .executeTakeFirst();
  const exceptions = await db
    .selectFrom('advisor_unavailabilities')
    .select(['id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'start_minute', 'end_minute', 'label'])
    .where('bank_id', '=', bankId)
    .where('advisor_id', '=', advisorId)
    .where('day', '>=', sql<string>`current_date - 1`)
    .orderBy('day')
    .orderBy('start_minute')
    .execute();
  return {
    advisorId,
    branchId: row?.branch_id ?? null,
    weeklyHours: row ? weekOf(row.weekly_hours) : EMPTY_WEEK,
    published: !!row,
    exceptions: exceptions.map((e) => ({
      id: e.id,
      day: e.day,
      start: e.start_minute === null ? null : hhmmOf(e.start_minute),
      end: e.end_minute === null ? null : hhmmOf(e.end_minute),
      label: e.label,
    })),
  };
}

export const unavailabilitiesOf = (a: AdvisorAvailability): Unavailability[] =>
  a.exceptions.map((e) => ({
    day: e.day,
    startMinute: e.start === null ? null : minutesOf(e.start),
    endMinute: e.end === null ? null : minutesOf(e.end),
  }));

/**
 * Whose agenda a staff member may read: their own; the bank-wide roles (supervisor, compliance,
 * admin) any advisor's of their bank. Another bank's advisor is "not found".
 */
export async function agendaOwnerFor(deps: AppDeps, p: StaffPrincipal, advisorId: string | undefined): Promise<string> {
  const target = advisorId ?? p.userId;
  if (target !== p.userId && !BANK_WIDE_ROLES.includes(p.role)) throw appointmentErrors.notYourAgenda();
  if (!UUID.test(target)) throw appointmentErrors.notFound();
  const user = await deps.database.db
    .selectFrom('staff_users')
    .select(['id'])
    .where('bank_id', '=', p.bankId)
    .where('id', '=', target)
    .executeTakeFirst();
  if (!user) throw appointmentErrors.notYourAgenda();
  return user.id;
}

/** An advisor publishes their own week (only advisors receive clients). */
export async function saveAvailability(deps: AppDeps, p: StaffPrincipal, input: AvailabilityInput): Promise<AdvisorAvailability> {
  if (p.role !== 'advisor') throw appointmentErrors.notAdvisor();
  const db = deps.database.db;
  if (input.branchId && !(await branchById(db, p.bankId, input.branchId))) throw appointmentErrors.branchNotFound();
  const values = { branch_id: input.branchId, weekly_hours: JSON.stringify(input.weeklyHours), updated_at: new Date() };
  await db
    .insertInto('advisor_availability')
    .values({ advisor_id: p.userId, bank_id: p.bankId, ...values })
    .onConflict((oc) => oc.column('advisor_id').doUpdateSet(values))
    .execute();
  return readAvailability(db, p.bankId, p.userId);
}

export async function addException(deps: AppDeps, p: StaffPrincipal, input: AvailabilityExceptionInput): Promise<AdvisorAvailability> {
  if (p.role !== 'advisor') throw appointmentErrors.notAdvisor();
  await deps.database.db
    .insertInto('advisor_unavailabilities')
    .values({
      id: randomUUID(),
      bank_id: p.bankId,
      advisor_id: p.userId,
      day: input.day,
      start_minute: input.start === null ? null : minutesOf(input.start),
      end_minute: input.end === null ? null : minutesOf(input.end),
      label: input.label,
    })
    .execute();
  return readAvailability(deps.database.db, p.bankId, p.userId);
}

export async function removeException(deps: AppDeps, p: StaffPrincipal, id: string): Promise<AdvisorAvailability> {
  if (!UUID.test(id)) throw appointmentErrors.exceptionNotFound();
  const removed = await deps.database.db
    .deleteFrom('advisor_unavailabilities')
    .where('bank_id', '=', p.bankId)
    .where('advisor_id', '=', p.userId)
    .where('id', '=', id)
    .returning(['id'])
    .executeTakeFirst();
  if (!removed) throw appointmentErrors.exceptionNotFound();
  return readAvailability(deps.database.db, p.bankId, p.userId);
}
