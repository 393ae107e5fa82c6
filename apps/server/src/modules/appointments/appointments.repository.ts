import type { Appointment } from '@agora/contracts/appointments.schema.ts';
import type { AppointmentsExecutor } from './appointments.tables.ts';
import './appointments.tables.ts';

/** The client may cancel or move an appointment themselves until this long before it starts. */
export const CLIENT_CHANGE_CUTOFF_HOURS = 2;
export const CLIENT_CHANGE_CUTOFF_MS = CLIENT_CHANGE_CUTOFF_HOURS * 3_600_000;
/** Booking horizon: slots are offered this many days ahead. */
export const BOOKING_HORIZON_DAYS = 60;
/** A video room opens a little before the start (to test camera and sound) and stays open after the end. */
export const ROOM_OPENS_BEFORE_MS = 15 * 60_000;
export const ROOM_CLOSES_AFTER_MS = 30 * 60_000;

export type AppointmentRow = Awaited<ReturnType<typeof selectAppointments>>[number];

/** Appointments with their advisor, client and branch, in one query: explicit columns only. */
export function appointmentQuery(db: AppointmentsExecutor, bankId: string) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('staff_users as s', 's.id', 'a.advisor_id')
    .innerJoin('clients as c', 'c.id', 'a.client_id')
    .leftJoin('branches as b', 'b.id', 'a.branch_id')
    .select([
      'a.id',
      'a.bank_id',
      'a.client_id',
      'a.advisor_id',
      'a.mode',
      'a.subject',
      'a.starts_at',
      'a.ends_at',
      'a.status',
      'a.cancelled_by',
      'a.created_at',
      's.display_name as advisor_name',
      'c.first_name as client_first_name',
      'c.last_name as client_last_name',
      'c.email as client_email',
      'b.id as branch_id',
      'b.name as branch_name',
      'b.address as branch_address',
      'b.city as branch_city',
    ])
    .where('a.bank_id', '=', bankId);
}

function selectAppointments(db: AppointmentsExecutor, bankId: string) {
  return appointmentQuery(db, bankId).execute();
}

export async function appointmentById(db: AppointmentsExecutor, bankId: string, id: string): Promise<AppointmentRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return appointmentQuery(db, bankId).where('a.id', '=', id).executeTakeFirst();
}

/** As the reader sees it: `viewer` decides what "can change" means (the client's cut-off, or the start). */
export function toAppointment(r: AppointmentRow, viewer: 'client' | 'advisor', now: Date): Appointment {
  const starts = r.starts_at.getTime();
  const deadline = starts - CLIENT_CHANGE_CUTOFF_MS;
  const live = r.status === 'booked';
  return {
    id: r.id,
    mode: r.mode,
    subject: r.subject,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    status: r.status,
    cancelledBy: r.cancelled_by,
    advisor: { id: r.advisor_id, displayName: r.advisor_name },
    client: { id: r.client_id, firstName: r.client_first_name, lastName: r.client_last_name },
    branch: r.branch_id ? { id: r.branch_id, name: r.branch_name!, address: r.branch_address!, city: r.branch_city! } : null,
    canChange: live && now.getTime() < (viewer === 'client' ? deadline : starts),
    changeDeadline: new Date(deadline).toISOString(),
    roomOpensAt: r.mode === 'video' ? new Date(starts - ROOM_OPENS_BEFORE_MS).toISOString() : null,
    roomClosesAt: r.mode === 'video' ? new Date(r.ends_at.getTime() + ROOM_CLOSES_AFTER_MS).toISOString() : null,
  };
}
