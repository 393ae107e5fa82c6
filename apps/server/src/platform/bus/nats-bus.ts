import { type BusEvent, busEventSchema } from '@agora/contracts/events.schema.ts';
import { type ConsumerMessages, connect, DeliverPolicy, JSONCodec, type NatsConnection, RetentionPolicy } from 'nats';
import type { Bus } from './bus.ts';

const codec = JSONCodec<BusEvent>();

/**
 * JetStream bus. One stream per deployment (`prefix`), subjects `<prefix>.events`. Each process
 * reads with its own ordered consumer from "new" messages on: every process sees every event,
 * which is what the WebSocket gateways need. The outbox id is the JetStream message id, so a
 * re-published outbox row is dropped by the stream's duplicate window.
 */
/** The JetStream stream of a deployment's prefix. */
export const natsStreamOf = (prefix: string) => `${prefix.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_EVENTS`;

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
      const parsed = busEventSchema.safeParse(codec.decode(m.data));
      if (!parsed.success) continue;
      for (const handler of handlers) {
        try {
          handler(parsed.data);
        } catch {}
      }
    }
  })();
  return {
    kind: 'nats',
    async publish(event, dedupeId) {
      await js.publish(subject, codec.encode(event), { msgID: dedupeId });
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
