import type { BusEvent } from '@agora/contracts/events.schema.ts';

/**
 * Events across the product. In one process an in-memory bus; across processes NATS JetStream.
 * Handlers must be idempotent: delivery is at least once.
 */
export interface Bus {
  readonly kind: 'memory' | 'nats';
  publish(event: BusEvent, dedupeId: string): Promise<void>;
  subscribe(handler: (event: BusEvent) => void): () => void;
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
