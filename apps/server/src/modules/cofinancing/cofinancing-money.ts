/**
 * Pure money arithmetic of co-financing, in integer cents: no floating-point amount ever leaves
 * this file. Shares are split by the largest-remainder method, so the parts always add up to the
 * whole, to the cent.
 */

/**
 * Splits `total` cents in proportion to `weights` (integers ≥ 0, at least one > 0). Each part gets
 * the floor of its exact share; the cents left over go one each to the largest remainders (ties:
 * the earlier weight, so the result is deterministic). Exact in BigInt whatever the sizes.
 */
export function splitByLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer of cents');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (sum === 0n) throw new RangeError('at least one weight must be positive');
  const big = BigInt(total);
  const parts = weights.map((w) => (big * BigInt(w)) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % sum }));
  let left = Number(big - parts.reduce((a, p) => a + p, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left--;
  }
  return parts.map(Number);
}

export interface ScheduledInstalment {
  number: number;
  /** ISO date (yyyy-mm-dd). */
  dueOn: string;
  principalCents: number;
  interestCents: number;
}

/**
 * A monthly amortisation schedule: constant instalments (French "échéances constantes"), the
 * interest of each month rounded to the cent on the capital still due, the last instalment
 * taking whatever principal is left so that the principal sums exactly to the loan. At 0% (a
 * solidarity loan) the principal is split evenly by largest remainder.
 */
export function amortisationSchedule(principalCents: number, rateBp: number, months: number, firstDue: Date): ScheduledInstalment[] {
  if (!Number.isSafeInteger(principalCents) || principalCents <= 0) throw new RangeError('principal must be positive cents');
  if (!Number.isInteger(months) || months < 1) throw new RangeError('months must be ≥ 1');
  const dueOn = (n: number) => {
    const d = new Date(Date.UTC(firstDue.getUTCFullYear(), firstDue.getUTCMonth() + n - 1, Math.min(firstDue.getUTCDate(), 28)));
    return d.toISOString().slice(0, 10);
  };
  if (rateBp === 0) {
    return splitByLargestRemainder(principalCents, Array(months).fill(1)).map((p, i) => ({
      number: i + 1,
      dueOn: dueOn(i + 1),
      principalCents: p,
      interestCents: 0,
    }));
  }
  const monthly = rateBp / 10_000 / 12;
  // The constant payment is a float only here; every stored amount below is rounded to cents.
  const payment = Math.round((principalCents * monthly) / (1 - (1 + monthly) ** -months));
  const out: ScheduledInstalment[] = [];
  let remaining = principalCents;
  for (let n = 1; n <= months; n++) {
    const interest = Math.round(remaining * monthly);
    const principal = n === months ? remaining : Math.min(remaining, Math.max(0, payment - interest));
    remaining -= principal;
    out.push({ number: n, dueOn: dueOn(n), principalCents: principal, interestCents: interest });
  }
  return out;
}

/** The threshold above which a pledge needs a specific warning and explicit consent (art. 21(7)). */
export function largePledgeThresholdCents(netWorthCents: number | null): number {
  const fivePercent = netWorthCents && netWorthCents > 0 ? Math.floor(netWorthCents / 20) : 0;
  return Math.max(100_000, fivePercent);
}

/** Art. 21(4)(b): the loss a client can bear, 10% of the net worth they declared. */
export function lossCapacityCents(netWorthCents: number): number {
  return Math.floor(Math.max(0, netWorthCents) / 10);
}

/**
 * One instalment shared among investors in proportion to what each lent: principal and interest
 * split separately (a statement shows both), each summing exactly to the instalment's.
 */
export function instalmentShares(principalCents: number, interestCents: number, lentCents: readonly number[]) {
  return { principal: splitByLargestRemainder(principalCents, lentCents), interest: splitByLargestRemainder(interestCents, lentCents) };
}
