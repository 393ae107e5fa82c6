import type { Logger } from './logger.ts';

export interface WorkLoop {
  /** Runs a pass now (or right after the current one): no polling delay after a commit. */
  wake(): void;
  start(idlePollMs?: number): void;
  stop(): Promise<void>;
  /** Resolves when a pass found nothing to do (tests, benchmarks). */
  drained(): Promise<void>;
}

/**
 * A worker that runs `pass` until it reports no work, then sleeps until woken or until the
 * idle poll (a safety net for wake-ups lost across processes). Errors are logged and retried
 * after a pause; they never crash the process.
 */
export function createWorkLoop(name: string, logger: Logger, pass: () => Promise<number>): WorkLoop {
  let running = false;
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
      try {
        for (;;) {
          rerun = false;
          const done = await pass();
          if (done === 0 && !rerun) break;
          if (stopped) break;
        }
        for (const w of waiters) w();
        waiters = [];
      } catch (error) {
        logger.error({ err: error, worker: name }, 'worker pass failed');
        pause = Math.min(idleMs, 2000);
      } finally {
        running = false;
      }
      schedule(pause);
    })();
  };

  return {
    wake: () => {
      if (!stopped) queueMicrotask(run);
    },
    start(idlePollMs = 1000) {
      idleMs = idlePollMs;
      stopped = false;
      run();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
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
