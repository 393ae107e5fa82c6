/**
 * Load generator of the ingest benchmark, in its own process so that building, signing and
 * posting webhooks does not steal the event loop of the Agora under test. Posts N signed
 * Messenger and X DM deliveries at a fixed rate and reports each item's post time to the
 * parent over IPC. Secrets come through the environment, never argv (visible to `ps`).
 *
 *   (spawned by ingest.bench.ts) --url http://127.0.0.1:PORT --rate 500 --seconds 10
 */
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { buildMessengerMessage, buildXDirectMessage } from '../tools/simulator/payload-builders.ts';
import { signedHeaders } from '../tools/simulator/webhook-signer.ts';

export interface PostedReport {
  type: 'posted';
  /** [platform item id, epoch ms when the POST was issued, HTTP status, epoch ms of the answer] */
  items: [string, number, number, number][];
}
/** The warm-up's deliveries are all out: the timed ones start now. */
export interface WarmedReport {
  type: 'warmed';
}
export interface DoneReport {
  type: 'done';
  posted: number;
  failed: number;
  firstPostAt: number;
  lastAnsweredAt: number;
}

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    /** How many deliveries in all; default rate × seconds. */
    total: { type: 'string' },
    /** Deliveries sent first at the same rate, untimed and unreported (see ingest.bench.ts). */
    warmup: { type: 'string', default: '0' },
  },
});
const url = values.url ?? '';
const rate = Math.min(5000, Math.max(1, Number(values.rate)));
const total = values.total
  ? Math.min(200_000, Math.max(1, Number(values.total)))
  : Math.round(rate * Math.min(120, Math.max(1, Number(values.seconds))));
const warmup = Math.min(200_000, Math.max(0, Number(values.warmup)));
const secrets = { metaAppSecret: process.env.BENCH_META_APP_SECRET ?? '', xConsumerSecret: process.env.BENCH_X_CONSUMER_SECRET ?? '' };
const pageId = process.env.BENCH_META_PAGE_ID ?? '';
const accountId = process.env.BENCH_X_ACCOUNT_ID ?? '';
if (!url.startsWith('http://127.0.0.1') || !secrets.metaAppSecret || !secrets.xConsumerSecret) {
  console.error('ingest-load.worker: loopback --url and BENCH_* secrets are required');
  process.exit(2);
}

const now = () => performance.timeOrigin + performance.now();
// Numeric ids like the platforms', unique per run and per message.
const runId = String(Date.now());
const MAX_IN_FLIGHT = 256;
// Plain HTTP/1.1 over kept-alive TCP sockets, one request at a time on each, rather than fetch
// or node:http: this process stands in for the platforms' machines but shares the server's
// cores, and fetch cost it 0.8 ms of CPU per delivery, node:http 0.3 ms.
const target = new URL(url);
const idle: Connection[] = [];

interface Connection {
  socket: Socket;
  /** Resolves the request in flight with its status, 0 if the connection failed. */
  done: ((status: number) => void) | null;
  buffer: Buffer;
}

function connection(): Connection {
  const reused = idle.pop();
  if (reused) return reused;
  const c: Connection = { socket: connect(Number(target.port), target.hostname), done: null, buffer: Buffer.alloc(0) };
  c.socket.setNoDelay(true);
  const fail = () => {
    c.done?.(0);
    c.done = null;
  };
  c.socket.on('error', fail);
  c.socket.on('close', () => {
    // A connection the server closed is not reused.
    if (idle.includes(c)) idle.splice(idle.indexOf(c), 1);
    fail();
  });
  c.socket.on('data', (chunk: Buffer) => {
    c.buffer = c.buffer.length ? Buffer.concat([c.buffer, chunk]) : chunk;
    const end = c.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = c.buffer.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (c.buffer.length < end + 4 + length) return;
    c.buffer = c.buffer.subarray(end + 4 + length);
    const done = c.done;
    c.done = null;
    idle.push(c);
    done?.(Number(head.slice(9, 12)));
  });
  return c;
}

/** POSTs one raw body; resolves with the HTTP status once the answer is read (0 if none). */
function post(path: string, headers: Record<string, string>, raw: string): Promise<number> {
  return new Promise((resolve) => {
    const c = connection();
    c.done = resolve;
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    c.socket.write(
      `POST ${path} HTTP/1.1\r\nhost: ${target.host}\r\n${lines.join('')}content-length: ${Buffer.byteLength(raw)}\r\n\r\n${raw}`,
    );
  });
}

/** Every message comes from a new sender: each one costs a contact, a conversation and a message. */
function delivery(i: number): { platform: 'meta' | 'x'; itemId: string; raw: string } {
  const at = new Date();
  const text = `bench ${runId} #${i} envoyé à ${at.toISOString()} — virement pas arrivé`;
  if (i % 2 === 0) {
    const mid = `m_bench_${runId}_${i}`;
    const body = buildMessengerMessage({ recipientId: pageId, senderId: `8${String(i).padStart(6, '0')}${runId}`, mid, text, at });
    return { platform: 'meta', itemId: mid, raw: JSON.stringify(body) };
  }
  const dmId = `7${runId}${String(i).padStart(6, '0')}`;
  const sender = { id: `6${String(i).padStart(6, '0')}${runId}`, screenName: `bench_${i}`, name: `Bench ${i}` };
  const body = buildXDirectMessage({ accountId, accountScreenName: 'BanqueExemple', dmId, sender, text, at });
  return { platform: 'x', itemId: dmId, raw: JSON.stringify(body) };
}

let inFlight = 0;
let failed = 0;
let lastAnsweredAt = 0;
let pending: [string, number, number, number][] = [];
const flush = () => {
  if (pending.length === 0) return;
  process.send?.({ type: 'posted', items: pending } satisfies PostedReport);
  pending = [];
};

async function postOne(i: number) {
  const { platform, itemId, raw } = delivery(i);
  const headers = signedHeaders(platform, raw, secrets);
  const postedAt = now();
  const status = await post(`/webhooks/${platform}`, headers, raw);
  if (status !== 200) failed++;
  lastAnsweredAt = now();
  if (i < warmup) return;
  pending.push([itemId, postedAt, status, lastAnsweredAt]);
  if (pending.length >= 200) flush();
}

const start = now();
let timedFrom = start;
const tasks: Promise<void>[] = [];
for (let i = 0; i < warmup + total; i++) {
  if (i === warmup && warmup > 0) {
    process.send?.({ type: 'warmed' } satisfies WarmedReport);
    timedFrom = now();
  }
  // Open-loop schedule: message i leaves at start + i/rate, unless the server has fallen so far
  // behind that MAX_IN_FLIGHT requests are waiting (then we wait, and the rate shows it).
  const due = start + (i * 1000) / rate;
  const wait = due - now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  while (inFlight >= MAX_IN_FLIGHT) await new Promise((resolve) => setTimeout(resolve, 1));
  inFlight++;
  tasks.push(postOne(i).finally(() => inFlight--));
}
await Promise.all(tasks);
flush();
for (const c of idle) c.socket.destroy();
process.send?.({ type: 'done', posted: total, failed, firstPostAt: timedFrom, lastAnsweredAt } satisfies DoneReport, () => process.exit(0));
