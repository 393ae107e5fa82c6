import type { AppointmentRow } from './appointments.repository.ts';

const MODE_WORDS = { branch: 'en agence', phone: 'par téléphone', video: 'en vidéo' } as const;

/** 20261208T093000Z: iCalendar's UTC form. */
const icsTime = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
/** RFC 5545 text: backslash, semicolon, comma and newlines escaped; lines folded at 75 octets. */
const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
function fold(line: string): string {
  const out: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 75) {
    let cut = 75;
    while (Buffer.byteLength(rest.slice(0, cut)) > 75) cut--;
    out.push(rest.slice(0, cut));
    rest = ` ${rest.slice(cut)}`;
  }
  out.push(rest);
  return out.join('\r\n');
}

/**
 * One appointment as an iCalendar event, for the client's own agenda. It carries what the e-mail
 * says (who, how, where), never anything about accounts. A cancelled one is sent as CANCELLED
 * with the same UID, so a calendar that imported it can drop it.
 */
export function appointmentIcs(r: AppointmentRow, publicUrl: string, now = new Date()): string {
  const base = publicUrl.replace(/\/$/, '');
  const location =
    r.mode === 'branch' && r.branch_name
      ? `${r.branch_name}, ${r.branch_address}, ${r.branch_city}`
      : r.mode === 'video'
        ? `${base}/espace/rendez-vous/${r.id}/salle`
        : 'Par téléphone';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Agora//Rendez-vous//FR',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${r.id}@agora`,
    `DTSTAMP:${icsTime(now)}`,
    `DTSTART:${icsTime(r.starts_at)}`,
    `DTEND:${icsTime(r.ends_at)}`,
    `SUMMARY:${escapeText(`Rendez-vous ${MODE_WORDS[r.mode]} avec ${r.advisor_name}`)}`,
    `DESCRIPTION:${escapeText(`Objet : ${r.subject}\nGérer ce rendez-vous : ${base}/espace/rendez-vous`)}`,
    `LOCATION:${escapeText(location)}`,
    `STATUS:${r.status === 'booked' ? 'CONFIRMED' : 'CANCELLED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
