import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { Bus } from './bus.ts';

export function createMemoryBus(): Bus {
  const handlers = new Set<(event: BusEvent) => void>();
  return {
    kind: 'memory',
    async publish(event) {
      for (const handler of handlers) {
        // A failing subscriber must not stop the others, nor the publisher.
        try {
          handler(event);
        } catch {}
      }
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
