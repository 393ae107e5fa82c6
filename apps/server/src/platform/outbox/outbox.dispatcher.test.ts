import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus, BusEntry } from '../bus/bus.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import type { Database } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { testDatabaseTargets } from '../testing/test-database.ts';
import { createOutboxDispatcher } from './outbox.dispatcher.ts';
import { createPublishedMarks, enqueueEvents, holdEvents, publishHeld } from './outbox.ts';

const eventFor = (n: number): BusEvent => ({
  type: 'message.created',
  bankId: 'bank',
  conversationId: `conversation-${n}`,
  teamId: 'team',
  advisorId: null,
  messageId: `message-${n}`,
  at: new Date().toISOString(),
});

/** A bus that records what it was given, and fails its next publishes when told to. */
function recordingBus(): Bus & { published: string[]; failNext: number } {
  const inner = createMemoryBus();
  const bus = {
    ...inner,
    published: [] as string[],
    failNext: 0,
    async publish(event: BusEvent, dedupeId: string) {
      if (bus.failNext > 0) {
        bus.failNext--;
        throw new Error('bus unreachable');
      }
      bus.published.push(event.conversationId);
      await inner.publish(event, dedupeId);
    },
    async publishAll(entries: BusEntry[]) {
      await Promise.all(entries.map((e) => bus.publish(e.event, e.dedupeId)));
    },
  };
  return bus;
}

describe.each(testDatabaseTargets())('outbox dispatcher on $name', ({ open }) => {
  let database: Database;
  beforeEach(async () => {
    database = await open();
  });
  afterEach(async () => database?.close());

  const enqueue = (from: number, count: number) =>
    database.db.transaction().execute((tx) =>
      enqueueEvents(
        tx,
        Array.from({ length: count }, (_, i) => eventFor(from + i)),
        database.kind,
      ),
    );
  const unpublished = async () =>
    Number((await sql<{ n: string }>`select count(*)::text as n from outbox where published_at is null`.execute(database.db)).rows[0]?.n);

  it('publishes committed events in their order and marks them', async () => {
    await enqueue(0, 30);
    const bus = recordingBus();
    const loop = createOutboxDispatcher(database, bus, createLogger('silent'));
    loop.start(60_000);
    await loop.drained();
    await loop.stop();
    expect(bus.published).toEqual(Array.from({ length: 30 }, (_, i) => `conversation-${i}`));
    expect(await unpublished()).toBe(0);
  });

  it('tries again after a failed publish, and every event goes out', async () => {
    await enqueue(0, 2);
    const bus = recordingBus();
    bus.failNext = 1;
    const loop = createOutboxDispatcher(database, bus, createLogger('silent'));
    loop.start(60_000);
    // The failed pass rolls back; the loop tries again after its pause (2 s at most).
    await expect.poll(() => unpublished(), { timeout: 10_000, interval: 100 }).toBe(0);
    await loop.stop();
    // At least once: the event the failed pass did get out goes again.
    expect(new Set(bus.published)).toEqual(new Set(['conversation-0', 'conversation-1']));
  });

  const hold = (from: number, count: number) =>
    database.db.transaction().execute((tx) =>
      holdEvents(
        tx,
        Array.from({ length: count }, (_, i) => eventFor(from + i)),
      ),
    );

  it('leaves held events to their writer, who publishes them in order and marks them', async () => {
    const held = await hold(0, 5);
    const dispatcherBus = recordingBus();
    const loop = createOutboxDispatcher(database, dispatcherBus, createLogger('silent'));
    loop.start(60_000);
    await loop.drained();
    expect(dispatcherBus.published).toEqual([]);

    const writerBus = recordingBus();
    await publishHeld(database, writerBus, held);
    expect(writerBus.published).toEqual(Array.from({ length: 5 }, (_, i) => `conversation-${i}`));
    expect(await unpublished()).toBe(0);
    await loop.drained();
    await loop.stop();
    expect(dispatcherBus.published).toEqual([]);
  });

  it('publishes held events whose writer never did, once their hold has ended', async () => {
    const held = await hold(0, 3);
    const writerBus = recordingBus();
    writerBus.failNext = 3;
    await expect(publishHeld(database, writerBus, held)).rejects.toThrow('bus unreachable');
    const bus = recordingBus();
    const loop = createOutboxDispatcher(database, bus, createLogger('silent'));
    loop.start(60_000);
    await loop.drained();
    expect(bus.published).toEqual([]);
    expect(await unpublished()).toBe(3);
    // The hold ends (as it would HOLD_MS later): the rows are the dispatcher's like any other.
    await sql`update outbox set held_until = now() - interval '1 second'`.execute(database.db);
    await loop.drained();
    await loop.stop();
    expect(bus.published).toEqual(['conversation-0', 'conversation-1', 'conversation-2']);
    expect(await unpublished()).toBe(0);
  });

  it('with the marks gathered, marks what several writers published together, and what is left at its stop', async () => {
    const marks = createPublishedMarks(database, createLogger('silent'));
    marks.start(60_000);
    const dispatcherBus = recordingBus();
    const loop = createOutboxDispatcher(database, dispatcherBus, createLogger('silent'));
    loop.start(60_000);
    const writerBus = recordingBus();
    for (let i = 0; i < 3; i++) await publishHeld(database, writerBus, await hold(i * 4, 4));
    expect(writerBus.published).toHaveLength(12);
    await marks.drained();
    expect(await unpublished()).toBe(0);
    // Published once, by their writers: the dispatcher left them alone, marked or not yet.
    await loop.drained();
    expect(dispatcherBus.published).toEqual([]);

    await publishHeld(database, writerBus, await hold(12, 2));
    await marks.stop();
    expect(await unpublished()).toBe(0);
    await loop.stop();
    // Stopped, the marks are no longer gathered: a writer marks its own at once.
    await publishHeld(database, writerBus, await hold(14, 1));
    expect(await unpublished()).toBe(0);
  });
});
