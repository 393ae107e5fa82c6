/**
 * Counts hits per key in a sliding window (two fixed windows weighted, as nginx and Cloudflare
 * do): smooth enough that a burst at a window's edge is not doubled, and O(1) memory per key.
 * In memory, per process: with several web processes each one enforces the limit on its share,
 * which bounds abuse without a round trip to the database on every keystroke.
 */
export interface RateLimiter {
  /** Records a hit; false (and nothing recorded) when the key is over its limit. */
  tryHit(key: string): boolean;
  /** Milliseconds until the key may hit again (0 when it may now). */
  retryAfterMs(key: string): number;
}

export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number; maxKeys?: number }): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, { start: number; current: number; previous: number }>();

  const stateOf = (key: string) => {
    const t = now();
    const windowStart = Math.floor(t / options.windowMs) * options.windowMs;
    let state = windows.get(key);
    if (!state) {
      // Bounded memory: the oldest keys go first (Map keeps insertion order).
      if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
      state = { start: windowStart, current: 0, previous: 0 };
      windows.set(key, state);
    } else if (state.start !== windowStart) {
      state.previous = windowStart - state.start === options.windowMs ? state.current : 0;
      state.current = 0;
      state.start = windowStart;
    }
    const elapsed = (t - windowStart) / options.windowMs;
    return { state, estimate: state.previous * (1 - elapsed) + state.current, t };
  };

  return {
    tryHit(key) {
      const { state, estimate } = stateOf(key);
      if (estimate + 1 > options.limit) return false;
      state.current++;
      return true;
    },
    retryAfterMs(key) {
      const { state, estimate, t } = stateOf(key);
      if (estimate + 1 <= options.limit) return 0;
      return Math.max(1, state.start + options.windowMs - t);
    },
  };
}
