import { randomUUID } from 'node:crypto';
import { APPOINTMENT_TIME_ZONE } from '@agora/contracts/appointments.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { notifyOne } from '../answers/notifications.service.ts';
import type { AppointmentRow } from './appointments.repository.ts';

export type AppointmentNews = 'booked' | 'rescheduled' | 'cancelled' | 'reminder_day' | 'reminder_hour';

const MODE_WORDS = { branch: 'en agence', phone: 'par téléphone', video: 'en vidéo' } as const;

const dayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: APPOINTMENT_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long' });
const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: APPOINTMENT_TIME_ZONE, hour: '2-digit', minute: '2-digit' });
/** "mardi 8 décembre à 10:30" in Paris time, whatever the server's zone (composed: ICU versions differ on the "à"). */
export const whenInWords = (at: Date) => `${dayFormat.format(at)} à ${timeFormat.format(at)}`;

function clientText(news: AppointmentNews, r: AppointmentRow, by: 'client' | 'advisor' | null): string {
  const what = `votre rendez-vous ${MODE_WORDS[r.mode]} avec ${r.advisor_name}, ${whenInWords(r.starts_at)}`;
  switch (news) {
    case 'booked':
      return `C’est confirmé : ${what}.`;
    case 'rescheduled':
      return by === 'advisor' ? `Votre conseiller a déplacé ${what}.` : `C’est noté : ${what} (nouvel horaire).`;
    case 'cancelled':
      return by === 'advisor' ? `Votre conseiller a annulé ${what}.` : `C’est noté : ${what} est annulé.`;
    case 'reminder_day':
      return `Rappel : ${what}.`;
    case 'reminder_hour':
      return `Rappel : ${what}, dans moins d’une heure.`;
  }
}

const SUBJECTS: Record<AppointmentNews, string> = {
  booked: 'Votre rendez-vous est confirmé',
  rescheduled: 'Votre rendez-vous a changé d’horaire',
  cancelled: 'Votre rendez-vous est annulé',
  reminder_day: 'Rappel : votre rendez-vous approche',
  reminder_hour: 'Rappel : votre rendez-vous dans moins d’une heure',
};

function mailBody(deps: AppDeps, news: AppointmentNews, r: AppointmentRow, by: 'client' | 'advisor' | null): string {
  const base = deps.config.publicUrl.replace(/\/$/, '');
  const lines = [`Bonjour ${r.client_first_name},`, '', clientText(news, r, by), '', `Objet : ${r.subject}`];
  if (news !== 'cancelled') {
    if (r.mode === 'branch' && r.branch_name) lines.push(`Adresse : ${r.branch_name}, ${r.branch_address}, ${r.branch_city}`);
    if (r.mode === 'phone') lines.push('Votre conseiller vous appellera au numéro enregistré dans votre espace.');
    if (r.mode === 'video') lines.push(`La salle vidéo ouvre 15 minutes avant : ${base}/espace/rendez-vous/${r.id}/salle`);
    lines.push(`Ajouter à votre agenda : ${base}/api/client/appointments/${r.id}/calendar.ics`);
    lines.push(`Annuler ou déplacer (jusqu’à 2 heures avant) : ${base}/espace/rendez-vous`);
  } else {
    lines.push(`Reprendre rendez-vous : ${base}/espace/rendez-vous`);
  }
  lines.push('', 'Ce message ne contient aucune information sur vos comptes. Ne répondez pas à cet e-mail.');
  return lines.join('\n');
}

/**
 * Tells the client (in-app notice and e-mail) and the advisor (a workstation notification when the
 * client acted), in the caller's transaction: nothing is said about a change that did not commit.
 * The bus event names both, so each one's screen refetches.
 */
export async function announce(
  deps: AppDeps,
  tx: Transaction<DB>,
  news: AppointmentNews,
  r: AppointmentRow,
  by: 'client' | 'advisor' | null,
): Promise<void> {
  const text = clientText(news, r, by);
  await tx
    .insertInto('appointment_notices')
    .values({ id: randomUUID(), bank_id: r.bank_id, client_id: r.client_id, appointment_id: r.id, kind: news, text })
    .execute();
  if (r.client_email) {
    await queueMail(tx, r.bank_id, {
      kind: `appointment.${news}`,
      to: r.client_email,
      subject: SUBJECTS[news],
      text: mailBody(deps, news, r, by),
    });
  }
  if (by === 'client') {
    const who = `${r.client_first_name} ${r.client_last_name}`;
    const verb = news === 'booked' ? 'a pris' : news === 'rescheduled' ? 'a déplacé' : 'a annulé';
    await notifyOne(
      tx,
      {
        bankId: r.bank_id,
        userId: r.advisor_id,
        kind: 'appointment',
        conversationId: null,
        teamId: '',
        advisorId: r.advisor_id,
        // One notification per change (a fresh id), not one per appointment.
        messageId: randomUUID(),
        text: `${who} ${verb} rendez-vous ${MODE_WORDS[r.mode]}, ${whenInWords(r.starts_at)} : « ${r.subject.slice(0, 80)} »`,
      },
      deps.database.kind,
    );
  }
  await enqueueEvents(
    tx,
    [
      {
        type: 'appointment.changed',
        bankId: r.bank_id,
        conversationId: '',
        teamId: '',
        advisorId: r.advisor_id,
        messageId: null,
        at: new Date().toISOString(),
        clientId: r.client_id,
      },
    ],
    deps.database.kind,
  );
}
