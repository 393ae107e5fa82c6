import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amortisationSchedule, largePledgeThresholdCents, splitByLargestRemainder } from './cofinancing-money.ts';

describe('co-financing money arithmetic', () => {
  it('splits any amount among any investors so the cents add up exactly, each part within one cent of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 300 }).filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = splitByLargestRemainder(total, weights);
          expect(parts.reduce((a, p) => a + p, 0)).toBe(total);
          const sum = weights.reduce((a, w) => a + w, 0);
          parts.forEach((p, i) => {
            expect(Number.isInteger(p)).toBe(true);
            const exact = (total * (weights[i] ?? 0)) / sum;
            expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-6);
          });
          // An investor with nothing lent receives nothing.
          weights.forEach((w, i) => {
            if (w === 0) expect(parts[i]).toBe(0);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the left-over cents to the largest remainders (three equal investors, 100 cents: 34, 33, 33)', () => {
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByLargestRemainder(10, [50, 30, 20])).toEqual([5, 3, 2]);
    expect(splitByLargestRemainder(7, [2, 3])).toEqual([3, 4]);
  });

  it('makes schedules whose principal sums exactly to the loan, at any rate including 0%', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500_000_000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 120 }),
        (principal, rateBp, months) => {
          const schedule = amortisationSchedule(principal, rateBp, months, new Date('2027-01-15T00:00:00Z'));
          expect(schedule).toHaveLength(months);
          expect(schedule.reduce((a, s) => a + s.principalCents, 0)).toBe(principal);
          for (const s of schedule) {
            expect(Number.isInteger(s.principalCents) && s.principalCents >= 0).toBe(true);
            expect(Number.isInteger(s.interestCents) && s.interestCents >= 0).toBe(true);
            if (rateBp === 0) expect(s.interestCents).toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('distributes every instalment of a schedule among investors to the cent (allocation, then repayment)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1_000, max: 500_000 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 1, max: 60 }),
        (pledges, rateBp, months) => {
          const lent = pledges.reduce((a, p) => a + p, 0);
          const schedule = amortisationSchedule(lent, rateBp, months, new Date('2027-03-31T00:00:00Z'));
          const perInvestor = pledges.map(() => 0);
          let paid = 0;
          for (const s of schedule) {
            const principal = splitByLargestRemainder(s.principalCents, pledges);
            const interest = splitByLargestRemainder(s.interestCents, pledges);
            expect(principal.reduce((a, p) => a + p, 0)).toBe(s.principalCents);
            expect(interest.reduce((a, p) => a + p, 0)).toBe(s.interestCents);
            principal.forEach((p, i) => {
              perInvestor[i] = (perInvestor[i] ?? 0) + p;
            });
            paid += s.principalCents;
          }
          expect(paid).toBe(lent);
          expect(perInvestor.reduce((a, p) => a + p, 0)).toBe(lent);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('asks for explicit consent above the higher of €1,000 and 5% of the declared net worth', () => {
    expect(largePledgeThresholdCents(null)).toBe(100_000);
    expect(largePledgeThresholdCents(1_000_000)).toBe(100_000);
    expect(largePledgeThresholdCents(10_000_000)).toBe(500_000);
  });
});
