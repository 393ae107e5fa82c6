/** Dashboards speak the bank's time: a "day" is a day in Europe/Paris, not in UTC. */
export const LISTENING_TIME_ZONE = 'Europe/Paris';
const HOUR = 3_600_000;
const MINUTE = 60_000;

const offsetFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: LISTENING_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
});
// Offsets change at most twice a year, always on an hour boundary: one lookup per hour.
const dayStartByHour = new Map<number, number>();

export const minuteOf = (at: Date): Date => new Date(Math.floor(at.getTime() / MINUTE) * MINUTE);
export const hourOf = (at: Date): Date => new Date(Math.floor(at.getTime() / HOUR) * HOUR);

const localParts = (at: number) => Object.fromEntries(offsetFormatter.formatToParts(new Date(at)).map((p) => [p.type, p.value]));

/** The instant the Paris day containing `at` began. */
export function dayOf(at: Date): Date {
  const hour = Math.floor(at.getTime() / HOUR) * HOUR;
  let start = dayStartByHour.get(hour);
  if (start === undefined) {
    const day = localParts(hour);
    // A guess from the local hour, then corrected: on the days the clocks change, the local hour
    // is not the number of hours since midnight (23- and 25-hour days).
    start = hour - Number(day.hour) * HOUR;
    for (let i = 0; i < 3; i++) {
      const guess = localParts(start);
      if (guess.hour === '00' && guess.day === day.day) break;
      start += guess.day === day.day ? -Number(guess.hour) * HOUR : (24 - Number(guess.hour)) * HOUR;
    }
    if (dayStartByHour.size > 50_000) dayStartByHour.clear();
    dayStartByHour.set(hour, start);
  }
  return new Date(start);
}

const monthStartByDay = new Map<number, number>();

/** The instant the Paris month containing `at` began (months only feed the top lists' marks). */
export function monthOf(at: Date): Date {
  const day = dayOf(at);
  let start = monthStartByDay.get(day.getTime());
  if (start === undefined) {
    start = addDays(day, 1 - Number(localParts(day.getTime() + 12 * HOUR).day)).getTime();
    if (monthStartByDay.size > 5_000) monthStartByDay.clear();
    monthStartByDay.set(day.getTime(), start);
  }
  return new Date(start);
}

export function addDays(day: Date, days: number): Date {
  // Noon of the target day, then its day start: safe across the 23- and 25-hour days.
  return dayOf(new Date(day.getTime() + days * 24 * HOUR + 12 * HOUR));
}
