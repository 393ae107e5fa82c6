import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per process; label values never carry personal data. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const webhookCounter = new Counter({
  name: 'agora_webhooks_total',
  help: 'Webhook deliveries by platform and outcome',
  labelNames: ['platform', 'outcome'] as const,
  registers: [metricsRegistry],
});
export const ingestItemsCounter = new Counter({
  name: 'agora_ingest_items_total',
  help: 'Items turned into messages, duplicates or ignored',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});
export const ingestBatchSeconds = new Histogram({
  name: 'agora_ingest_batch_seconds',
  help: 'Time to process one claimed batch of deliveries',
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});
export const deliveryCounter = new Counter({
  name: 'agora_outbound_deliveries_total',
  help: 'Replies sent to platforms by outcome',
  labelNames: ['platform', 'outcome'] as const,
  registers: [metricsRegistry],
});
