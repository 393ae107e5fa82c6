import { randomUUID } from 'node:crypto';
import type { AdvisorAvailability, Appointment, AppointmentNotice, SlotsResponse } from '@agora/contracts/appointments.schema.ts';
import type { TimelinePage } from '@agora/contracts/client-360.schema.ts';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { Database } from '../../platform/db/database.ts';
import {
  buildTestDeps,
  buildTestServer,
  freshTestIp,
  type SignedIn,
  signIn,
  TEST_PUBLIC_URL,
  type TestDeps,
} from '../../platform/testing/test-app.ts';
import { buildActiveClient, signInClient } from '../../platform/testing/test-clients.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { withAnswers } from '../answers/answers.tables.ts';
import { registerClient360Routes } from '../clients/client-360.routes.ts';
import { registerClientRoutes } from '../clients/clients.routes.ts';
import { registerStaffRoutes } from '../staff/staff.routes.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { sendDueReminders } from './appointment-reminders.worker.ts';
import { SLOT_MS } from './appointment-slots.ts';
import { registerAppointmentsRoutes } from './appointments.routes.ts';

const PASSWORD = 'mot de passe du personnel';
const ALL_WEEK = { start: '08:00', end: '20:00' };
const WEEK = { mon: [ALL_WEEK], tue: [ALL_WEEK], wed: [ALL_WEEK], thu: [ALL_WEEK], fri: [ALL_WEEK], sat: [ALL_WEEK], sun: [ALL_WEEK] };

