import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';
import { DEFAULT_CALENDAR } from '../sla/business-clock.ts';
import { withSla } from '../sla/sla.tables.ts';
import { calendarOfTeam } from '../sla/sla-calendar.service.ts';
import { runClock } from '../sla/sla-clock.ts';
import { policyFor } from '../sla/sla-policy.service.ts';

/**
 * The secure thread's own clock: the bank's SLA policy for the 'secure' channel (or its default),
 * counted in open minutes of the calendar of the team that answers (the advisors' team when the
 * thread goes to the advisor alone). A first answer is owed from the client's first message, a
 * next answer from the first client message after the last staff answer.
 */
export async function responseDueAt(
  tx: Transaction<DB>,
  bankId: string,
  calendarTeamId: string | null,
  since: Date,
  kind: 'first' | 'next',
): Promise<Date> {
  const sla = withSla(tx);
  const policy = await policyFor(sla, bankId, 'secure', null);
  const calendar = calendarTeamId ? await calendarOfTeam(sla, bankId, calendarTeamId) : DEFAULT_CALENDAR;
  const minutes = kind === 'first' ? policy.firstResponseMinutes : policy.nextResponseMinutes;
  const clock = runClock(since, minutes, [], calendar);
  // No pause on a secure thread: the clock always runs to a due time.
  return clock.paused ? since : clock.dueAt;
}

/** The bank's first team of advisors: it answers threads addressed to "the team", and lends its calendar. */
export async function advisorsTeamOf(tx: Transaction<DB> | { selectFrom: Transaction<DB>['selectFrom'] }, bankId: string) {
  return (
    (await tx
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('bank_id', '=', bankId)
      .where('kind', '=', 'advisors')
      .orderBy('name')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}
