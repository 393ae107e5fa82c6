import { describe, expect, it } from 'vitest';
import { type BusinessCalendar, DEFAULT_CALENDAR } from './business-clock.ts';
import { acknowledgementText } from './sla-acknowledgement.ts';
import { slaBadgeOf } from './sla-badge.ts';
import { runClock, walkResponses } from './sla-clock.ts';

const paris = DEFAULT_CALENDAR;
const at = (s: string) => new Date(s);
const inbound = (s: string, insult = false) => ({ direction: 'inbound' as const, at: at(s), insult, byStaff: false });
const reply = (s: string, byStaff = true) => ({ direction: 'outbound' as const, at: at(s), insult: false, byStaff });

describe('responses owed', () => {
  it('first response from the first inbound, met by a staff reply; the next from the next inbound', () => {
    expect(walkResponses([inbound('2025-06-02T08:00:00Z'), inbound('2025-06-02T08:05:00Z')]).owed).toEqual({
      kind: 'first',
      since: at('2025-06-02T08:00:00Z'),
    });
    const w = walkResponses([inbound('2025-06-02T08:00:00Z'), reply('2025-06-02T08:10:00Z'), inbound('2025-06-02T09:00:00Z')]);
    expect(w.firstResponseMetAt).toEqual(at('2025-06-02T08:10:00Z'));
    expect(w.owed).toEqual({ kind: 'next', since: at('2025-06-02T09:00:00Z') });
  });

  it('the automatic acknowledgement meets nothing; insults start nothing', () => {
    expect(walkResponses([inbound('2025-06-02T20:00:00Z'), reply('2025-06-02T20:00:01Z', false)]).owed?.kind).toBe('first');
    expect(walkResponses([inbound('2025-06-02T08:00:00Z', true)])).toMatchObject({ startedAt: null, owed: null });
    expect(
      walkResponses([inbound('2025-06-02T08:00:00Z'), reply('2025-06-02T08:10:00Z'), inbound('2025-06-02T09:00:00Z', true)]).owed,
    ).toBeNull();
  });
});

describe('clock with pauses', () => {
  // Monday 2 June 2025, 10:00 Paris (08:00Z): 30 open minutes → 10:30.
  const since = at('2025-06-02T08:00:00Z');
  it('runs in open time only and pushes the due time back by the open minutes paused', () => {
    expect(runClock(since, 30, [], paris)).toMatchObject({ dueAt: at('2025-06-02T08:30:00Z'), warnAt: at('2025-06-02T08:24:00Z') });
    // Waiting on the client from 10:10 to 10:25: 15 minutes more.
    expect(runClock(since, 30, [{ from: '2025-06-02T08:10:00.000Z', to: '2025-06-02T08:25:00.000Z' }], paris)).toMatchObject({
      dueAt: at('2025-06-02T08:45:00Z'),
    });
    // A pause across the night only counts its open minutes: 17:50 → next day 9:20 is 10 + 20.
    const late = at('2025-06-02T15:40:00Z'); // 17:40 Paris
    expect(runClock(late, 30, [{ from: '2025-06-02T15:50:00.000Z', to: '2025-06-03T07:20:00.000Z' }], paris)).toMatchObject({
      dueAt: at('2025-06-03T07:40:00Z'),
    });
  });

  it('while paused there is no due time, only the open minutes left', () => {
    expect(runClock(since, 30, [{ from: '2025-06-02T08:10:00.000Z', to: null }], paris)).toEqual({ paused: true, remainingMinutes: 20 });
  });

  it('a pause after the due time changes nothing', () => {
    expect(runClock(since, 30, [{ from: '2025-06-02T09:00:00.000Z', to: null }], paris)).toMatchObject({
      paused: false,
      dueAt: at('2025-06-02T08:30:00Z'),
    });
  });
});

describe('badge', () => {
  const row = {
    sla_applicable: true,
    sla_reason: null,
    sla_response_kind: 'first' as const,
    sla_response_warn_at: at('2025-06-02T08:24:00Z'),
    sla_response_due_at: at('2025-06-02T08:30:00Z'),
    sla_resolution_warn_at: at('2025-06-04T08:00:00Z'),
    sla_resolution_due_at: at('2025-06-05T08:00:00Z'),
    sla_resolution_met_at: null,
    sla_paused_at: null,
    sla_paused_remaining_minutes: null,
  };
  it('is running, then warning at 80 %, then breached', () => {
    expect(slaBadgeOf(row, at('2025-06-02T08:10:00Z'))?.state).toBe('running');
    expect(slaBadgeOf(row, at('2025-06-02T08:25:00Z'))?.state).toBe('warning');
    expect(slaBadgeOf(row, at('2025-06-02T08:31:00Z'))?.state).toBe('breached');
    expect(slaBadgeOf({ ...row, sla_response_kind: null }, at('2025-06-02T08:31:00Z'))).toMatchObject({
      kind: 'resolution',
      state: 'running',
    });
    expect(slaBadgeOf({ ...row, sla_response_kind: null, sla_resolution_met_at: at('2025-06-02T09:00:00Z') })?.state).toBe('met');
    expect(slaBadgeOf({ ...row, sla_applicable: false, sla_reason: 'insult' })).toMatchObject({ state: 'na', reason: 'insult' });
    expect(slaBadgeOf({ ...row, sla_applicable: null })).toBeNull();
  });
});

describe('out-of-hours acknowledgement text', () => {
  it('says when a person answers, in French or English', () => {
    // Friday 18:30 → Monday 9:00.
    const friday = at('2025-06-06T16:30:00Z');
    const monday = at('2025-06-09T07:00:00Z');
    expect(acknowledgementText(friday, monday, paris, 'fr')).toBe(
      "Merci pour votre message. Nos conseillers vous répondent dès l'ouverture, lundi à 9 h 00.",
    );
    expect(acknowledgementText(friday, monday, paris, 'en')).toBe(
      'Thank you for your message. Our advisers will answer as soon as we open, on Monday at 9:00 am (Paris time).',
    );
    expect(acknowledgementText(at('2025-06-05T19:00:00Z'), at('2025-06-06T07:00:00Z'), paris, 'fr')).toContain('demain à 9 h 00');
    const closed: BusinessCalendar = { ...paris, closures: [{ from: '2025-08-01', to: '2025-08-20' }] };
    expect(acknowledgementText(at('2025-07-31T17:00:00Z'), at('2025-08-21T07:00:00Z'), closed, 'fr')).toContain(
      'le jeudi 21 août à 9 h 00',
    );
  });
});
