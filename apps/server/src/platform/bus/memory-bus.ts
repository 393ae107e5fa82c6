import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { Bus } from './bus.ts';

export function createMemoryBus(): Bus {
  const handlers = new Set<(event: BusEvent) => void>();
  const deliver = (event: BusEvent) => {
    for (const handler of handlers) {
      // A failing subscriber must not stop the others, nor the publisher.
      try {
        handler(event);
      } catch {}
    }
  };
  return {
    kind: 'memory',
    async publish(event) {
      deliver(event);
    },
    async publishAll(entries) {
      for (const { event } of entries) deliver(event);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async healthy() {
      return true;
    },
    async close() {
      handlers.clear();
    },
  };
}