describe.each(testDatabaseTargets())('appointments on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;
  const staff: Record<string, { id: string; session: SignedIn }> = {};
  const clients: Record<string, { id: string; session: SignedIn; email: string }> = {};
  let branchId: string;

  const person = async (key: string, role: 'advisor' | 'agent' | 'supervisor') => {
    const email = `${key}-${randomUUID().slice(0, 6)}@banque.test`;
    const user = await createStaffUser(deps, { email, password: PASSWORD, displayName: `Test ${key}`, firstName: key, role, teamIds: [] });
    staff[key] = { id: user.id, session: await signIn(app, email, PASSWORD) };
  };
  const customer = async (key: string, advisor: string | null) => {
    const c = await buildActiveClient(database, deps.bankId, { advisorId: advisor ? staff[advisor]?.id : null, firstName: key });
    clients[key] = { id: c.clientId, session: await signInClient(app, c), email: c.email };
  };
  const headersOf = (who: string) => (staff[who] ?? clients[who])?.session.headers ?? { origin: TEST_PUBLIC_URL };
  const call = async <T>(who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    const r = await app.inject({ method, url, headers: headersOf(who), remoteAddress: freshTestIp(), ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: (r.body && String(r.headers['content-type']).includes('json') ? r.json() : r.body) as T };
  };
  const slotsOf = async (who: string) => (await call<SlotsResponse>(who, 'GET', '/api/client/appointments/slots?days=14')).body.slots;
  /** An appointment put straight in the table (a builder): for times the booking rules would refuse, such as "in an hour". */
  const insertAppointment = async (client: string, advisor: string, startsAt: Date, mode: 'video' | 'phone' = 'video') => {
    const id = randomUUID();
    await database.db
      .insertInto('appointments')
      .values({
        id,
        bank_id: deps.bankId,
        client_id: clients[client]!.id,
        advisor_id: staff[advisor]!.id,
        branch_id: null,
        mode,
        subject: 'Rendez-vous de test',
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + SLOT_MS),
      })
      .execute();
    return id;
  };
  const mailsTo = (email: string, kind: string) =>
    database.db
      .selectFrom('outgoing_mail')
      .select(['subject', 'text_body'])
      .where('to_address', '=', email)
      .where('kind', '=', kind)
      .execute();

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database);
    app = await buildTestServer(deps, async (a) => {
      await a.register(websocket);
      await registerStaffRoutes(a, deps);
      await registerClientRoutes(a, deps);
      await registerClient360Routes(a, deps);
      await registerAppointmentsRoutes(a, deps);
    });
    await person('nora', 'advisor');
    await person('karim', 'advisor');
    await person('ines', 'agent');
    await person('sophie', 'supervisor');
    await customer('julie', 'nora');
    await customer('marc', 'karim');
    await customer('lea', 'nora');
    await customer('hugo', 'nora');
    await customer('sans', null);
    branchId = randomUUID();
    await database.db
      .insertInto('branches')
      .values({
        id: branchId,
        bank_id: deps.bankId,
        name: 'Agence test',
        address: '1 rue du Test',
        postal_code: '75001',
        city: 'Paris',
        phone: null,
        weekly_hours: JSON.stringify(WEEK),
      })
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('lets an advisor publish a week and exceptions; clients see slots only from then on, never on the days off', async () => {
    expect(await slotsOf('julie')).toEqual([]);
    const bad = await call<{ error: { code: string; message: string } }>('nora', 'PUT', '/api/appointments/availability', {
      branchId: null,
      weeklyHours: { ...WEEK, mon: [{ start: '09:15', end: '12:00' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/demie/);
    // Only advisors receive clients.
    expect((await call('ines', 'PUT', '/api/appointments/availability', { branchId: null, weeklyHours: WEEK })).status).toBe(403);
    const saved = await call<AdvisorAvailability>('nora', 'PUT', '/api/appointments/availability', { branchId, weeklyHours: WEEK });
    expect(saved.status).toBe(200);
    expect(saved.body.published).toBe(true);
    const slots = await slotsOf('julie');
    expect(slots.length).toBeGreaterThan(20);
    // Nothing sooner than the two-hour lead time, all on the half-hour grid.
    expect(new Date(slots[0]!.startsAt).getTime()).toBeGreaterThanOrEqual(Date.now() + 2 * 3_600_000 - 1000);
    expect(slots.every((s) => new Date(s.startsAt).getUTCMinutes() % 30 === 0)).toBe(true);

    const firstDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(slots.at(-1)!.startsAt));
    const away = await call<AdvisorAvailability>('nora', 'POST', '/api/appointments/availability/exceptions', {
      day: firstDay,
      label: 'Formation',
    });
    expect(away.status).toBe(201);
    const dayOf = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso));
    expect((await slotsOf('julie')).some((s) => dayOf(s.startsAt) === firstDay)).toBe(false);
    // Another advisor cannot remove Nora's exception; Nora can.
    const exceptionId = away.body.exceptions[0]!.id;
    expect((await call('karim', 'DELETE', `/api/appointments/availability/exceptions/${exceptionId}`)).status).toBe(404);
    expect((await call('nora', 'DELETE', `/api/appointments/availability/exceptions/${exceptionId}`)).status).toBe(200);
    expect((await slotsOf('julie')).some((s) => dayOf(s.startsAt) === firstDay)).toBe(true);
    // A supervisor reads Nora's week; another advisor does not.
    expect(
      (await call<AdvisorAvailability>('sophie', 'GET', `/api/appointments/availability?advisorId=${staff.nora!.id}`)).body.published,
    ).toBe(true);
    expect((await call('karim', 'GET', `/api/appointments/availability?advisorId=${staff.nora!.id}`)).status).toBe(403);
    // Karim receives by phone and video only: "at the branch" is refused with a reason.
    await call('karim', 'PUT', '/api/appointments/availability', { branchId: null, weeklyHours: WEEK });
    const marcsSlot = (await slotsOf('marc'))[0]!;
    const atBranch = await call<{ error: { code: string } }>('marc', 'POST', '/api/client/appointments', {
      startsAt: marcsSlot.startsAt,
      mode: 'branch',
      subject: 'Un prêt',
    });
    expect(atBranch.body.error.code).toBe('no_branch');
    // A client without an advisor is told so, and offered nothing.
    expect(await slotsOf('sans')).toEqual([]);
    expect(
      (
        await call<{ error: { code: string } }>('sans', 'POST', '/api/client/appointments', {
          startsAt: slots[0]!.startsAt,
          mode: 'phone',
          subject: 'Un prêt',
        })
      ).body.error.code,
    ).toBe('no_advisor');
  });

  it('books an offered slot, confirms it in the app, by e-mail and to the advisor, and refuses what is not offered', async () => {
    const [slot] = await slotsOf('julie');
    const booked = await call<Appointment>('julie', 'POST', '/api/client/appointments', {
      startsAt: slot!.startsAt,
      mode: 'branch',
      subject: 'Mon projet immobilier',
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({
      status: 'booked',
      mode: 'branch',
      branch: { id: branchId },
      canChange: true,
      advisor: { id: staff.nora!.id },
    });
    expect((await slotsOf('lea')).map((s) => s.startsAt)).not.toContain(slot!.startsAt);
    const notices = await call<AppointmentNotice[]>('julie', 'GET', '/api/client/appointment-notices');
    expect(notices.body[0]?.text).toMatch(/confirmé/);
    const mails = await mailsTo(clients.julie!.email, 'appointment.booked');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain('/calendar.ics');
    const bell = await withAnswers(database.db)
      .selectFrom('notifications')
      .select(['kind', 'text'])
      .where('user_id', '=', staff.nora!.id)
      .execute();
    expect(bell).toEqual([{ kind: 'appointment', text: expect.stringMatching(/julie .* a pris rendez-vous en agence/) }]);

    const off = new Date(new Date(slot!.startsAt).getTime() + 15 * 60_000).toISOString();
    for (const startsAt of [off, new Date(Date.now() + 30 * 60_000).toISOString(), slot!.startsAt]) {
      const refused = await call<{ error: { code: string } }>('lea', 'POST', '/api/client/appointments', {
        startsAt,
        mode: 'phone',
        subject: 'Autre chose',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('slot_unavailable');
    }
    const empty = await call<{ error: { message: string } }>('lea', 'POST', '/api/client/appointments', {
      startsAt: slot!.startsAt,
      mode: 'fax',
      subject: '',
    });
    expect(empty.status).toBe(400);
  });

  it('gives a slot to exactly one of several clients booking it at the same moment', async () => {
    const slot = (await slotsOf('lea'))[3]!;
    const attempts = await Promise.all(
      ['lea', 'hugo', 'lea', 'hugo', 'julie', 'lea'].map((who) =>
        call<{ error?: { code: string } }>(who, 'POST', '/api/client/appointments', {
          startsAt: slot.startsAt,
          mode: 'video',
          subject: 'Même créneau',
        }),
      ),
    );
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = attempts.filter((a) => a.status !== 201);
    expect(refused.every((a) => a.status === 409 && ['slot_taken', 'slot_unavailable'].includes(a.body.error?.code ?? ''))).toBe(true);
    const live = await database.db
      .selectFrom('appointments')
      .select(['id'])
      .where('advisor_id', '=', staff.nora!.id)
      .where('starts_at', '=', new Date(slot.startsAt))
      .where('status', '=', 'booked')
      .execute();
    expect(live).toHaveLength(1);
  });

  it('lets the client cancel or move until two hours before, the advisor until the start; a freed slot is offered again', async () => {
    const slots = await slotsOf('hugo');
    const mine = await call<Appointment>('hugo', 'POST', '/api/client/appointments', {
      startsAt: slots[5]!.startsAt,
      mode: 'phone',
      subject: 'Assurance',
    });
    const moved = await call<Appointment>('hugo', 'POST', `/api/client/appointments/${mine.body.id}/reschedule`, {
      startsAt: slots[6]!.startsAt,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.startsAt).toBe(slots[6]!.startsAt);
    expect((await slotsOf('lea')).map((s) => s.startsAt)).toContain(slots[5]!.startsAt);
    expect(await mailsTo(clients.hugo!.email, 'appointment.rescheduled')).toHaveLength(1);
    const cancelled = await call<Appointment>('hugo', 'POST', `/api/client/appointments/${mine.body.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: 'client', canChange: false });
    expect(
      (await call<{ error: { code: string } }>('hugo', 'POST', `/api/client/appointments/${mine.body.id}/cancel`)).body.error.code,
    ).toBe('appointment_cancelled');
    expect((await slotsOf('lea')).map((s) => s.startsAt)).toContain(slots[6]!.startsAt);

    // The advisor moves a client's appointment to another of their slots; the client is told.
    const again = await call<Appointment>('hugo', 'POST', '/api/client/appointments', {
      startsAt: slots[7]!.startsAt,
      mode: 'video',
      subject: 'Épargne',
    });
    const advisorSlots = await call<{ slots: { startsAt: string }[] }>('nora', 'GET', `/api/appointments/${again.body.id}/slots`);
    expect(advisorSlots.body.slots.map((s) => s.startsAt)).toContain(slots[8]!.startsAt);
    const byNora = await call<Appointment>('nora', 'POST', `/api/appointments/${again.body.id}/reschedule`, {
      startsAt: slots[8]!.startsAt,
    });
    expect(byNora.body).toMatchObject({ status: 'booked', startsAt: slots[8]!.startsAt });
    expect(
      (await mailsTo(clients.hugo!.email, 'appointment.rescheduled')).some((m) => m.text_body.includes('Votre conseiller a déplacé')),
    ).toBe(true);
    expect((await call('karim', 'POST', `/api/appointments/${again.body.id}/reschedule`, { startsAt: slots[9]!.startsAt })).status).toBe(
      404,
    );

    // Within the cut-off: the client is told to call; the advisor may still cancel.
    const soon = await insertAppointment('hugo', 'nora', new Date(Math.ceil((Date.now() + 60 * 60_000) / SLOT_MS) * SLOT_MS));
    const late = await call<{ error: { code: string; message: string } }>('hugo', 'POST', `/api/client/appointments/${soon}/cancel`);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('change_too_late');
    expect(late.body.error.message).toMatch(/2 heures/);
    const byAdvisor = await call<Appointment>('nora', 'POST', `/api/appointments/${soon}/cancel`);
    expect(byAdvisor.body).toMatchObject({ status: 'cancelled', cancelledBy: 'advisor' });
    expect(
      (await mailsTo(clients.hugo!.email, 'appointment.cancelled')).some((m) => m.text_body.includes('Votre conseiller a annulé')),
    ).toBe(true);
  });

  it('keeps each appointment to its client and advisor (object-level access matrix)', async () => {
    const [slot] = await slotsOf('julie');
    const julies = (
      await call<Appointment>('julie', 'POST', '/api/client/appointments', { startsAt: slot!.startsAt, mode: 'video', subject: 'Épargne' })
    ).body;
    // Another client: not in their list, and "not found" for every action.
    expect((await call<Appointment[]>('lea', 'GET', '/api/client/appointments')).body.map((a) => a.id)).not.toContain(julies.id);
    for (const [method, url] of [
      ['POST', `/api/client/appointments/${julies.id}/cancel`],
      ['POST', `/api/client/appointments/${julies.id}/reschedule`],
      ['GET', `/api/client/appointments/${julies.id}/calendar.ics`],
    ] as const) {
      expect((await call('lea', method, url, method === 'POST' ? { startsAt: slot!.startsAt } : undefined)).status).toBe(404);
    }
    // Another advisor: not their agenda, not their appointment.
    expect((await call('karim', 'GET', `/api/appointments?advisorId=${staff.nora!.id}`)).status).toBe(403);
    expect((await call<Appointment[]>('karim', 'GET', '/api/appointments?days=31')).body.map((a) => a.id)).not.toContain(julies.id);
    expect((await call('karim', 'POST', `/api/appointments/${julies.id}/cancel`)).status).toBe(404);
    expect((await call('ines', 'GET', `/api/appointments?advisorId=${staff.nora!.id}`)).status).toBe(403);
    // A supervisor reads any advisor's agenda (their role says more) but does not move their appointments.
    const agenda = await call<Appointment[]>('sophie', 'GET', `/api/appointments?advisorId=${staff.nora!.id}&days=31`);
    expect(agenda.body.map((a) => a.id)).toContain(julies.id);
    expect((await call('sophie', 'POST', `/api/appointments/${julies.id}/cancel`)).status).toBe(404);
    // The own advisor sees it in the agenda and in the client's 360 timeline; the ics is Julie's.
    expect((await call<Appointment[]>('nora', 'GET', '/api/appointments?days=31')).body.map((a) => a.id)).toContain(julies.id);
    const timeline = await call<TimelinePage>('nora', 'GET', `/api/clients/${clients.julie!.id}/timeline`);
    expect(timeline.body.items.find((i) => i.id === `appointment:${julies.id}`)).toMatchObject({
      kind: 'appointment',
      channel: 'appointment',
    });
    const ics = await call<string>('julie', 'GET', `/api/client/appointments/${julies.id}/calendar.ics`);
    expect(ics.body).toContain('BEGIN:VEVENT');
    expect(ics.body).toContain(`DTSTART:${julies.startsAt.replace(/[-:]/g, '').replace('.000', '')}`);
    // Signed out, or signed in as staff only: no client route.
    expect((await call('nobody', 'GET', '/api/client/appointments')).status).toBe(401);
    expect((await call('nora', 'GET', '/api/client/appointments')).status).toBe(401);
  });

  it('queues each reminder once (the day before, the hour before), none for a cancelled appointment', async () => {
    const now = new Date();
    const tomorrow = await insertAppointment('marc', 'karim', new Date(now.getTime() + 23 * 3_600_000), 'phone');
    const cancelled = await insertAppointment('marc', 'karim', new Date(now.getTime() + 22 * 3_600_000), 'phone');
    await database.db.updateTable('appointments').set({ status: 'cancelled' }).where('id', '=', cancelled).execute();
    expect(await sendDueReminders(deps, now)).toBeGreaterThanOrEqual(1);
    expect(await sendDueReminders(deps, now)).toBe(0);
    const dayMails = await mailsTo(clients.marc!.email, 'appointment.reminder_day');
    expect(dayMails).toHaveLength(1);
    // An hour before, the second reminder; then nothing more.
    const hourBefore = new Date(now.getTime() + 22.5 * 3_600_000);
    await sendDueReminders(deps, hourBefore);
    await sendDueReminders(deps, hourBefore);
    expect(await mailsTo(clients.marc!.email, 'appointment.reminder_hour')).toHaveLength(1);
    const notices = await call<AppointmentNotice[]>('marc', 'GET', '/api/client/appointment-notices');
    expect(
      notices.body
        .filter((n) => n.appointmentId === tomorrow)
        .map((n) => n.kind)
        .sort(),
    ).toEqual(['reminder_day', 'reminder_hour']);
    expect(notices.body.some((n) => n.appointmentId === cancelled)).toBe(false);
  });

  it('opens the meeting room to the appointment’s client and advisor only, around its time, and relays signalling and chat', async () => {
    const at = new Date(Math.floor(Date.now() / SLOT_MS) * SLOT_MS);
    const id = await insertAppointment('julie', 'nora', at);
    const later = await insertAppointment('julie', 'nora', new Date(at.getTime() + 3 * 86_400_000));
    const phone = await insertAppointment('lea', 'nora', new Date(at.getTime() + SLOT_MS), 'phone');
    const open = (who: string, appointmentId: string, origin = TEST_PUBLIC_URL) =>
      new Promise<{ ws: WebSocket; frames: Record<string, unknown>[]; next: (type: string) => Promise<Record<string, unknown>> }>(
        (resolve, reject) => {
          const frames: Record<string, unknown>[] = [];
          const waiting: { type: string; resolve: (f: Record<string, unknown>) => void }[] = [];
          app
            .injectWS(
              `/api/meetings/${appointmentId}/ws`,
              { headers: { cookie: headersOf(who).cookie ?? '', origin, host: 'agora.test' } },
              {
                onInit: (ws) =>
                  ws.on('message', (raw) => {
                    const frame = JSON.parse(String(raw)) as Record<string, unknown>;
                    frames.push(frame);
                    const i = waiting.findIndex((w) => w.type === frame.type);
                    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(frame);
                  }),
              },
            )
            .then((ws) =>
              resolve({
                ws,
                frames,
                next: (type) => {
                  const seen = frames.find((f) => f.type === type);
                  if (seen) {
                    frames.splice(frames.indexOf(seen), 1);
                    return Promise.resolve(seen);
                  }
                  return new Promise((r) => waiting.push({ type, resolve: r }));
                },
              }),
            )
            .catch(reject);
        },
      );
    const closedWith = (ws: WebSocket) => new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));

    for (const [who, appointmentId, code] of [
      ['lea', id, 4404],
      ['karim', id, 4404],
      ['sophie', id, 4404],
      ['nobody', id, 4401],
      ['julie', later, 4403],
      ['lea', phone, 4409],
    ] as const) {
      const intruder = await open(who, appointmentId);
      expect(await closedWith(intruder.ws)).toBe(code);
    }

    // Julie's own cookie sent by another site's page (cross-site WebSocket hijacking): refused.
    const hijack = await open('julie', id, 'http://evil.example');
    expect(await closedWith(hijack.ws)).toBe(4403);

    const julie = await open('julie', id);
    expect(await julie.next('joined')).toMatchObject({ role: 'client', peerPresent: false });
    const nora = await open('nora', id);
    expect(await nora.next('joined')).toMatchObject({ role: 'advisor', peerPresent: true, iceServers: [] });
    expect(await julie.next('peer-joined')).toMatchObject({ role: 'advisor' });
    nora.ws.send(JSON.stringify({ type: 'signal', data: { description: { type: 'offer', sdp: 'v=0' } } }));
    expect(await julie.next('signal')).toEqual({ type: 'signal', data: { description: { type: 'offer', sdp: 'v=0' } } });
    julie.ws.send(JSON.stringify({ type: 'chat', text: 'Bonjour, vous m’entendez ?' }));
    expect(await nora.next('chat')).toMatchObject({ from: 'client', text: 'Bonjour, vous m’entendez ?' });
    julie.ws.send('pas du JSON');
    expect(await julie.next('error')).toMatchObject({ code: 'invalid_frame' });
    julie.ws.terminate();
    expect(await nora.next('peer-left')).toMatchObject({ role: 'client' });
    nora.ws.terminate();
  });
});
