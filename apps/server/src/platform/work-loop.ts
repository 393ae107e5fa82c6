import type { Logger } from './logger.ts';

export interface WorkLoop {
  /** Runs a pass now (or right after the current one): no polling delay after a commit. */
  wake(): void;
  start(idlePollMs?: number): void;
  stop(): Promise<void>;
  /** Resolves when a pass found nothing to do (tests, benchmarks). */
  drained(): Promise<void>;
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
}

/**
 * Side work that follows the bus (SLA clocks, routing, answers, listening intake, segments): a
 * quarter of a second is invisible to people and, under a stream of messages, gathers the commits
 * of that moment into one pass of a few statements instead of a pass per commit.
 */
export const SIDE_WORK: WorkLoopOptions = { settleMs: 250 };

/**
 * A worker that runs `pass` until it reports no work, then sleeps until woken or until the
 * idle poll (a safety net for wake-ups lost across processes). Errors are logged and retried
 * after a pause; they never crash the process.
 */
export function createWorkLoop(name: string, logger: Logger, pass: () => Promise<number>, options: WorkLoopOptions = {}): WorkLoop {
  const { batch, settleMs = 0, paceMs = 0 } = options;
  // Without a batch size, only an empty pass says the queue is empty.
  const emptied = (done: number) => done === 0 || (batch !== undefined && done < batch);
  let running = false;
  let settling: NodeJS.Timeout | null = null;
  let wokenDuringPass = false;
  let stopped = true;
  let rerun = false;
  let timer: NodeJS.Timeout | null = null;
  let idleMs = 1000;
  let current: Promise<void> = Promise.resolve();
  let waiters: (() => void)[] = [];

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
    running = true;
    current = (async () => {
      let pause = idleMs;
      let paced = false;
      try {
        for (;;) {
          rerun = false;
          // Only the last pass's wake-ups are owed a pass: earlier ones' work was read since.
          wokenDuringPass = false;
          const done = await pass();
          // A drain waits for work woken during the pass too, without the settling time.
          if (emptied(done) && !rerun && !(wokenDuringPass && waiters.length > 0)) break;
          if (stopped) break;
          if (paceMs > 0 && waiters.length === 0) {
            paced = true;
            break;
          }
          // Side work under a stream of commits: what arrived during the pass is gathered for
          // the settling time too, rather than taken at once a few rows at a time. A full pass
          // (a backlog) or a drain goes on at once.
          if (settleMs > 0 && waiters.length === 0 && !(batch !== undefined && done >= batch)) {
            wokenDuringPass = true;
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
      schedule(paced ? paceMs : wokenDuringPass ? settleMs : pause);
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
    drained() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        run();
      });
    },
  };
}
