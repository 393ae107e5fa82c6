import type { AppDeps } from '../../platform/app-deps.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { announce } from './appointment-notify.ts';
import { appointmentQuery } from './appointments.repository.ts';

const BATCH = 50;
/** The day before and an hour before; one booked a few hours ahead gets only the hour's. */
const REMINDERS = [
  { news: 'reminder_day', column: 'reminder_day_sent_at', beforeMs: 24 * 3_600_000, skipIfWithinMs: 3 * 3_600_000 },
  { news: 'reminder_hour', column: 'reminder_hour_sent_at', beforeMs: 3_600_000, skipIfWithinMs: 0 },
] as const;

/**
 * Queues the reminders that are due (in-app notice and e-mail). Each is marked sent in the
 * transaction that queues it, with the row locked and re-checked, so a reminder goes once whatever
 * the restarts and however many workers run. A moved appointment's marks were cleared: it is
 * reminded again for its new time. `now` is injectable so tests control the clock.
 */
export async function sendDueReminders(deps: AppDeps, now = new Date()): Promise<number> {
  let sent = 0;
  for (const reminder of REMINDERS) {
    const due = await deps.database.db
      .selectFrom('appointments')
      .select(['id', 'bank_id', 'starts_at'])
      .where('status', '=', 'booked')
      .where('starts_at', '>', now)
      .where('starts_at', '<=', new Date(now.getTime() + reminder.beforeMs))
      .where(reminder.column, 'is', null)
      .orderBy('starts_at')
      .limit(BATCH)
      .execute();
    for (const appointment of due) {
      const done = await deps.database.db.transaction().execute(async (tx) => {
        const locked = await tx
          .selectFrom('appointments')
          .select(['id'])
          .where('id', '=', appointment.id)
          .where('status', '=', 'booked')
          .where(reminder.column, 'is', null)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!locked) return false;
        await tx
          .updateTable('appointments')
          .set({ [reminder.column]: now })
          .where('id', '=', appointment.id)
          .execute();
        // Booked a few hours ahead: the confirmation is fresh, the hour's reminder is enough.
        if (appointment.starts_at.getTime() - now.getTime() <= reminder.skipIfWithinMs) return true;
        const row = await appointmentQuery(tx, appointment.bank_id).where('a.id', '=', appointment.id).executeTakeFirstOrThrow();
        await announce(deps, tx, reminder.news, row, null);
        return true;
      });
      if (done) sent++;
    }
  }
  if (sent) deps.wakeOutbox();
  return sent;
}

/** The loop's idle poll notices due times (every 30 s is enough for reminders counted in hours). */
export function createAppointmentReminderWorker(deps: AppDeps, clock: () => Date = () => new Date()): WorkLoop {
  const loop = createWorkLoop('appointment-reminders', deps.logger, async () => {
    await sendDueReminders(deps, clock());
    return 0;
  });
  const start = loop.start.bind(loop);
  return { ...loop, start: (idlePollMs = 30_000) => start(idlePollMs) };
}
