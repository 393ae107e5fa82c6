/**
 * The worker tier of the ingest benchmark's split deployment: Agora started with the worker role
 * (ingest, outbox, SLA clocks, replies and every side loop) in a process of its own, beside the
 * web tier (webhooks, WebSocket) that runs in the bench's process; the two meet through Postgres
 * and NATS, as a bank deploys them. Reports over IPC: ready, drained (with its CPU so far), its CPU when asked.
 *
 *   (spawned by ingest.bench.ts with the bench's environment)
 */
import { startAgora } from '../apps/server/src/server.ts';

export type WorkerRequest = { type: 'drain' } | { type: 'cpu' } | { type: 'close' };
export type WorkerReport = { type: 'ready' } | { type: 'drained'; cpuMicros: number } | { type: 'cpu'; cpuMicros: number };

const agora = await startAgora(process.env, 'worker');
const cpuMicros = () => {
  const used = process.cpuUsage();
  return used.user + used.system;
};
process.on('message', (request: WorkerRequest) => {
  if (request.type === 'drain')
    void agora.drain().then(() => process.send?.({ type: 'drained', cpuMicros: cpuMicros() } satisfies WorkerReport));
  else if (request.type === 'cpu') process.send?.({ type: 'cpu', cpuMicros: cpuMicros() } satisfies WorkerReport);
  else void agora.close().finally(() => process.exit(0));
});
// The parent's end (or its IPC channel closing) ends this process.
process.on('disconnect', () => {
  void agora.close().finally(() => process.exit(0));
});
process.send?.({ type: 'ready' } satisfies WorkerReport);
