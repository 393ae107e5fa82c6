import {
  agendaQuerySchema,
  availabilityExceptionInputSchema,
  availabilityInputSchema,
  bookingInputSchema,
  rescheduleInputSchema,
  slotsQuerySchema,
} from '@agora/contracts/appointments.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { clientOf, requireClient } from '../../platform/auth/client-principal.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import { appointmentIcs } from './appointment-ics.ts';
import { appointmentErrors } from './appointments.errors.ts';
import { appointmentById, toAppointment } from './appointments.repository.ts';
import {
  advisorActor,
  advisorSlots,
  bookAppointment,
  cancelAppointment,
  clientActor,
  clientAppointment,
  listAgenda,
  listClientAppointments,
  listNotices,
  markNoticesRead,
  rescheduleAppointment,
  slotsForClient,
} from './appointments.service.ts';
import { addException, agendaOwnerFor, listBranches, readAvailability, removeException, saveAvailability } from './availability.service.ts';
import { registerMeetingRoom } from './meeting-room.gateway.ts';

const idParams = z.object({ id: z.string().uuid('Identifiant invalide') });

/**
 * Appointments. Client routes serve the signed-in client only (no client id in any URL; another
 * client's appointment is "not found"). Staff routes serve an advisor their own agenda; the
 * bank-wide roles may read any advisor's, and only the appointment's advisor changes it.
 */
export async function registerAppointmentsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const client = { preHandler: requireClient };
  // Booking and changes store rows and send mail: a human pace is plenty.
  const clientWrite = { preHandler: requireClient, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } };
  const staff = { preHandler: requireStaff() };

  app.get('/api/client/branches', client, async () => listBranches(deps, deps.bankId));
  app.get('/api/client/appointments', client, async (request) => listClientAppointments(deps, clientOf(request)));
  app.get('/api/client/appointments/slots', client, async (request) =>
    slotsForClient(deps, clientOf(request), parseWith(slotsQuerySchema, request.query)),
  );
  app.post('/api/client/appointments', clientWrite, async (request, reply) => {
    const created = await bookAppointment(deps, clientOf(request), parseWith(bookingInputSchema, request.body));
    return reply.status(201).send(created);
  });
  app.post('/api/client/appointments/:id/cancel', clientWrite, async (request) => {
    const c = clientOf(request);
    const row = await clientAppointment(deps, c, parseWith(idParams, request.params).id);
    return toAppointment(await cancelAppointment(deps, row, clientActor(c)), 'client', new Date());
  });
  app.post('/api/client/appointments/:id/reschedule', clientWrite, async (request) => {
    const c = clientOf(request);
    const row = await clientAppointment(deps, c, parseWith(idParams, request.params).id);
    const { startsAt } = parseWith(rescheduleInputSchema, request.body);
    return toAppointment(await rescheduleAppointment(deps, row, clientActor(c), startsAt), 'client', new Date());
  });
  app.get('/api/client/appointments/:id/calendar.ics', client, async (request, reply) => {
    const row = await clientAppointment(deps, clientOf(request), parseWith(idParams, request.params).id);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="rendez-vous-${row.starts_at.toISOString().slice(0, 10)}.ics"`)
      .send(appointmentIcs(row, deps.config.publicUrl));
  });
  app.get('/api/client/appointment-notices', client, async (request) => listNotices(deps, clientOf(request)));
  app.post('/api/client/appointment-notices/read', client, async (request, reply) => {
    await markNoticesRead(deps, clientOf(request));
    return reply.status(204).send();
  });

  // The workstation: the branch directory, the advisor's availability and agenda.
  app.get('/api/branches', staff, async (request) => listBranches(deps, principalOf(request).bankId));
  app.get('/api/appointments/availability', staff, async (request) => {
    const p = principalOf(request);
    const { advisorId } = parseWith(z.object({ advisorId: z.string().uuid('conseiller inconnu').optional() }), request.query);
    return readAvailability(deps.database.db, p.bankId, await agendaOwnerFor(deps, p, advisorId));
  });
  app.put('/api/appointments/availability', staff, async (request) =>
    saveAvailability(deps, principalOf(request), parseWith(availabilityInputSchema, request.body)),
  );
  app.post('/api/appointments/availability/exceptions', staff, async (request, reply) => {
    const saved = await addException(deps, principalOf(request), parseWith(availabilityExceptionInputSchema, request.body));
    return reply.status(201).send(saved);
  });
  app.delete('/api/appointments/availability/exceptions/:id', staff, async (request) =>
    removeException(deps, principalOf(request), parseWith(idParams, request.params).id),
  );
  app.get('/api/appointments', staff, async (request) => {
    const p = principalOf(request);
    const query = parseWith(agendaQuerySchema, request.query);
    return listAgenda(deps, p.bankId, await agendaOwnerFor(deps, p, query.advisorId), query);
  });

  /** The appointment's advisor only: a colleague (even a supervisor) reads, but does not move, someone's appointments. */
  const ownAppointment = async (request: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    const row = await appointmentById(deps.database.db, p.bankId, parseWith(idParams, request.params).id);
    if (!row || row.advisor_id !== p.userId) throw appointmentErrors.notFound();
    return { p, row };
  };
  app.get('/api/appointments/:id/slots', staff, async (request) => {
    const { p, row } = await ownAppointment(request);
    const range = parseWith(slotsQuerySchema, request.query);
    const { slots } = await advisorSlots(deps, p.bankId, p.userId, range, new Date(), row.id);
    return { slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) };
  });
  app.post('/api/appointments/:id/cancel', staff, async (request) => {
    const { p, row } = await ownAppointment(request);
    return toAppointment(await cancelAppointment(deps, row, advisorActor(p.userId, `${p.displayName} (${p.role})`)), 'advisor', new Date());
  });
  app.post('/api/appointments/:id/reschedule', staff, async (request) => {
    const { p, row } = await ownAppointment(request);
    const { startsAt } = parseWith(rescheduleInputSchema, request.body);
    const moved = await rescheduleAppointment(deps, row, advisorActor(p.userId, `${p.displayName} (${p.role})`), startsAt);
    return toAppointment(moved, 'advisor', new Date());
  });

  await registerMeetingRoom(app, deps);
}
