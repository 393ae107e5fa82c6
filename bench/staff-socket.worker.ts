/**
 * The agent's screen of the ingest benchmark, in its own process: a staff member's WebSocket on
 * /api/ws that notes when each `message.created` frame arrives. An agent's browser is another
 * machine; a socket read on the server's own event loop would wait there behind the webhooks
 * and passes it is timing, and count that wait twice. Reports arrivals to the parent over IPC in
 * small batches. The session cookie comes through the environment, never argv (visible to `ps`).
 *
 *   (spawned by ingest.bench.ts) --url http://127.0.0.1:PORT
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

export type StaffSocketReport =
  | { type: 'ready' }
  /** Its own event-loop delay since `watch`, in ms: a process with little to do sees the machine's stalls. */
  | { type: 'delay'; p99: number; max: number }
  /** [message id, epoch ms when its frame arrived], first arrival only */
  | { type: 'frames'; frames: [string, number][] }
  | { type: 'failed'; reason: string };

const { values } = parseArgs({ options: { url: { type: 'string' } } });
const url = values.url ?? '';
const cookie = process.env.BENCH_SESSION_COOKIE ?? '';
const report = (message: StaffSocketReport) => process.send?.(message);
if (!url.startsWith('http://127.0.0.1') || !cookie) {
  console.error('staff-socket.worker: loopback --url and BENCH_SESSION_COOKIE are required');
  process.exit(2);
}

const now = () => performance.timeOrigin + performance.now();
const seen = new Set<string>();
let batch: [string, number][] = [];
const flush = () => {
  if (batch.length === 0) return;
  report({ type: 'frames', frames: batch });
  batch = [];
};
// Every 50 ms: the parent waits for the last frames, and a short delay there costs nothing timed.
const flusher = setInterval(flush, 50);

const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws`, { headers: { origin: url, cookie } });
socket.on('error', (error) => report({ type: 'failed', reason: error.message }));
socket.on('close', () => {
  clearInterval(flusher);
  flush();
});
socket.on('message', (data) => {
  const at = now();
  const frame = JSON.parse(String(data)) as { type: string; event?: { type: string; messageId?: string | null } };
  if (frame.type === 'ready') report({ type: 'ready' });
  else if (frame.type === 'event' && frame.event?.type === 'message.created' && frame.event.messageId) {
    // First arrival only: a frame repeated after a reconnect must not shorten a latency.
    if (seen.has(frame.event.messageId)) return;
    seen.add(frame.event.messageId);
    batch.push([frame.event.messageId, at]);
  } else if (frame.type === 'error') report({ type: 'failed', reason: `socket refused: ${String(data)}` });
});
// `watch` starts timing this process's own event loop, `delay` reports it: the parent says when.
let delay: ReturnType<typeof monitorEventLoopDelay> | null = null;
process.on('message', (message: { type: 'watch' | 'delay' }) => {
  if (message.type === 'watch') {
    delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
  } else if (delay) {
    delay.disable();
    report({ type: 'delay', p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 });
  }
});
// The parent's end (or its IPC channel closing) ends this process.
process.on('disconnect', () => {
  socket.close();
  process.exit(0);
});
