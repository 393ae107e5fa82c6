import { randomUUID } from 'node:crypto';
import {
  APPOINTMENT_TIME_ZONE,
  type Appointment,
  type AppointmentNotice,
  type BookingInput,
  type SlotsResponse,
} from '@agora/contracts/appointments.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { type AppointmentNews, announce } from './appointment-notify.ts';
import { addDays, dayOfIso, isoOfDay, openSlots, parisDayOf, SLOT_MS } from './appointment-slots.ts';
import { appointmentErrors } from './appointments.errors.ts';
import {
  type AppointmentRow,
  appointmentById,
  appointmentQuery,
  BOOKING_HORIZON_DAYS,
  CLIENT_CHANGE_CUTOFF_HOURS,
  CLIENT_CHANGE_CUTOFF_MS,
  toAppointment,
} from './appointments.repository.ts';
import { listBranches, readAvailability, unavailabilitiesOf } from './availability.service.ts';

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Live appointments' starts of an advisor between two instants (taken slots). */
async function bookedStarts(deps: AppDeps, bankId: string, advisorId: string, from: Date, to: Date, except?: string): Promise<Set<number>> {
  let q = deps.database.db
    .selectFrom('appointments')
    .select(['starts_at'])
    .where('bank_id', '=', bankId)
    .where('advisor_id', '=', advisorId)
    .where('status', '=', 'booked')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to);
  if (except) q = q.where('id', '!=', except);
  return new Set((await q.execute()).map((r) => r.starts_at.getTime()));
}

/**
 * The open slots of an advisor from `fromIso` (a Paris day) for `days` days: their week, minus
 * holidays, exceptions, taken slots, and anything before the booking lead time (the same two hours
 * as the client's change cut-off) or beyond the horizon.
 */
export async function advisorSlots(
  deps: AppDeps,
  bankId: string,
  advisorId: string,
  range: { from?: string; days: number },
  now: Date,
  except?: string,
) {
  const availability = await readAvailability(deps.database.db, bankId, advisorId);
  if (!availability.published) return { availability, slots: [] };
  const fromDay = range.from ? dayOfIso(range.from) : parisDayOf(now);
  const notBefore = now.getTime() + CLIENT_CHANGE_CUTOFF_MS;
  const notAfter = now.getTime() + BOOKING_HORIZON_DAYS * 86_400_000;
  // A day either side covers any zone offset; the slot computation itself filters exactly.
  const windowFrom = new Date(Date.UTC(fromDay.y, fromDay.m - 1, fromDay.d - 1));
  const windowTo = new Date(Date.UTC(fromDay.y, fromDay.m - 1, fromDay.d + range.days + 1));
  const booked = await bookedStarts(deps, bankId, advisorId, windowFrom, windowTo, except);
  const slots = openSlots({
    weeklyHours: availability.weeklyHours,
    unavailabilities: unavailabilitiesOf(availability),
    fromDay,
    days: range.days,
    booked,
    notBefore,
    notAfter,
  });
  return { availability, slots };
}

/** Whether `startsAt` is one of the advisor's open slots right now (the rule a booking must pass). */
async function isOfferedSlot(deps: AppDeps, bankId: string, advisorId: string, startsAt: Date, now: Date, except?: string) {
  const day = isoOfDay(parisDayOf(startsAt));
  const { slots } = await advisorSlots(deps, bankId, advisorId, { from: day, days: 1 }, now, except);
  return slots.some((s) => s.startsAt.getTime() === startsAt.getTime());
}

export async function slotsForClient(deps: AppDeps, c: ClientPrincipal, range: { from?: string; days: number }, now = new Date()) {
  if (!c.advisorId) return { advisor: null, branch: null, timeZone: APPOINTMENT_TIME_ZONE, slots: [] } satisfies SlotsResponse;
  const { availability, slots } = await advisorSlots(deps, c.bankId, c.advisorId, range, now);
  const advisor = await deps.database.db
    .selectFrom('staff_users')
    .select(['display_name'])
    .where('bank_id', '=', c.bankId)
    .where('id', '=', c.advisorId)
    .executeTakeFirst();
  const branch = availability.branchId
    ? ((await listBranches(deps, c.bankId, now)).find((b) => b.id === availability.branchId) ?? null)
    : null;
  return {
    advisor: advisor ? { displayName: advisor.display_name } : null,
    branch,
    timeZone: APPOINTMENT_TIME_ZONE,
    slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
  } satisfies SlotsResponse;
}

