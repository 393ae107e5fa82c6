import { type BusinessCalendar, wallClockOf } from './business-clock.ts';

const FR_DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FR_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * The out-of-hours acknowledgement: when a person will answer, in the team's local time —
 * "aujourd'hui", "demain", the weekday within a week, the full date beyond (long closures).
 */
export function acknowledgementText(receivedAt: Date, opening: Date, calendar: BusinessCalendar, language: string | null): string {
  const o = wallClockOf(opening, calendar.timeZone);
  const r = wallClockOf(receivedAt, calendar.timeZone);
  const days = Math.round((Date.UTC(o.y, o.m - 1, o.d) - Date.UTC(r.y, r.m - 1, r.d)) / 86_400_000);
  const weekday = new Date(Date.UTC(o.y, o.m - 1, o.d)).getUTCDay();
  const mm = String(o.minute).padStart(2, '0');
  if (language === 'en') {
    const when =
      days === 0
        ? 'today'
        : days === 1
          ? 'tomorrow'
          : days < 7
            ? `on ${EN_DAYS[weekday]}`
            : `on ${EN_DAYS[weekday]} ${EN_MONTHS[o.m - 1]} ${o.d}`;
    const hour12 = o.hour % 12 === 0 ? 12 : o.hour % 12;
    return `Thank you for your message. Our advisers will answer as soon as we open, ${when} at ${hour12}:${mm} ${o.hour < 12 ? 'am' : 'pm'} (Paris time).`;
  }
  const when =
    days === 0
      ? "aujourd'hui"
      : days === 1
        ? 'demain'
        : days < 7
          ? FR_DAYS[weekday]
          : `le ${FR_DAYS[weekday]} ${o.d === 1 ? '1er' : o.d} ${FR_MONTHS[o.m - 1]}`;
  return `Merci pour votre message. Nos conseillers vous répondent dès l'ouverture, ${when} à ${o.hour} h ${mm}.`;
}
