import type { Logger } from './logger.ts';
import { perObject } from './per-object.ts';

export interface WorkLoop {
  /** Runs a pass now (or right after the current one): no polling delay after a commit. */
  wake(): void;
  start(idlePollMs?: number): void;
  stop(): Promise<void>;
  /** Resolves when a pass found nothing to do (tests, benchmarks). */
  drained(): Promise<void>;
  /** Its last pass was full: work is waiting (the ingest worker's says the hot path is behind). */
  backlogged(): boolean;
}

export interface WorkLoopOptions {
  /**
   * The most a pass takes. A pass that took fewer emptied its queue when it read it: the loop
   * sleeps without a confirming pass (work that arrives later comes with a wake-up).
   */
  batch?: number;
  /**
   * A wake-up runs the pass this much later, so that the commits of a busy moment are handled in
   * one pass rather than one pass each: for side work no one waits on to the millisecond.
   */
  settleMs?: number;
  /**
   * Background work no one waits on (names from profile lookups): a backlog is taken a full pass
   * at a time this far apart, not in one long run of passes that the hot path waits behind.
   */
  paceMs?: number;
  /**
   * Side work gives way while this says the hot path is behind (a backlog of messages to turn
   * into conversations): its passes wait, MAX_YIELD_MS at most at a time, and catch up after.
   */
  yieldTo?: () => boolean;
  /**
   * Passes of the loops that share a gate run one at a time. Side work woken by the same commits
   * would otherwise run its passes all at once, and the hot path would share the cores with all
   * of them at that moment instead of with one at a time.
   */
  gate?: PassGate;
}

/** Runs the passes given to it one after another, in the order they came. */
export interface PassGate {
  run<T>(pass: () => Promise<T>): Promise<T>;
}

export function createPassGate(): PassGate {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(pass) {
      const result = tail.then(pass);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/** The gate of one server's side work (per deps). */
export const sideWorkGate = perObject((_deps: object) => createPassGate());

/**
 * Idle polls come 25 % early or late at random: the loops a server starts together would
 * otherwise poll in the same instant every second, a burst of transactions that the hot path's
 * pass of that moment waits behind.
 */
const spread = (ms: number) => ms * (0.75 + Math.random() * 0.5);

/** The longest side work gives way at a time: it must not starve under a flood that lasts. */
const MAX_YIELD_MS = 2000;
/** How often side work that gives way looks again. */
const YIELD_RECHECK_MS = 100;

/**
 * Side work that follows the bus (SLA clocks, routing, answers, listening intake, segments): a
 * quarter of a second is invisible to people and, under a stream of messages, gathers the commits
 * of that moment into one pass of a few statements instead of a pass per commit. Under a flood it
 * gives way to the hot path: messages reach agents first, clocks and counters follow.
 */
export const sideWork = (deps: { hotPathBehind(): boolean }): WorkLoopOptions => ({
  settleMs: 250,
  yieldTo: () => deps.hotPathBehind(),
  gate: sideWorkGate(deps),
});

/**
 * A worker that runs `pass` until it reports no work, then sleeps until woken or until the
 * idle poll (a safety net for wake-ups lost across processes). Errors are logged and retried
 * after a pause; they never crash the process.
 */
export function createWorkLoop(name: string, logger: Logger, pass: () => Promise<number>, options: WorkLoopOptions = {}): WorkLoop {
  const { batch, settleMs = 0, paceMs = 0, yieldTo, gate } = options;
  // Without a batch size, only an empty pass says the queue is empty; a full one says there is more.
  const emptied = (done: number) => done === 0 || (batch !== undefined && done < batch);
  const full = (done: number) => batch !== undefined && done >= batch;
  let running = false;
  let settling: NodeJS.Timeout | null = null;
  let wokenDuringPass = false;
  let stopped = true;
  let rerun = false;
  let timer: NodeJS.Timeout | null = null;
  let idleMs = 1000;
  let current: Promise<void> = Promise.resolve();
  let waiters: (() => void)[] = [];
  let lastDone = 0;
  let yieldingSince: number | null = null;

  /** A drain never waits; after MAX_YIELD_MS, one round runs before it gives way again. */
  const mustYield = () => {
    if (!yieldTo || waiters.length > 0 || !yieldTo()) {
      yieldingSince = null;
      return false;
    }
    yieldingSince ??= Date.now();
    if (Date.now() - yieldingSince < MAX_YIELD_MS) return true;
    yieldingSince = null;
    return false;
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref?.();
  };

  const run = () => {
    if (stopped) return;
    if (running) {
      rerun = true;
      return;
    }
    if (mustYield()) {
      schedule(YIELD_RECHECK_MS);
      return;
    }
    running = true;
    current = (async () => {
      let pause = idleMs;
      let next: number | null = null;
      try {
        for (;;) {
          rerun = false;
          // Only the last pass's wake-ups are owed a pass: earlier ones' work was read since.
          wokenDuringPass = false;
          const done = await (gate ? gate.run(pass) : pass());
          lastDone = done;
          // A drain waits for work woken during the pass too, without the settling time.
          if (emptied(done) && !rerun && !(wokenDuringPass && waiters.length > 0)) break;
          if (stopped) break;
          if (paceMs > 0 && waiters.length === 0) {
            next = paceMs;
            break;
          }
          if (mustYield()) {
            next = YIELD_RECHECK_MS;
            break;
          }
          // Side work under a stream of commits: what arrived during the pass is gathered for
          // the settling time too, rather than taken at once a few rows at a time. A full pass
          // (a backlog) or a drain goes on at once.
          if (settleMs > 0 && waiters.length === 0 && !full(done)) {
            next = settleMs;
            break;
          }
        }
        for (const w of waiters) w();
        waiters = [];
      } catch (error) {
        logger.error({ err: error, worker: name }, 'worker pass failed');
        pause = Math.min(idleMs, 2000);
      } finally {
        running = false;
      }
      schedule(next ?? (wokenDuringPass ? settleMs : spread(pause)));
      wokenDuringPass = false;
    })();
  };

  return {
    wake: () => {
      if (stopped) return;
      if (settleMs <= 0) queueMicrotask(run);
      // During a pass: the next one starts after the settling time too, not at once.
      else if (running) wokenDuringPass = true;
      else
        settling ??= setTimeout(() => {
          settling = null;
          run();
        }, settleMs);
    },
    start(idlePollMs = 1000) {
      idleMs = idlePollMs;
      stopped = false;
      run();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (settling) clearTimeout(settling);
      await current;
    },
    backlogged: () => full(lastDone),
    drained() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        run();
      });
    },
  };
}