/** Runs `work` in a transaction, then says what changed; a lost race on a slot becomes "slot taken". */
async function changeAppointment(
  deps: AppDeps,
  bankId: string,
  work: (tx: Transaction<DB>) => Promise<{ id: string; news: AppointmentNews; by: 'client' | 'advisor' }>,
): Promise<AppointmentRow> {
  try {
    const row = await deps.database.db.transaction().execute(async (tx) => {
      const { id, news, by } = await work(tx);
      const fresh = (await appointmentById(tx, bankId, id))!;
      await announce(deps, tx, news, fresh, by);
      return fresh;
    });
    deps.wakeOutbox();
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw appointmentErrors.slotTaken();
    throw error;
  }
}

export async function bookAppointment(deps: AppDeps, c: ClientPrincipal, input: BookingInput, now = new Date()): Promise<Appointment> {
  if (!c.advisorId) throw appointmentErrors.noAdvisor();
  const advisorId = c.advisorId;
  const startsAt = new Date(input.startsAt);
  if (!(await isOfferedSlot(deps, c.bankId, advisorId, startsAt, now))) throw appointmentErrors.slotUnavailable();
  const availability = await readAvailability(deps.database.db, c.bankId, advisorId);
  if (input.mode === 'branch' && !availability.branchId) throw appointmentErrors.noBranch();
  const row = await changeAppointment(deps, c.bankId, async (tx) => {
    const id = randomUUID();
    // The partial unique indexes refuse a second live appointment on this advisor's (or this
    // client's) slot, whichever transaction commits first: no check-then-insert race.
    await tx
      .insertInto('appointments')
      .values({
        id,
        bank_id: c.bankId,
        client_id: c.clientId,
        advisor_id: advisorId,
        branch_id: input.mode === 'branch' ? availability.branchId : null,
        mode: input.mode,
        subject: input.subject,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + SLOT_MS),
      })
      .execute();
    await appendAudit(tx, {
      bankId: c.bankId,
      actorId: null,
      actorLabel: `${c.firstName} ${c.lastName} (client)`,
      action: 'appointment.booked',
      targetType: 'appointment',
      targetId: id,
      details: { mode: input.mode, startsAt: startsAt.toISOString() },
    });
    return { id, news: 'booked', by: 'client' };
  });
  return toAppointment(row, 'client', now);
}

