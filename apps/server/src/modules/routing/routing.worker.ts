import type { AppDeps } from '../../platform/app-deps.ts';
import { createWorkLoop, sideWork, type WorkLoop } from '../../platform/work-loop.ts';
import { routeQueue } from './routing-assign.service.ts';

const wakers = new WeakMap<AppDeps, () => void>();

/**
 * Looks at the queue now when this process runs the routing worker (role all); elsewhere the
 * worker's own check interval, or the next event, does it.
 */
export function wakeRouting(deps: AppDeps): void {
  wakers.get(deps)?.();
}

/**
 * The queue is looked at again at least this often: a colleague who becomes available, or whose
 * load drops, receives waiting conversations without any event.
 */
export const ROUTING_CHECK_INTERVAL_MS = 10_000;
const TRIGGERS = new Set(['conversation.created', 'conversation.updated', 'message.created']);

/**
 * Automatic assignment (workers only, like the SLA clock): a new or reopened conversation, or one
 * put back unassigned, wakes the loop, which assigns the queue oldest first. Events arrive after
 * commit and at least once; an assignment re-checks everything under its locks, so a repeat is a no-op.
 */
export function createRoutingWorker(deps: AppDeps): WorkLoop {
  const loop = createWorkLoop('routing', deps.logger, () => routeQueue(deps), sideWork(deps));
  wakers.set(deps, loop.wake);
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.bankId === deps.bankId && TRIGGERS.has(event.type) && event.change !== 'contact') loop.wake();
  });
  return {
    ...loop,
    start: () => loop.start(ROUTING_CHECK_INTERVAL_MS),
    async stop() {
      unsubscribe();
      wakers.delete(deps);
      await loop.stop();
    },
  };
}
