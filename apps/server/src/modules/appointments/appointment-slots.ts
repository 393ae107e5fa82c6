import { APPOINTMENT_TIME_ZONE, SLOT_MINUTES, type WeeklyHours } from '@agora/contracts/appointments.schema.ts';
import Holidays from 'date-holidays';
import { type BusinessCalendar, instantOfWallTime, isClosedDay, WEEKDAYS, wallClockOf } from '../sla/business-clock.ts';

/**
 * Which half-hour slots an advisor offers. Pure: no I/O, no current time. The week is wall-clock
 * time in Europe/Paris, turned into instants day by day with the SLA's business clock (so DST days
 * still open at 9:00 local), French public holidays closed, exceptions (a day off, an afternoon
 * away) taken out, booked slots and those too soon removed.
 */

export const SLOT_MS = SLOT_MINUTES * 60_000;

export interface LocalDay {
  y: number;
  m: number;
  d: number;
}

export interface Unavailability {
  day: string;
  startMinute: number | null;
  endMinute: number | null;
}

export interface SlotQuery {
  weeklyHours: WeeklyHours;
  unavailabilities: Unavailability[];
  fromDay: LocalDay;
  days: number;
  /** Starts (ms) already taken by a live appointment. */
  booked: Set<number>;
  /** No slot starting before this instant (now plus the booking lead time). */
  notBefore: number;
  /** No slot starting at or after this instant (the booking horizon). */
  notAfter: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const isoOfDay = (d: LocalDay) => `${d.y}-${pad(d.m)}-${pad(d.d)}`;
export const dayOfIso = (iso: string): LocalDay => {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
};
export function addDays(d: LocalDay, n: number): LocalDay {
  const t = new Date(Date.UTC(d.y, d.m - 1, d.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
export const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};
export const hhmmOf = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** The local (Paris) day of an instant. */
export function parisDayOf(at: Date): LocalDay {
  const w = wallClockOf(at, APPOINTMENT_TIME_ZONE);
  return { y: w.y, m: w.m, d: w.d };
}

/** Holidays only: the weekly hours are the advisor's own, the calendar here just closes French public holidays. */
const holidayCalendar = (weeklyHours: WeeklyHours): BusinessCalendar => ({
  timeZone: APPOINTMENT_TIME_ZONE,
  weeklyHours,
  holidayCountry: 'FR',
  closures: [],
});

export function openSlots(q: SlotQuery): { startsAt: Date; endsAt: Date }[] {
  const calendar = holidayCalendar(q.weeklyHours);
  const slots: { startsAt: Date; endsAt: Date }[] = [];
  for (let i = 0; i < q.days; i++) {
    const day = addDays(q.fromDay, i);
    const iso = isoOfDay(day);
    if (isClosedDay(day, calendar)) continue;
    const weekday = WEEKDAYS[new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay()]!;
    const away = q.unavailabilities.filter((u) => u.day === iso);
    if (away.some((u) => u.startMinute === null)) continue;
    for (const range of q.weeklyHours[weekday]) {
      for (let m = minutesOf(range.start); m + SLOT_MINUTES <= minutesOf(range.end); m += SLOT_MINUTES) {
        if (away.some((u) => u.startMinute! < m + SLOT_MINUTES && m < u.endMinute!)) continue;
        const start = instantOfWallTime(day, m, APPOINTMENT_TIME_ZONE);
        if (start < q.notBefore || start >= q.notAfter || q.booked.has(start)) continue;
        slots.push({ startsAt: new Date(start), endsAt: new Date(start + SLOT_MS) });
      }
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The next French public holidays (they close every branch and every advisor's agenda). */
export function nextPublicHolidays(from: Date, count: number): { day: string; label: string }[] {
  const hd = new Holidays('FR');
  const year = from.getUTCFullYear();
  const today = isoOfDay(parisDayOf(from));
  return [...(hd.getHolidays(year) || []), ...(hd.getHolidays(year + 1) || [])]
    .filter((h) => h.type === 'public' && h.date.slice(0, 10) >= today)
    .map((h) => ({ day: h.date.slice(0, 10), label: h.name }))
    .slice(0, count);
}
