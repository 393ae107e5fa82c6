import { describe, expect, it } from 'vitest';
import { addDays, dayOf, monthOf } from './buckets.ts';

const HOUR = 3_600_000;
const paris = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });

describe('Paris days', () => {
  // The days the clocks change: 25 hours (last Sunday of October), 23 hours (last Sunday of March).
  for (const [label, first] of [
    ['autumn, 25-hour day', '2026-10-24T12:00:00Z'],
    ['spring, 23-hour day', '2026-03-28T12:00:00Z'],
  ] as const)
    it(`puts every hour in the Paris day it belongs to, across the change (${label})`, () => {
      for (let t = Date.parse(first); t < Date.parse(first) + 72 * HOUR; t += HOUR / 2) {
        const start = dayOf(new Date(t));
        // The start is local midnight of the same local date, and the instant is inside its day.
        expect(paris.format(start)).toBe(`${paris.format(new Date(t)).slice(0, 10)} 00:00`);
        expect(start.getTime()).toBeLessThanOrEqual(t);
        expect(t - start.getTime()).toBeLessThan(25 * HOUR);
      }
    });

  it('steps day by day through the changes with addDays, each day once', () => {
    const seen: string[] = [];
    for (let d = dayOf(new Date('2026-03-20T12:00:00Z')); d < new Date('2026-11-05T00:00:00Z'); d = addDays(d, 1))
      seen.push(paris.format(d));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.every((s) => s.endsWith('00:00'))).toBe(true);
    // 20 March to 5 November included (5 November starts at 23:00 UTC on the 4th).
    expect(seen.length).toBe(231);
  });

  it('starts months at Paris midnight on the first, across a clock change', () => {
    expect(monthOf(new Date('2026-10-31T23:30:00Z')).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(monthOf(new Date('2026-10-31T22:30:00Z')).toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(monthOf(new Date('2026-03-31T21:59:00Z')).toISOString()).toBe('2026-02-28T23:00:00.000Z');
  });
});
