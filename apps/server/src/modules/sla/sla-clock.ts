import { addOpenMinutes, type BusinessCalendar, openMinutesBetween } from './business-clock.ts';
import type { SlaPause } from './sla.tables.ts';

/**
 * The pure part of the SLA clock: from a conversation's messages, its pauses and the team's
 * calendar, what is owed and when it is due. Recomputed from scratch on every change, so that a
 * replayed or reordered event can never leave the clock wrong.
 */

export interface ClockMessage {
  direction: 'inbound' | 'outbound';
  at: Date;
  /** Inbound insults start no clock (rule: never answer an insult). */
  insult: boolean;
  /** Outbound written by a person; the automatic acknowledgement meets nothing. */
  byStaff: boolean;
}

export interface OwedResponse {
  kind: 'first' | 'next';
  since: Date;
}

export interface ResponseWalk {
  /** The first inbound message that calls for an answer; null when every one is an insult. */
  startedAt: Date | null;
  owed: OwedResponse | null;
  firstResponseMetAt: Date | null;
  lastResponseMetAt: Date | null;
}

/**
 * A response is owed from the first inbound message after our last reply; a staff reply (at the
 * time it is queued: the agent did answer, delivery has its own status) meets it.
 */
export function walkResponses(messages: ClockMessage[]): ResponseWalk {
  const sorted = [...messages].sort((a, b) => a.at.getTime() - b.at.getTime());
  let startedAt: Date | null = null;
  let owed: OwedResponse | null = null;
  let firstResponseMetAt: Date | null = null;
  let lastResponseMetAt: Date | null = null;
  for (const m of sorted) {
    if (m.direction === 'inbound') {
      if (m.insult || owed) continue;
      startedAt ??= m.at;
      owed = { kind: firstResponseMetAt ? 'next' : 'first', since: m.at };
    } else if (m.byStaff && startedAt) {
      if (owed?.kind === 'first') firstResponseMetAt = m.at;
      if (owed) lastResponseMetAt = m.at;
      owed = null;
    }
  }
  return { startedAt, owed, firstResponseMetAt, lastResponseMetAt };
}

export type ClockResult = { paused: false; warnAt: Date; dueAt: Date } | { paused: true; remainingMinutes: number };

/**
 * Due time of `minutes` open minutes from `since`, pushed back by the open minutes spent waiting
 * on the client (pauses are ordered and disjoint). While a pause lasts the clock has no due time,
 * only the open minutes left.
 */
export function runClock(since: Date, minutes: number, pauses: SlaPause[], calendar: BusinessCalendar): ClockResult {
  let due = addOpenMinutes(since, minutes, calendar);
  let warn = addOpenMinutes(since, minutes * 0.8, calendar);
  for (const p of [...pauses].sort((a, b) => a.from.localeCompare(b.from))) {
    const from = new Date(Math.max(Date.parse(p.from), since.getTime()));
    if (p.to !== null && Date.parse(p.to) <= from.getTime()) continue;
    if (from >= due) break;
    if (p.to === null) return { paused: true, remainingMinutes: openMinutesBetween(from, due, calendar) };
    const to = new Date(p.to);
    const spent = openMinutesBetween(from, to, calendar);
    due = addOpenMinutes(due, spent, calendar);
    if (from < warn) warn = addOpenMinutes(warn, spent, calendar);
  }
  return { paused: false, warnAt: warn, dueAt: due };
}
