import { randomBytes, randomUUID } from 'node:crypto';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bus } from './bus.ts';
import { createNatsBus, natsStreamOf } from './nats-bus.ts';

const event = (n: number): BusEvent => ({
  type: 'message.created',
  bankId: 'bank',
  conversationId: `conversation-${n}`,
  teamId: 'team',
  advisorId: null,
  messageId: randomUUID(),
  at: new Date().toISOString(),
});

describe.runIf(process.env.NATS_URL)('NATS bus', () => {
  const url = process.env.NATS_URL ?? '';
  const prefix = `t${randomBytes(5).toString('hex')}`;
  // Two buses on one stream: two server processes.
  let writer: Bus;
  let reader: Bus;
  beforeAll(async () => {
    writer = await createNatsBus(url, prefix);
    reader = await createNatsBus(url, prefix);
  });
  afterAll(async () => {
    await writer?.close();
    await reader?.close();
    const nc = await connect({ servers: url });
    await (await nc.jetstreamManager()).streams.delete(natsStreamOf(prefix)).catch(() => undefined);
    await nc.close();
  });

  it('carries a list of events to the other process in order, and drops the same list published again', async () => {
    const heard: string[] = [];
    reader.subscribe((e) => heard.push(e.conversationId));
    // More than one stream message's worth, then a lone event after them.
    const entries = Array.from({ length: 250 }, (_, i) => ({ event: event(i), dedupeId: `outbox-${i + 1}` }));
    await writer.publishAll(entries);
    await writer.publishAll(entries);
    await writer.publish(event(250), 'outbox-251');
    const expected = Array.from({ length: 251 }, (_, i) => `conversation-${i}`);
    await vi.waitFor(() => expect(heard.length).toBeGreaterThanOrEqual(251), { timeout: 10_000 });
    // The lone event came after the copies would have: none of them is among what was heard.
    expect(heard).toEqual(expected);
  });
});
