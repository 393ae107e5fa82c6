import { describe, expect, it } from 'vitest';
import { openSlots } from './appointment-slots.ts';

const nineToTen = [{ start: '09:00', end: '10:00' }];
const WEEK = { mon: nineToTen, tue: nineToTen, wed: nineToTen, thu: nineToTen, fri: nineToTen, sat: [], sun: nineToTen };
const base = { weeklyHours: WEEK, unavailabilities: [], booked: new Set<number>(), notBefore: 0, notAfter: Number.MAX_SAFE_INTEGER };

describe('an advisor’s open slots', () => {
  it('follows the week in Paris time, closes French public holidays and Saturdays here, on both sides of a DST change', () => {
    const slots = openSlots({ ...base, fromDay: { y: 2026, m: 12, d: 21 }, days: 7 }).map((s) => s.startsAt.toISOString());
    // Christmas (Friday 25) is a public holiday; Saturday 26 has no hours; winter time is UTC+1.
    expect(slots).toEqual([
      '2026-12-21T08:00:00.000Z',
      '2026-12-21T08:30:00.000Z',
      '2026-12-22T08:00:00.000Z',
      '2026-12-22T08:30:00.000Z',
      '2026-12-23T08:00:00.000Z',
      '2026-12-23T08:30:00.000Z',
      '2026-12-24T08:00:00.000Z',
      '2026-12-24T08:30:00.000Z',
      '2026-12-27T08:00:00.000Z',
      '2026-12-27T08:30:00.000Z',
    ]);
    // Sunday 29 March 2026 (summer time starts): still 9:00 in Paris, 07:00 UTC.
    const spring = openSlots({ ...base, fromDay: { y: 2026, m: 3, d: 28 }, days: 3 }).map((s) => s.startsAt.toISOString());
    expect(spring).toEqual([
      '2026-03-29T07:00:00.000Z',
      '2026-03-29T07:30:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-30T07:30:00.000Z',
    ]);
  });

  it('takes out days off, parts of days, booked slots and anything outside the lead time and horizon', () => {
    const day = { y: 2026, m: 12, d: 21 };
    const all = (extra: Partial<Parameters<typeof openSlots>[0]>) =>
      openSlots({ ...base, fromDay: day, days: 3, ...extra }).map((s) => s.startsAt.toISOString());
    expect(all({ unavailabilities: [{ day: '2026-12-21', startMinute: null, endMinute: null }] })[0]).toBe('2026-12-22T08:00:00.000Z');
    expect(all({ unavailabilities: [{ day: '2026-12-21', startMinute: 9 * 60 + 30, endMinute: 10 * 60 }] }).slice(0, 2)).toEqual([
      '2026-12-21T08:00:00.000Z',
      '2026-12-22T08:00:00.000Z',
    ]);
    expect(all({ booked: new Set([Date.parse('2026-12-21T08:00:00Z')]) })[0]).toBe('2026-12-21T08:30:00.000Z');
    expect(all({ notBefore: Date.parse('2026-12-22T08:10:00Z'), notAfter: Date.parse('2026-12-23T08:30:00Z') })).toEqual([
      '2026-12-22T08:30:00.000Z',
      '2026-12-23T08:00:00.000Z',
    ]);
  });
});