export async function listClientAppointments(deps: AppDeps, c: ClientPrincipal, now = new Date()): Promise<Appointment[]> {
  const rows = await appointmentQuery(deps.database.db, c.bankId)
    .where('a.client_id', '=', c.clientId)
    .orderBy('a.starts_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => toAppointment(r, 'client', now));
}

/** One of the client's own appointments; another client's is "not found" (never "forbidden": ids reveal nothing). */
export async function clientAppointment(deps: AppDeps, c: ClientPrincipal, id: string): Promise<AppointmentRow> {
  const row = await appointmentById(deps.database.db, c.bankId, id);
  if (!row || row.client_id !== c.clientId) throw appointmentErrors.notFound();
  return row;
}

type Actor = { kind: 'client'; principal: ClientPrincipal } | { kind: 'advisor'; userId: string; label: string };

/** The client until the cut-off, the advisor until the start; a cancelled one stays cancelled. */
function assertChangeable(row: AppointmentRow, actor: Actor, now: Date) {
  if (row.status !== 'booked') throw appointmentErrors.alreadyCancelled();
  if (now >= row.starts_at) throw appointmentErrors.alreadyStarted();
  if (actor.kind === 'client' && now.getTime() > row.starts_at.getTime() - CLIENT_CHANGE_CUTOFF_MS) {
    throw appointmentErrors.tooLate(CLIENT_CHANGE_CUTOFF_HOURS);
  }
}

const auditActor = (actor: Actor, bankId: string) =>
  actor.kind === 'client'
    ? { bankId, actorId: null, actorLabel: `${actor.principal.firstName} ${actor.principal.lastName} (client)` }
    : { bankId, actorId: actor.userId, actorLabel: actor.label };

/** Re-checked under the row lock: a concurrent cancel or move of the same appointment waits. */
async function lockChangeable(tx: Transaction<DB>, row: AppointmentRow, actor: Actor, now: Date): Promise<void> {
  const locked = await tx
    .selectFrom('appointments')
    .select(['status', 'starts_at'])
    .where('id', '=', row.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  assertChangeable({ ...row, status: locked.status, starts_at: locked.starts_at }, actor, now);
}

export async function cancelAppointment(deps: AppDeps, row: AppointmentRow, actor: Actor, now = new Date()): Promise<AppointmentRow> {
  assertChangeable(row, actor, now);
  return changeAppointment(deps, row.bank_id, async (tx) => {
    await lockChangeable(tx, row, actor, now);
    await tx
      .updateTable('appointments')
      .set({ status: 'cancelled', cancelled_at: now, cancelled_by: actor.kind, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await appendAudit(tx, {
      ...auditActor(actor, row.bank_id),
      action: 'appointment.cancelled',
      targetType: 'appointment',
      targetId: row.id,
      details: { startsAt: row.starts_at.toISOString(), by: actor.kind },
    });
    return { id: row.id, news: 'cancelled', by: actor.kind };
  });
}

/** Moves an appointment to another of the advisor's open slots; the reminders start over. */
export async function rescheduleAppointment(
  deps: AppDeps,
  row: AppointmentRow,
  actor: Actor,
  startsAtIso: string,
  now = new Date(),
): Promise<AppointmentRow> {
  assertChangeable(row, actor, now);
  const startsAt = new Date(startsAtIso);
  if (!(await isOfferedSlot(deps, row.bank_id, row.advisor_id, startsAt, now, row.id))) throw appointmentErrors.slotUnavailable();
  return changeAppointment(deps, row.bank_id, async (tx) => {
    await lockChangeable(tx, row, actor, now);
    await tx
      .updateTable('appointments')
      .set((eb) => ({
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + SLOT_MS),
        reminder_day_sent_at: null,
        reminder_hour_sent_at: null,
        reschedule_count: eb('reschedule_count', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', row.id)
      .execute();
    await appendAudit(tx, {
      ...auditActor(actor, row.bank_id),
      action: 'appointment.rescheduled',
      targetType: 'appointment',
      targetId: row.id,
      details: { from: row.starts_at.toISOString(), to: startsAt.toISOString(), by: actor.kind },
    });
    return { id: row.id, news: 'rescheduled', by: actor.kind };
  });
}

export const clientActor = (principal: ClientPrincipal): Actor => ({ kind: 'client', principal });
export const advisorActor = (userId: string, label: string): Actor => ({ kind: 'advisor', userId, label });

export async function listNotices(deps: AppDeps, c: ClientPrincipal): Promise<AppointmentNotice[]> {
  const rows = await deps.database.db
    .selectFrom('appointment_notices')
    .select(['id', 'appointment_id', 'kind', 'text', 'created_at', 'read_at'])
    .where('bank_id', '=', c.bankId)
    .where('client_id', '=', c.clientId)
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    appointmentId: r.appointment_id,
    kind: r.kind,
    text: r.text,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  }));
}

export async function markNoticesRead(deps: AppDeps, c: ClientPrincipal): Promise<void> {
  await deps.database.db
    .updateTable('appointment_notices')
    .set({ read_at: new Date() })
    .where('bank_id', '=', c.bankId)
    .where('client_id', '=', c.clientId)
    .where('read_at', 'is', null)
    .execute();
}

/** The advisor's (or, for a bank-wide role, any advisor's) appointments over a range of days. */
export async function listAgenda(
  deps: AppDeps,
  bankId: string,
  advisorId: string,
  range: { from?: string; days: number },
  now = new Date(),
) {
  const fromDay = range.from ? dayOfIso(range.from) : parisDayOf(now);
  const from = new Date(Date.UTC(fromDay.y, fromDay.m - 1, fromDay.d) - 2 * 3_600_000);
  const to = addDays(fromDay, range.days);
  const rows = await appointmentQuery(deps.database.db, bankId)
    .where('a.advisor_id', '=', advisorId)
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', new Date(Date.UTC(to.y, to.m - 1, to.d)))
    .orderBy('a.starts_at')
    .limit(500)
    .execute();
  return rows.map((r) => toAppointment(r, 'advisor', now));
}
