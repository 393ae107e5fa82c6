import { randomUUID } from 'node:crypto';
import { APPOINTMENT_TIME_ZONE, type WeeklyHours } from '@agora/contracts/appointments.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { instantOfWallTime } from '../sla/business-clock.ts';
import { addDays, parisDayOf, SLOT_MS } from './appointment-slots.ts';
import './appointments.tables.ts';

const weekdays = (ranges: { start: string; end: string }[], saturday: { start: string; end: string }[] = []): WeeklyHours => ({
  mon: ranges,
  tue: ranges,
  wed: ranges,
  thu: ranges,
  fri: ranges,
  sat: saturday,
  sun: [],
});

const DEMO_BRANCHES = [
  {
    name: 'Agence Paris Bastille',
    address: '12 rue de la Roquette',
    postalCode: '75011',
    city: 'Paris',
    phone: '01 43 00 00 11',
    hours: weekdays(
      [
        { start: '09:00', end: '12:30' },
        { start: '14:00', end: '18:00' },
      ],
      [{ start: '09:00', end: '12:30' }],
    ),
  },
  {
    name: 'Agence Lyon Part-Dieu',
    address: '45 boulevard Vivier-Merle',
    postalCode: '69003',
    city: 'Lyon',
    phone: '04 72 00 00 22',
    hours: weekdays([{ start: '09:30', end: '18:00' }]),
  },
  {
    name: 'Agence Nantes Commerce',
    address: '3 place du Commerce',
    postalCode: '44000',
    city: 'Nantes',
    phone: '02 40 00 00 33',
    hours: weekdays(
      [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      [{ start: '09:00', end: '12:00' }],
    ),
  },
] as const;

const ADVISOR_WEEKS: Record<string, { branch: string; hours: WeeklyHours }> = {
  'conseillere@banque-exemple.fr': {
    branch: 'Agence Paris Bastille',
    hours: weekdays([
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '17:30' },
    ]),
  },
  'conseiller@banque-exemple.fr': {
    branch: 'Agence Lyon Part-Dieu',
    hours: weekdays([{ start: '10:00', end: '17:00' }]),
  },
};

/**
 * Demo only: three branches, each demo advisor's week, and a few appointments of Julie and Marc —
 * one video appointment whose room is open right away, so the meeting can be tried at once
 * (seeded directly: it sits outside the advisor's week on purpose). Does nothing twice.
 */
export async function seedDemoAppointments(deps: AppDeps, now = new Date()): Promise<void> {
  const db = deps.database.db;
  const existing = await db.selectFrom('branches').select(['id']).where('bank_id', '=', deps.bankId).limit(1).executeTakeFirst();
  if (existing) return;
  const branchIds = new Map<string, string>();
  for (const b of DEMO_BRANCHES) {
    const id = randomUUID();
    branchIds.set(b.name, id);
    await db
      .insertInto('branches')
      .values({
        id,
        bank_id: deps.bankId,
        name: b.name,
        address: b.address,
        postal_code: b.postalCode,
        city: b.city,
        phone: b.phone,
        weekly_hours: JSON.stringify(b.hours),
      })
      .execute();
  }
  const advisors = await db
    .selectFrom('staff_users')
    .select(['id', 'email'])
    .where('bank_id', '=', deps.bankId)
    .where('email', 'in', Object.keys(ADVISOR_WEEKS))
    .execute();
  for (const a of advisors) {
    const week = ADVISOR_WEEKS[a.email]!;
    await db
      .insertInto('advisor_availability')
      .values({
        advisor_id: a.id,
        bank_id: deps.bankId,
        branch_id: branchIds.get(week.branch) ?? null,
        weekly_hours: JSON.stringify(week.hours),
      })
      .execute();
  }
  const clients = await db
    .selectFrom('clients')
    .select(['id', 'advisor_id', 'email'])
    .where('bank_id', '=', deps.bankId)
    .where('email', 'in', ['julie.moreau@exemple-client.fr', 'marc.lefebvre@exemple-client.fr'])
    .execute();
  const julie = clients.find((c) => c.email?.startsWith('julie'));
  const marc = clients.find((c) => c.email?.startsWith('marc'));
  const nextHalfHour = Math.ceil((now.getTime() + 5 * 60_000) / SLOT_MS) * SLOT_MS;
  const inDays = (days: number, minutes: number) =>
    new Date(instantOfWallTime(addDays(parisDayOf(now), days), minutes, APPOINTMENT_TIME_ZONE));
  const rows = [
    julie?.advisor_id && { client: julie, mode: 'video', subject: 'Point sur mon projet immobilier', at: new Date(nextHalfHour) },
    julie?.advisor_id && {
      client: julie,
      mode: 'branch',
      subject: 'Signature de l’offre de prêt',
      at: inDays(6, 10 * 60),
      branch: ADVISOR_WEEKS['conseillere@banque-exemple.fr']!.branch,
    },
    marc?.advisor_id && { client: marc, mode: 'phone', subject: 'Questions sur mon assurance-vie', at: inDays(3, 11 * 60) },
  ].filter(Boolean) as {
    client: { id: string; advisor_id: string };
    mode: 'video' | 'branch' | 'phone';
    subject: string;
    at: Date;
    branch?: string;
  }[];
  for (const r of rows) {
    await db
      .insertInto('appointments')
      .values({
        id: randomUUID(),
        bank_id: deps.bankId,
        client_id: r.client.id,
        advisor_id: r.client.advisor_id,
        branch_id: r.branch ? (branchIds.get(r.branch) ?? null) : null,
        mode: r.mode,
        subject: r.subject,
        starts_at: r.at,
        ends_at: new Date(r.at.getTime() + SLOT_MS),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
