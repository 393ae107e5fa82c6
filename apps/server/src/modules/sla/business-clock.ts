import Holidays from 'date-holidays';

/**
 * The business clock: which instants are open for a team, and how many open minutes lie between
 * two instants. Pure: no I/O, no current time. Opening hours are wall-clock times in the
 * calendar's time zone, converted to instants day by day with Intl offsets, so a day of 23 or 25
 * hours (DST changes) still opens at 9:00 and closes at 18:00 local time.
 *
 * Boundary convention: an opening interval is half-open, [opening, closing). The closing instant
 * itself is closed, but `addOpenMinutes` may return exactly a closing instant when the budget runs
 * out there (18:00 sharp), rather than jumping to the next opening.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" wall-clock times; end after start, both within the day (end may be "24:00"). */
export interface OpeningRange {
  start: string;
  end: string;
}

/** Dates are local "YYYY-MM-DD", inclusive on both ends. */
export interface Closure {
  from: string;
  to: string;
  label?: string;
}

export interface BusinessCalendar {
  timeZone: string;
  weeklyHours: Record<Weekday, OpeningRange[]>;
  /** ISO country whose public holidays close the team (date-holidays), or null for none. */
  holidayCountry: string | null;
  closures: Closure[];
}

export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'Europe/Paris',
  weeklyHours: {
    sun: [],
    mon: [{ start: '09:00', end: '18:00' }],
    tue: [{ start: '09:00', end: '18:00' }],
    wed: [{ start: '09:00', end: '18:00' }],
    thu: [{ start: '09:00', end: '18:00' }],
    fri: [{ start: '09:00', end: '18:00' }],
    sat: [],
  },
  holidayCountry: 'FR',
  closures: [],
};

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** A calendar with no opening in ten years is a configuration error, not a reason to loop forever. */
const MAX_DAYS_SCANNED = 3660;

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a time zone. */
export function wallClockOf(at: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, m: parts.month!, d: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/**
 * Offsets already computed, by zone and instant. Every clock asks for the same few instants (the
 * openings and closings of the same days) and `formatToParts` costs microseconds each: without
 * this, a burst of conversations out of hours spent more time here than anywhere else.
 */
const offsets = new Map<string, number>();
const MAX_OFFSETS = 20_000;

/** Offset (ms) of the zone at an instant: local wall time read as UTC, minus the instant. */
function offsetAt(ms: number, timeZone: string): number {
  const key = `${timeZone}\u0000${ms}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const w = wallClockOf(new Date(ms), timeZone);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.hour, w.minute, w.second);
  const offset = asUtc - (ms - (((ms % 1000) + 1000) % 1000));
  // A pure function of its key: forgetting everything at the bound is only a little slower.
  if (offsets.size >= MAX_OFFSETS) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/**
 * The instant of a local wall time. Two passes settle the offset; a wall time skipped by a spring
 * change (02:30 on the last Sunday of March) resolves to the instant after the gap (03:30), a
 * repeated one (autumn) to one of its two occurrences.
 */
export function instantOfWallTime(date: LocalDate, minutesOfDay: number, timeZone: string): number {
  const naive = Date.UTC(date.y, date.m - 1, date.d) + minutesOfDay * MINUTE;
  const first = naive - offsetAt(naive, timeZone);
  const second = naive - offsetAt(first, timeZone);
  return Math.max(first, second);
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (d: LocalDate) => `${d.y}-${pad(d.m)}-${pad(d.d)}`;
function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.y, d.m - 1, d.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
const weekdayOf = (d: LocalDate): Weekday => WEEKDAYS[new Date(Date.UTC(d.y, d.m - 1, d.d)).getUTCDay()]!;
const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

const holidayCache = new Map<string, Set<string>>();
/** Public holidays only (date-holidays also lists observances such as Mother's Day). */
function publicHolidays(country: string, year: number): Set<string> {
  const key = `${country}:${year}`;
  let set = holidayCache.get(key);
  if (!set) {
    const hd = new Holidays(country);
    set = new Set((hd.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    holidayCache.set(key, set);
  }
  return set;
}

export function isClosedDay(date: LocalDate | string, calendar: BusinessCalendar): boolean {
  const iso = typeof date === 'string' ? date : isoDate(date);
  if (calendar.holidayCountry && publicHolidays(calendar.holidayCountry, Number(iso.slice(0, 4))).has(iso)) return true;
  return calendar.closures.some((c) => c.from <= iso && iso <= c.to);
}

/**
 * Days already turned into intervals, per calendar object: a pass of the SLA worker clocks
 * hundreds of conversations on the same calendar and the same few days. Keyed by the object (a
 * calendar is read once per pass and never changed), bounded per calendar.
 */
const daysOf = new WeakMap<BusinessCalendar, Map<number, [number, number][]>>();
const MAX_DAYS_KEPT = 1000;

/** Open intervals [start, end) in ms of one local day. */
function intervalsOfDay(date: LocalDate, calendar: BusinessCalendar): [number, number][] {
  let days = daysOf.get(calendar);
  if (!days) {
    days = new Map();
    daysOf.set(calendar, days);
  }
  const key = date.y * 10_000 + date.m * 100 + date.d;
  let intervals = days.get(key);
  if (!intervals) {
    if (days.size >= MAX_DAYS_KEPT) days.clear();
    intervals = computeIntervalsOfDay(date, calendar);
    days.set(key, intervals);
  }
  return intervals;
}

function computeIntervalsOfDay(date: LocalDate, calendar: BusinessCalendar): [number, number][] {
  if (isClosedDay(date, calendar)) return [];
  return calendar.weeklyHours[weekdayOf(date)]
    .map((r): [number, number] => [
      instantOfWallTime(date, minutesOf(r.start), calendar.timeZone),
      instantOfWallTime(date, minutesOf(r.end), calendar.timeZone),
    ])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

/** Open intervals that end after `fromMs`, in order, starting with the local day of `fromMs`. */
function* intervalsFrom(fromMs: number, calendar: BusinessCalendar): Generator<[number, number]> {
  // The local day from the zone's offset at the start of the hour (remembered by offsetAt): an
  // offset that changes within that hour can move the day by one at most, so the scan starts two
  // days early (ranges ending at 24:00, or odd zones, may also reach past the local midnight).
  // Intervals that end before `fromMs` are skipped below.
  const hour = fromMs - (((fromMs % HOUR) + HOUR) % HOUR);
  const local = new Date(fromMs + offsetAt(hour, calendar.timeZone));
  let day = addDays({ y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() }, -2);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    for (const iv of intervalsOfDay(day, calendar)) if (iv[1] > fromMs) yield iv;
    day = addDays(day, 1);
  }
  throw new Error('Calendrier sans aucune ouverture sur dix ans : vérifiez les horaires.');
}

export function isOpen(at: Date, calendar: BusinessCalendar): boolean {
  const ms = at.getTime();
  for (const [s] of intervalsFrom(ms, calendar)) return s <= ms;
  return false;
}

/** The first open instant at or after `at` (`at` itself when open). */
export function nextOpening(at: Date, calendar: BusinessCalendar): Date {
  const ms = at.getTime();
  for (const [s] of intervalsFrom(ms, calendar)) return new Date(Math.max(s, ms));
  throw new Error('unreachable');
}

/**
 * The instant `minutes` open minutes after `start`. From a closed instant the count starts at the
 * next opening; zero minutes from a closed instant is that opening. Fractions of minutes are kept
 * to the millisecond.
 */
export function addOpenMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError('minutes must be a finite number >= 0');
  const from = start.getTime();
  let left = Math.round(minutes * MINUTE);
  for (const [s, e] of intervalsFrom(from, calendar)) {
    const begin = Math.max(s, from);
    if (left <= e - begin) return new Date(begin + left);
    left -= e - begin;
  }
  throw new Error('unreachable');
}

/** Open minutes in [a, b); 0 when b is not after a. */
export function openMinutesBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  let total = 0;
  for (const [s, e] of intervalsFrom(from, calendar)) {
    if (s >= to) break;
    total += Math.min(e, to) - Math.max(s, from);
  }
  return total / MINUTE;
}
