import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.ts';
import { createPassGate, createWorkLoop, sideWorkGate, type WorkLoopOptions } from './work-loop.ts';

/**
 * A queue and a started, idle loop that takes up to `take` items per pass, recording each pass's
 * size (its first passes, at start, forgotten).
 */
async function queueLoop(take: number, options?: WorkLoopOptions) {
  const queue: number[] = [];
  const passes: number[] = [];
  const loop = createWorkLoop(
    'test',
    createLogger('silent'),
    async () => {
      const batch = queue.splice(0, take);
      passes.push(batch.length);
      return batch.length;
    },
    options,
  );
  loop.start(60_000);
  await loop.drained();
  passes.length = 0;
  return { queue, passes, loop };
}

/** `n` queue items. */
const items = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Lets `n` turns of the event loop go by (no timer involved). */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('work loop', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('without a batch size, confirms an emptied queue with an empty pass', async () => {
    const { queue, passes, loop } = await queueLoop(10);
    queue.push(1, 2, 3);
    loop.wake();
    await loop.drained();
    expect(passes[0]).toBe(3);
    expect(passes).toContain(0);
    await loop.stop();
  });

  it('with a batch size, a short pass ends the round: no confirming pass', async () => {
    const { queue, passes, loop } = await queueLoop(10, { batch: 10 });
    queue.push(1, 2, 3);
    loop.wake();
    await turns(5);
    expect(passes).toEqual([3]);
    // A full pass may have left work: the loop goes on until a short one.
    passes.length = 0;
    queue.push(...items(25));
    loop.wake();
    await turns(10);
    expect(passes).toEqual([10, 10, 5]);
    await loop.stop();
  });

  it('polls when idle a quarter early or late at random, so that loops started together spread out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // The first loop draws the earliest idle poll; the second, one 15 % late.
    const random = vi.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.8);
    const polls: number[][] = [[], []];
    const loops = [0, 1].map((i) => {
      const loop = createWorkLoop('test', createLogger('silent'), async () => {
        polls[i]?.push(Date.now());
        return 0;
      });
      loop.start(1000);
      return loop;
    });
    const started = Date.now();
    await vi.advanceTimersByTimeAsync(1300);
    // Both polled at start; then one 750 ms later, the other 1,150 ms later.
    expect(polls.map((p) => p.map((t) => t - started))).toEqual([
      [0, 750],
      [0, 1150],
    ]);
    random.mockRestore();
    await Promise.all(loops.map((l) => l.stop()));
  });

  it('with a settling time, the wake-ups of a busy moment make one pass', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue, passes, loop } = await queueLoop(100, { batch: 100, settleMs: 250 });
    for (let i = 0; i < 5; i++) {
      queue.push(i);
      loop.wake();
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(passes).toEqual([]);
    await vi.advanceTimersByTimeAsync(250);
    expect(passes).toEqual([5]);
    await loop.stop();
  });

  it('with a settling time, a drain still waits for the work woken during the last pass', async () => {
    const queue: string[] = [];
    const done: string[] = [];
    const loop = createWorkLoop(
      'test',
      createLogger('silent'),
      async () => {
        const batch = queue.splice(0, 10);
        // An event arrives while the pass is at the database.
        if (batch.includes('first')) {
          queue.push('second');
          loop.wake();
        }
        await turns(1);
        done.push(...batch);
        return batch.length;
      },
      { batch: 10, settleMs: 60_000 },
    );
    loop.start(60_000);
    await loop.drained();
    queue.push('first');
    await loop.drained();
    expect(done).toEqual(['first', 'second']);
    await loop.stop();
  });

  it('with a settling time, a stream of wake-ups during slow passes is still gathered', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const queue: number[] = [];
    const passes: number[] = [];
    const loop = createWorkLoop(
      'test',
      createLogger('silent'),
      async () => {
        const batch = queue.splice(0, 1000);
        passes.push(batch.length);
        // A pass spends 20 ms at the database, while commits keep coming.
        await new Promise((resolve) => setTimeout(resolve, 20));
        return batch.length;
      },
      { settleMs: 250 },
    );
    loop.start(60_000);
    await vi.advanceTimersByTimeAsync(100);
    passes.length = 0;
    // A second of a commit every 10 ms.
    for (let i = 0; i < 100; i++) {
      queue.push(i);
      loop.wake();
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(1000);
    const busy = passes.filter((n) => n > 0);
    expect(busy.reduce((a, b) => a + b, 0)).toBe(100);
    // One pass per settling time, not one per 20 ms pass.
    expect(busy.length).toBeLessThanOrEqual(6);
    await loop.stop();
  });

  it('with a settling time, a full pass (a backlog) is followed at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue, passes, loop } = await queueLoop(10, { batch: 10, settleMs: 250 });
    queue.push(...items(25));
    loop.wake();
    await vi.advanceTimersByTimeAsync(250);
    expect(passes).toEqual([10, 10, 5]);
    await loop.stop();
  });

  it('with a pace, a backlog is taken a full pass at a time, that far apart; a drain is not kept waiting', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue, passes, loop } = await queueLoop(10, { batch: 10, paceMs: 100 });
    queue.push(...items(25));
    loop.wake();
    await vi.advanceTimersByTimeAsync(50);
    expect(passes).toEqual([10]);
    await vi.advanceTimersByTimeAsync(100);
    expect(passes).toEqual([10, 10]);
    await vi.advanceTimersByTimeAsync(100);
    expect(passes).toEqual([10, 10, 5]);
    passes.length = 0;
    queue.push(...items(25));
    await loop.drained();
    expect(passes).toEqual([10, 10, 5]);
    await loop.stop();
  });

  it('side work gives way while the hot path is behind, two seconds at most at a time; a drain never waits', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let behind = true;
    const { queue, passes, loop } = await queueLoop(100, { batch: 100, settleMs: 250, yieldTo: () => behind });
    queue.push(1, 2);
    loop.wake();
    await vi.advanceTimersByTimeAsync(1000);
    expect(passes).toEqual([]);
    behind = false;
    await vi.advanceTimersByTimeAsync(150);
    expect(passes).toEqual([2]);
    // Behind for good: the work still runs once the two seconds are over.
    behind = true;
    queue.push(3);
    loop.wake();
    await vi.advanceTimersByTimeAsync(1500);
    expect(passes).toEqual([2]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(passes).toEqual([2, 1]);
    queue.push(4);
    await loop.drained();
    expect(passes).toEqual([2, 1, 1]);
    await loop.stop();
  });

  it('says it is behind after a full pass', async () => {
    const { queue, loop } = await queueLoop(10, { batch: 10, paceMs: 60_000 });
    expect(loop.backlogged()).toBe(false);
    queue.push(...items(15));
    loop.wake();
    await vi.waitFor(() => expect(queue.length).toBe(5));
    expect(loop.backlogged()).toBe(true);
    await loop.drained();
    expect(loop.backlogged()).toBe(false);
    await loop.stop();
  });

  it('without a settling time, each wake-up runs a pass at once', async () => {
    const { queue, passes, loop } = await queueLoop(100, { batch: 100 });
    for (let i = 0; i < 3; i++) {
      queue.push(i);
      loop.wake();
      await turns(5);
    }
    expect(passes).toEqual([1, 1, 1]);
    await loop.stop();
  });

  it('loops that share a gate run their passes one at a time, each in its turn; a failed pass does not hold the gate', async () => {
    const gate = createPassGate();
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const slowPass =
      (name: string, fail = false) =>
      async () => {
        running++;
        most = Math.max(most, running);
        order.push(`${name} start`);
        await turns(3);
        order.push(`${name} end`);
        running--;
        if (fail) throw new Error('boom');
        return 0;
      };
    const logger = createLogger('silent');
    const a = createWorkLoop('a', logger, slowPass('a', true), { gate });
    const b = createWorkLoop('b', logger, slowPass('b'), { gate });
    const c = createWorkLoop('c', logger, slowPass('c'));
    a.start(60_000);
    b.start(60_000);
    c.start(60_000);
    await vi.waitFor(() => expect(order).toContain('b end'));
    // a and b never overlapped; c, outside the gate, ran beside them.
    expect(order.indexOf('b start')).toBeGreaterThan(order.indexOf('a end'));
    expect(order.indexOf('c start')).toBeLessThan(order.indexOf('a end'));
    expect(most).toBe(2);
    await Promise.all([a.stop(), b.stop(), c.stop()]);
  });

  it('side work of one server shares one gate; another server has its own', () => {
    const one = { hotPathBehind: () => false };
    const other = { hotPathBehind: () => false };
    expect(sideWorkGate(one)).toBe(sideWorkGate(one));
    expect(sideWorkGate(one)).not.toBe(sideWorkGate(other));
  });
});
