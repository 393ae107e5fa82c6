import Holidays from 'date-holidays';

/**
 * When a person answers the live chat. `spec` reads like a shop door: "mon-fri 09:00-18:00",
 * several ranges separated by ";" ("mon-fri 09:00-18:00; sat 09:00-12:00"), or "always" / "never".
 * Times are wall-clock times in `timeZone`, so the DST changes need no special case: Intl turns
 * each instant into the local day and time. Public holidays of `holidaysCountry` are closed.
 */
export interface OpeningHours {
  isOpen(at: Date): boolean;
  /** The next instant the chat opens (at itself when open), or null when it never opens within two weeks. */
  nextOpening(at: Date): Date | null;
}

export interface OpeningHoursOptions {
  spec: string;
  timeZone: string;
  /** ISO country code for date-holidays ("FR"), or null for none. */
  holidaysCountry: string | null;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Range = { days: Set<number>; fromMinute: number; toMinute: number };

export class OpeningHoursSpecError extends Error {}

function parseTime(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) throw new OpeningHoursSpecError(`heure illisible : ${text}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 24 * 60) throw new OpeningHoursSpecError(`heure illisible : ${text}`);
  return minutes;
}

function parseDays(text: string): Set<number> {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const [from, to] = part.split('-') as [string, string | undefined];
    const start = DAYS.indexOf(from as (typeof DAYS)[number]);
    const end = to === undefined ? start : DAYS.indexOf(to as (typeof DAYS)[number]);
    if (start < 0 || end < 0) throw new OpeningHoursSpecError(`jour illisible : ${part}`);
    for (let d = start; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === end) break;
    }
  }
  return days;
}

export function parseOpeningSpec(spec: string): Range[] | 'always' | 'never' {
  const trimmed = spec.trim().toLowerCase();
  if (trimmed === 'always' || trimmed === 'never') return trimmed;
  return trimmed
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((segment) => {
      const [days, hours] = segment.split(/\s+/) as [string, string | undefined];
      const [from, to] = (hours ?? '').split('-');
      if (!from || !to) throw new OpeningHoursSpecError(`plage illisible : ${segment}`);
      return { days: parseDays(days), fromMinute: parseTime(from), toMinute: parseTime(to) };
    });
}

export function createOpeningHours(options: OpeningHoursOptions): OpeningHours {
  const ranges = parseOpeningSpec(options.spec);
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: options.timeZone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const holidays = options.holidaysCountry ? new Holidays(options.holidaysCountry) : null;
  const holidayDates = new Map<number, Set<string>>();
  const isHoliday = (year: number, isoDate: string) => {
    if (!holidays) return false;
    let dates = holidayDates.get(year);
    if (!dates) {
      // Only days off for everyone ("public"); observances and bank-only days stay open.
      dates = new Set(
        holidays
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      holidayDates.set(year, dates);
    }
    return dates.has(isoDate);
  };

  const isOpen = (at: Date) => {
    if (ranges === 'always') return true;
    if (ranges === 'never') return false;
    const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
    const weekday = DAYS.indexOf(String(parts.weekday).toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
    const minute = Number(parts.hour) * 60 + Number(parts.minute);
    if (isHoliday(Number(parts.year), `${parts.year}-${parts.month}-${parts.day}`)) return false;
    return ranges.some((r) => r.days.has(weekday) && minute >= r.fromMinute && minute < r.toMinute);
  };

  return {
    isOpen,
    nextOpening(at) {
      if (isOpen(at)) return at;
      if (ranges === 'never') return null;
      // Quarter-hour steps: every zone Agora serves is offset by whole quarter hours from UTC.
      const step = 15 * 60_000;
      let t = Math.ceil(at.getTime() / step) * step;
      for (let i = 0; i < 14 * 96; i++, t += step) if (isOpen(new Date(t))) return new Date(t);
      return null;
    },
  };
}
