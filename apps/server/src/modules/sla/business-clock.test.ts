import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addOpenMinutes,
  type BusinessCalendar,
  DEFAULT_CALENDAR,
  isOpen,
  nextOpening,
  openMinutesBetween,
  wallClockOf,
} from './business-clock.ts';

const paris = DEFAULT_CALENDAR;
const withClosure: BusinessCalendar = { ...paris, closures: [{ from: '2025-12-24', to: '2025-12-31', label: 'Fermeture de fin d’année' }] };
const at = (iso: string) => new Date(iso);
const local = (d: Date) => {
  const w = wallClockOf(d, 'Europe/Paris');
  return `${w.y}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

// Instants near the edges that matter: DST changes (last Sundays of March and October 2025/2026),
// French holidays (Easter Monday, 1 and 8 May, Ascension, Whit Monday, 14 July, 15 August,
// 1 and 11 November, Christmas) and a closure, with a random offset of up to ±5 days.
const anchors = [
  '2025-03-30T01:00:00Z',
  '2025-10-26T01:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2025-04-21T08:00:00Z',
  '2025-05-01T08:00:00Z',
  '2025-05-08T08:00:00Z',
  '2025-05-29T08:00:00Z',
  '2025-06-09T08:00:00Z',
  '2025-07-14T08:00:00Z',
  '2025-08-15T08:00:00Z',
  '2025-11-01T08:00:00Z',
  '2025-11-11T08:00:00Z',
  '2025-12-25T08:00:00Z',
  '2026-04-06T08:00:00Z',
  '2026-05-14T08:00:00Z',
].map((s) => Date.parse(s));
const instant = fc
  .tuple(fc.constantFrom(...anchors), fc.integer({ min: -5 * 86_400_000, max: 5 * 86_400_000 }))
  .map(([a, d]) => new Date(a + d));
const minutes = fc.integer({ min: 0, max: 6 * 540 });
const calendars = fc.constantFrom(paris, withClosure);
const params = { seed: 20260501, numRuns: 400 };

describe('business clock (Europe/Paris, Monday–Friday 9:00–18:00, French holidays)', () => {
  it('opens at 9:00 and closes at 18:00 local time on both sides of a DST change', () => {
    // Friday before and Monday after the spring change: UTC+1 then UTC+2.
    expect(nextOpening(at('2025-03-28T05:00:00Z'), paris).toISOString()).toBe('2025-03-28T08:00:00.000Z');
    expect(nextOpening(at('2025-03-28T17:00:00Z'), paris).toISOString()).toBe('2025-03-31T07:00:00.000Z');
    // Autumn: Friday at UTC+2, Monday at UTC+1.
    expect(nextOpening(at('2025-10-24T16:00:00Z'), paris).toISOString()).toBe('2025-10-27T08:00:00.000Z');
    expect(openMinutesBetween(at('2025-03-28T08:00:00Z'), at('2025-03-31T16:00:00Z'), paris)).toBe(2 * 540);
  });

  it('skips public holidays and closures', () => {
    // 1 May 2025 is a Thursday: opens Friday 2 May.
    expect(nextOpening(at('2025-04-30T16:30:00Z'), paris).toISOString()).toBe('2025-05-02T07:00:00.000Z');
    // Easter Monday 2026 is 6 April.
    expect(isOpen(at('2026-04-06T10:00:00Z'), paris)).toBe(false);
    expect(isOpen(at('2026-04-07T10:00:00Z'), paris)).toBe(true);
    // Ascension 2025 is Thursday 29 May; 14 July 2025 a Monday.
    expect(isOpen(at('2025-05-29T10:00:00Z'), paris)).toBe(false);
    expect(local(nextOpening(at('2025-07-11T17:00:00Z'), paris))).toBe('2025-07-15 09:00');
    expect(local(nextOpening(at('2025-12-23T17:00:00Z'), withClosure))).toBe('2026-01-02 09:00');
  });

  it('30 open minutes from Friday 17:45 end on Monday 9:15', () => {
    expect(local(addOpenMinutes(at('2025-10-24T15:45:00Z'), 30, paris))).toBe('2025-10-27 09:15');
    // Boundary convention: a budget that runs out at closing time ends at 18:00, not at the next opening.
    expect(local(addOpenMinutes(at('2025-10-24T15:45:00Z'), 15, paris))).toBe('2025-10-24 18:00');
    expect(isOpen(at('2025-10-24T16:00:00Z'), paris)).toBe(false);
  });

  it('the due time lies exactly N open minutes after arrival', () => {
    fc.assert(
      fc.property(instant, minutes, calendars, (arrival, n, cal) => {
        expect(openMinutesBetween(arrival, addOpenMinutes(arrival, n, cal), cal)).toBe(n);
      }),
      params,
    );
  });

  it('is monotonic in N', () => {
    fc.assert(
      fc.property(instant, minutes, minutes, calendars, (arrival, a, b, cal) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addOpenMinutes(arrival, lo, cal).getTime()).toBeLessThanOrEqual(addOpenMinutes(arrival, hi, cal).getTime());
        if (lo < hi) expect(addOpenMinutes(arrival, lo, cal).getTime()).toBeLessThan(addOpenMinutes(arrival, hi, cal).getTime());
      }),
      params,
    );
  });

  it('never lands in a closed period, except exactly at a closing time', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 3000 }), calendars, (arrival, n, cal) => {
        const due = addOpenMinutes(arrival, n, cal);
        const justBefore = new Date(due.getTime() - 1);
        // The minute leading to the due time was open, so the due time is open or a closing instant.
        expect(isOpen(justBefore, cal)).toBe(true);
        if (!isOpen(due, cal)) expect(openMinutesBetween(justBefore, due, cal)).toBeCloseTo(1 / 60_000, 10);
      }),
      params,
    );
  });

  it('from inside a closure the count starts at the next opening', () => {
    fc.assert(
      fc.property(instant, minutes, calendars, (arrival, n, cal) => {
        fc.pre(!isOpen(arrival, cal));
        const opening = nextOpening(arrival, cal);
        expect(isOpen(opening, cal)).toBe(true);
        expect(openMinutesBetween(arrival, opening, cal)).toBe(0);
        expect(addOpenMinutes(arrival, n, cal).getTime()).toBe(addOpenMinutes(opening, n, cal).getTime());
      }),
      params,
    );
  });

  it('opening hours are always 9:00–18:00 local, on open weekdays only', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const w = wallClockOf(t, 'Europe/Paris');
        const weekday = new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay();
        if (isOpen(t, paris)) {
          expect(weekday).toBeGreaterThanOrEqual(1);
          expect(weekday).toBeLessThanOrEqual(5);
          expect(w.hour).toBeGreaterThanOrEqual(9);
          expect(w.hour).toBeLessThan(18);
        } else if (weekday >= 1 && weekday <= 5 && w.hour >= 9 && w.hour < 18) {
          // A closed weekday during hours must be a holiday: the whole day is then closed.
          expect(isOpen(new Date(Date.UTC(w.y, w.m - 1, w.d, 10)), paris)).toBe(false);
        }
      }),
      params,
    );
  });

  it('open minutes are additive over a split point', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 4 * 86_400_000 }), fc.integer({ min: 0, max: 4 * 86_400_000 }), (a, d1, d2) => {
        const m = new Date(a.getTime() + d1);
        const b = new Date(m.getTime() + d2);
        expect(openMinutesBetween(a, m, paris) + openMinutesBetween(m, b, paris)).toBeCloseTo(openMinutesBetween(a, b, paris), 9);
      }),
      params,
    );
  });
});
