import { type BusEvent, busEventSchema } from '@agora/contracts/events.schema.ts';
import { type ConsumerMessages, connect, DeliverPolicy, JSONCodec, type NatsConnection, RetentionPolicy } from 'nats';
import type { Bus } from './bus.ts';

const codec = JSONCodec<unknown>();

/**
 * Events per stream message in `publishAll`. One message per event cost each a publish with its
 * ack, the server's work and every process's decoding: a third of a core at 2,500 messages a
 * second. A hundred events stay far below NATS's 1 MB payload limit.
 */
const EVENTS_PER_MESSAGE = 100;

/** A stream message holds one event, or a list of them (`publishAll`). */
const eventsOf = (data: unknown): unknown[] =>
  typeof data === 'object' && data !== null && Array.isArray((data as { events?: unknown }).events)
    ? (data as { events: unknown[] }).events
    : [data];

/** The JetStream stream of a deployment's prefix. */
export const natsStreamOf = (prefix: string) => `${prefix.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_EVENTS`;

/**
 * JetStream bus. One stream per deployment (`prefix`), subjects `<prefix>.events`. Each process
 * reads with its own ordered consumer from "new" messages on: every process sees every event,
 * which is what the WebSocket gateways need. The dedupe id (the outbox id, or the first and last
 * of a list's) is the JetStream message id: the same message published again within the
 * stream's duplicate window is dropped. A stream message carrying a list is not understood by a
 * server from before lists (an upgrade: its screens miss those events until they refresh).
 */
export async function createNatsBus(url: string, prefix = 'agora'): Promise<Bus> {
  const nc: NatsConnection = await connect({
    servers: url,
    name: `agora-${process.pid}`,
    maxReconnectAttempts: -1,
    // Otherwise every publish builds two Error objects up front (the request's and its timeout's)
    // for a stack trace no one reads unless it fails: a tenth of a worker's CPU in a backlog.
    noAsyncTraces: true,
  });
  const jsm = await nc.jetstreamManager();
  const stream = natsStreamOf(prefix);
  const subject = `${prefix}.events`;
  try {
    await jsm.streams.info(stream);
  } catch {
    try {
      await jsm.streams.add({
        name: stream,
        subjects: [subject],
        retention: RetentionPolicy.Limits,
        max_age: 24 * 3600 * 1e9,
        duplicate_window: 120 * 1e9,
      });
    } catch (error) {
      // Another process created it between our two calls.
      if (!String(error).includes('already in use')) throw error;
    }
  }
  const js = nc.jetstream();
  const handlers = new Set<(event: BusEvent) => void>();
  const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.New });
  const messages: ConsumerMessages = await consumer.consume();
  void (async () => {
    for await (const m of messages) {
      let data: unknown;
      try {
        data = codec.decode(m.data);
      } catch {
        continue;
      }
      for (const item of eventsOf(data)) {
        const parsed = busEventSchema.safeParse(item);
        if (!parsed.success) continue;
        for (const handler of handlers) {
          try {
            handler(parsed.data);
          } catch {}
        }
      }
    }
  })();
  return {
    kind: 'nats',
    async publish(event, dedupeId) {
      await js.publish(subject, codec.encode(event), { msgID: dedupeId });
    },
    async publishAll(entries) {
      const chunks: Promise<unknown>[] = [];
      for (let i = 0; i < entries.length; i += EVENTS_PER_MESSAGE) {
        const chunk = entries.slice(i, i + EVENTS_PER_MESSAGE);
        // The first and last ids name the chunk: published again as a whole, the stream drops it.
        const first = chunk[0]?.dedupeId;
        const last = chunk.at(-1)?.dedupeId;
        const msgID = first === last ? first : `${first}..${last}`;
        // Sent in the order of the calls, on one connection: the stream keeps the events' order.
        chunks.push(js.publish(subject, codec.encode({ events: chunk.map((e) => e.event) }), { msgID }));
      }
      await Promise.all(chunks);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async healthy() {
      if (nc.isClosed()) return false;
      try {
        await nc.flush();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      messages.stop();
      await nc.drain().catch(() => undefined);
    },
  };
}
