import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

describe('rate limiter', () => {
  it('lets the limit through per key, then refuses until the window has slid', () => {
    let now = 60_000 * 10;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    expect([1, 2, 3, 4].map(() => limiter.tryHit('visitor-a'))).toEqual([true, true, true, false]);
    expect(limiter.tryHit('visitor-b')).toBe(true);
    expect(limiter.retryAfterMs('visitor-a')).toBeGreaterThan(0);
    // Half a window later the previous window still weighs 3 × 0.5 = 1.5: one more hit fits.
    now += 90_000;
    expect(limiter.tryHit('visitor-a')).toBe(true);
    expect(limiter.tryHit('visitor-a')).toBe(false);
    // Two windows later everything is forgotten.
    now += 120_000;
    expect(limiter.retryAfterMs('visitor-a')).toBe(0);
    expect([1, 2, 3].map(() => limiter.tryHit('visitor-a'))).toEqual([true, true, true]);
  });

  it('keeps its memory bounded', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => 0, maxKeys: 2 });
    expect(limiter.tryHit('a')).toBe(true);
    expect(limiter.tryHit('b')).toBe(true);
    expect(limiter.tryHit('c')).toBe(true); // evicts a
    expect(limiter.tryHit('a')).toBe(true);
    expect(limiter.tryHit('c')).toBe(false);
  });
});
