import type { BusEvent } from '@agora/contracts/events.schema.ts';

export interface BusEntry {
  event: BusEvent;
  dedupeId: string;
}

/**
 * Events across the product. In one process an in-memory bus; across processes NATS JetStream.
 * Handlers must be idempotent: delivery is at least once.
 */
export interface Bus {
  readonly kind: 'memory' | 'nats';
  publish(event: BusEvent, dedupeId: string): Promise<void>;
  /**
   * Several events, in order, resolved once all are on the bus. A transport may carry them
   * together under one dedupe id (NATS: one stream message per hundred): the same events
   * published again one by one are then not recognised as copies, which "at least once" allows.
   */
  publishAll(entries: BusEntry[]): Promise<void>;
  subscribe(handler: (event: BusEvent) => void): () => void;
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
