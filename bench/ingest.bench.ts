/**
 * Ingest benchmark: signed webhooks in, WebSocket frames out, on Postgres and on PGlite.
 *
 *   npm run bench:ingest -- [--rate 500] [--seconds 10] [--only postgres|split|pglite] [--hours open|closed] [--count-queries]
 *
 * Three deployments: Postgres with one process (`postgres`); Postgres with a web process and a
 * worker process joined by NATS JetStream (`split`, as a bank runs Agora for volume: `--role=web`
 * and `--role=worker`); PGlite, embedded, one process. For each: start Agora (the web tier in
 * this process, the worker tier in its own when split; Meta's and X's stand-ins in a process of
 * their own, as the platforms would), sign in as an admin and listen on /api/ws from a process
 * of its own (as an agent's browser would, not on the server's event loop), and let a
 * separate process post signed Messenger / X DM deliveries, in two phases:
 *  1. latency: N deliveries at the fixed --rate, after five seconds of the same stream untimed
 *     (a cold process pays for compiling the path, then its side work catches up with the first
 *     seconds' backlog: after two seconds, the slow messages still came in the first one and a
 *     half of the timed phase); each message is timed
 *     from its POST to its `message.created` frame (p50, p99);
 *  2. throughput: a backlog of 1,000 × seconds deliveries offered at 5,000/s (the intake takes
 *     them faster than the pipeline can turn them into conversations), to measure how many
 *     messages per second the whole path commits and pushes when it is the bottleneck.
 * Then, once every worker is done, in the same database, time a plain batched INSERT of as many
 * contact + conversation + message rows: the limit of this machine and this database, against
 * which the pipeline's throughput is judged (a fixed offered rate could not show a ratio above
 * rate ÷ raw). Timed on a quiet database: timed while side work still ran, it measured what was
 * left of the limit and flattered the ratio.
 * Postgres: DATABASE_URL or postgres://postgres@127.0.0.1:5432/test (a fresh database is
 * created, then dropped); NATS: NATS_URL or nats://127.0.0.1:4222 (a stream of the run's own,
 * deleted at the end). Loopback only; every wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect as connectNats } from 'nats';
import pg from 'pg';
import type { BusinessCalendar } from '../apps/server/src/modules/sla/business-clock.ts';
import { withSla } from '../apps/server/src/modules/sla/sla.tables.ts';
import { saveTeamCalendar } from '../apps/server/src/modules/sla/sla-calendar.service.ts';
import { natsStreamOf } from '../apps/server/src/platform/bus/nats-bus.ts';
import { prepared } from '../apps/server/src/platform/db/prepared-statements.ts';
import { frenchSearchVector } from '../apps/server/src/platform/db/search-vector.ts';
import { type RunningAgora, startAgora } from '../apps/server/src/server.ts';
import type { WorkerReport, WorkerRequest } from './agora-worker.worker.ts';
import type { DoneReport, PostedReport, WarmedReport } from './ingest-load.worker.ts';
import type { FakesReady } from './platform-fakes.worker.ts';
import type { StaffSocketReport } from './staff-socket.worker.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string' },
    /**
     * The teams' calendar during the run: `open` around the clock (a contact centre's working
     * day) or `closed` for the whole run (open only three days away: every new conversation
     * also gets the out-of-hours acknowledgement, an outbound message, a platform call and their
     * events). Fixed either way, so that a run does not depend on the hour or the day it is
     * started.
     */
    hours: { type: 'string', default: 'open' },
    /** Print the statements this process sent, most frequent first (where the round trips go; with split, the web tier's only). */
    'count-queries': { type: 'boolean', default: false },
  },
});
const RATE = Math.min(5000, Math.max(1, Number(values.rate)));
const SECONDS = Math.min(120, Math.max(1, Number(values.seconds)));
const BATCH = 500;
/** Untimed traffic at the latency phase's rate before it (see the latency phase). */
const WARMUP_SECONDS = 5;
const HOURS = values.hours === 'closed' ? 'closed' : 'open';
/** Offered rate of the throughput phase: above what the pipeline can take, so it shows its limit. */
const SATURATING_RATE = 5000;
/**
 * Deliveries of the throughput phase: a fixed backlog the pipeline must work through (the
 * intake takes them faster than the pipeline turns them into conversations, by design).
 */
const THROUGHPUT_DELIVERIES = 1000 * SECONDS;
/**
 * PGlite runs Postgres in WebAssembly on the server's own thread, one query at a time: it takes a
 * few dozen messages a second, so its load is scaled down (said on its row) rather than left to
 * time out.
 */
const PGLITE_SCALE = 0.1;
const ADMIN = { email: 'bench-admin@banque-exemple.fr', password: `bench-${randomBytes(9).toString('base64url')}` };
const TARGETS = { ratio: 0.3, p99Ms: 100 };
const now = () => performance.timeOrigin + performance.now();

type Deployment = 'postgres' | 'split' | 'pglite';
const LABELS: Record<Deployment, string> = { postgres: 'postgres', split: 'postgres, web + worker', pglite: 'pglite' };

interface Row {
  deployment: Deployment;
  sent: number;
  received: number;
  /** Messages per second committed and pushed in the throughput phase. */
  msgsPerSec: number;
  p50: number;
  p99: number;
  /** The webhook's own answer time: separates intake from ingest + delivery of the frame. */
  ackP99: number;
  rawRowsPerSec: number;
  note?: string;
}

async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `agora_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await c.end();
    },
  };
}

/**
 * What the server process spent during the latency phase: CPU per message, event-loop delay and
 * garbage collection. A p99 in the hundreds of milliseconds with an event-loop delay p50 above
 * 10 ms means the process is saturated, not that a statement is slow.
 */
function watchServerProcess() {
  const cpu = process.cpuUsage();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gcMs = 0;
  let gcCount = 0;
  let gcMaxMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcCount++;
      gcMaxMs = Math.max(gcMaxMs, entry.duration);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  return {
    /** Event-loop delay and GC so far (call at the end of the phase). */
    stalls(): string {
      delay.disable();
      gc.disconnect();
      const ms = (ns: number) => (ns / 1e6).toFixed(1);
      return (
        `event-loop delay p50 ${ms(delay.percentile(50))}, p99 ${ms(delay.percentile(99))}, max ${ms(delay.max)} ms; ` +
        `GC ${gcCount}× ${gcMs.toFixed(0)} ms (longest ${gcMaxMs.toFixed(1)} ms)`
      );
    },
    /** `otherMicros`: the worker process's CPU over the same span, when the tiers are split. */
    cpuPerMessage(messages: number, otherMicros = 0): string {
      const used = process.cpuUsage(cpu);
      return ((used.user + used.system + otherMicros) / 1000 / Math.max(1, messages)).toFixed(2);
    },
  };
}

/**
 * The routing teams (without them the ingest worker refuses to run: the demo seed is off), with
 * the calendar --hours asks for.
 */
async function ensureTeams(agora: RunningAgora): Promise<string> {
  const { db } = agora.deps.database;
  for (const [name, kind] of [
    ['Service client social', 'social_care'],
    ['Conseillers', 'advisors'],
  ] as const) {
    await db
      .insertInto('teams')
      .values({ id: randomUUID(), bank_id: agora.deps.bankId, name, kind })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  // Open around the clock, or open only on the weekday three days away (a calendar with no
  // opening at all has no next opening for the acknowledgement to announce).
  const away = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(new Date().getUTCDay() + 3) % 7];
  const hoursOf = (weekday: string) =>
    HOURS === 'open' ? [{ start: '00:00', end: '24:00' }] : weekday === away ? [{ start: '09:00', end: '18:00' }] : [];
  const weeklyHours = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, hoursOf(d)]));
  const teams = await db.selectFrom('teams').select(['id']).where('bank_id', '=', agora.deps.bankId).execute();
  for (const t of teams)
    await saveTeamCalendar(withSla(db), agora.deps.bankId, t.id, {
      timeZone: 'Europe/Paris',
      weeklyHours: weeklyHours as BusinessCalendar['weeklyHours'],
      holidayCountry: null,
      closures: [],
    });
  const team = await db
    .selectFrom('teams')
    .select(['id'])
    .where('bank_id', '=', agora.deps.bankId)
    .where('kind', '=', 'social_care')
    .executeTakeFirstOrThrow();
  return team.id;
}

interface StaffSocket {
  child: ChildProcess;
  /** From now on, the socket process times its own event loop. */
  watch(): void;
  /**
   * Its event-loop delay since `watch`: it has little to do, so a long one is the machine's own
   * stall (the host gave the cores to others), which every process of the run waited through.
   */
  delay(): Promise<string>;
}

/**
 * Signs in as the admin and opens /api/ws in a process of its own (bench/staff-socket.worker.ts),
 * as an agent's browser would be; `frames` gets each message's first arrival.
 */
async function openStaffSocket(url: string, frames: Map<string, number>): Promise<StaffSocket> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(ADMIN),
  });
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('agora_session='))
    ?.split(';')[0];
  if (response.status !== 200 || !cookie) throw new Error(`login failed: HTTP ${response.status} ${await response.text()}`);
  const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'staff-socket.worker.ts');
  let delayed: ((line: string) => void) | null = null;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), worker, '--url', url], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_SESSION_COOKIE: cookie },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ready frame within 30 s')), 30_000);
    child.on('exit', (code) => reject(new Error(`staff socket exited with ${code}`)));
    child.on('message', (message: StaffSocketReport) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (message.type === 'frames') {
        for (const [messageId, at] of message.frames) if (!frames.has(messageId)) frames.set(messageId, at);
      } else if (message.type === 'delay') {
        delayed?.(
          `the agent's socket process (little to do): event-loop delay p99 ${message.p99.toFixed(1)}, max ${message.max.toFixed(1)} ms`,
        );
      } else {
        console.error(`staff socket: ${message.reason}`);
        reject(new Error(message.reason));
      }
    });
  });
  return {
    child,
    watch: () => child.send({ type: 'watch' }),
    delay: () =>
      new Promise<string>((resolve) => {
        delayed = resolve;
        child.send({ type: 'delay' });
      }),
  };
}

/**
 * Meta's and X's stand-ins in a process of their own (bench/platform-fakes.worker.ts): the
 * server reaches them over loopback HTTP as it would reach the platforms.
 */
async function startPlatformFakes(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'platform-fakes.worker.ts');
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), worker], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('platform fakes did not start within 30 s')), 30_000);
    child.on('message', (message: FakesReady) => {
      clearTimeout(timer);
      resolve(message.url);
    });
    child.on('exit', (code) => reject(new Error(`platform fakes exited with ${code}`)));
  });
  return { url, child };
}

/** `warmup` deliveries go first at the same rate, untimed; `onWarmed` runs when the timed ones start. */
interface Load {
  rate: number;
  total: number;
  warmup?: number;
  onWarmed?: () => void;
}

function runLoad(agora: RunningAgora, url: string, load: Load, posted: Map<string, number>, acks: number[]): Promise<DoneReport> {
  const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ingest-load.worker.ts');
  const { config } = agora;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      worker,
      '--url',
      url,
      '--rate',
      String(load.rate),
      '--seconds',
      String(SECONDS),
      '--total',
      String(load.total),
      '--warmup',
      String(load.warmup ?? 0),
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        BENCH_META_APP_SECRET: config.META_APP_SECRET,
        BENCH_X_CONSUMER_SECRET: config.X_CONSUMER_SECRET,
        BENCH_META_PAGE_ID: config.META_PAGE_ID,
        BENCH_X_ACCOUNT_ID: config.X_ACCOUNT_ID,
      },
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        child.kill();
        reject(new Error('load worker did not finish in time'));
      },
      ((load.total + (load.warmup ?? 0)) / load.rate + 120) * 1000,
    );
    child.on('message', (message: PostedReport | WarmedReport | DoneReport) => {
      if (message.type === 'warmed') load.onWarmed?.();
      else if (message.type === 'posted') {
        for (const [itemId, at, status, answeredAt] of message.items) {
          if (status !== 200) continue;
          posted.set(itemId, at);
          acks.push(answeredAt - at);
        }
      } else {
        clearTimeout(timer);
        resolve(message);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) : Number.NaN;

/** Same rows as the pipeline writes per message (new contact, conversation, message), batched. */
async function rawInsertRate(agora: RunningAgora, teamId: string, count: number): Promise<number> {
  const { db } = agora.deps.database;
  const bankId = agora.deps.bankId;
  const stamp = Date.now();
  const started = now();
  for (let offset = 0; offset < count; offset += BATCH) {
    const size = Math.min(BATCH, count - offset);
    const at = new Date();
    const contacts = Array.from({ length: size }, (_, i) => ({
      id: randomUUID(),
      bank_id: bankId,
      platform: 'meta',
      platform_user_id: `raw_${stamp}_${offset + i}`,
      handle: null,
      display_name: `Raw ${offset + i}`,
      profile_url: null,
      avatar_url: null,
    }));
    const conversations = contacts.map((c) => ({
      id: randomUUID(),
      bank_id: bankId,
      team_id: teamId,
      channel: 'messenger',
      kind: 'private' as const,
      thread_key: c.platform_user_id,
      contact_id: c.id,
      excerpt: 'raw insert',
      last_message_at: at,
      last_inbound_at: at,
    }));
    const messages = conversations.map((c, i) => {
      const body = `raw ${stamp} #${offset + i} envoyé à ${at.toISOString()} — virement pas arrivé`;
      return {
        id: randomUUID(),
        bank_id: bankId,
        conversation_id: c.id,
        direction: 'inbound' as const,
        visibility: 'private' as const,
        platform_message_id: `raw_m_${stamp}_${offset + i}`,
        author_contact_id: c.contact_id,
        body,
        attachments: '[]',
        search_vector: frenchSearchVector(`Raw ${offset + i} ${body}`),
        created_at: at,
      };
    });
    await db.transaction().execute(async (tx) => {
      // Named statements, as the pipeline's are (prepared-statements.ts): the limit is what this
      // database takes at best, parsing and planning included.
      await tx.executeQuery(prepared(tx.insertInto('contacts').values(contacts).compile()));
      await tx.executeQuery(prepared(tx.insertInto('conversations').values(conversations).compile()));
      await tx.executeQuery(prepared(tx.insertInto('messages').values(messages).compile()));
    });
  }
  return count / ((now() - started) / 1000);
}

interface PhaseResult {
  sent: number;
  failed: number;
  firstPostAt: number;
  lastFrameAt: number;
  /** POST → frame, per message that got its frame, sorted. */
  latencies: number[];
  /** POST → HTTP answer, sorted. */
  acks: number[];
}

/** One load at `rate`, waited for until every accepted message has been pushed (or stalls). */
async function runPhase(agora: RunningAgora, url: string, load: Load, frames: Map<string, number>): Promise<PhaseResult> {
  const posted = new Map<string, number>();
  const acks: number[] = [];
  const done = await runLoad(agora, url, load, posted, acks);
  acks.sort((a, b) => a - b);
  const latencies: number[] = [];
  let lastFrameAt = 0;
  // Wait until every accepted message has its frame (other frames, such as the automatic
  // acknowledgements sent out of hours, do not count), or until none came for 30 s.
  let seen = -1;
  let lastProgress = Date.now();
  for (;;) {
    // messageId (in frames) → platform id (what the load worker timed).
    const rows = await agora.deps.database.db
      .selectFrom('messages')
      .select(['id', 'platform_message_id'])
      .where('direction', '=', 'inbound')
      .execute();
    latencies.length = 0;
    lastFrameAt = 0;
    for (const row of rows) {
      const arrived = frames.get(row.id);
      const sentAt = row.platform_message_id ? posted.get(row.platform_message_id) : undefined;
      if (arrived === undefined || sentAt === undefined) continue;
      latencies.push(arrived - sentAt);
      lastFrameAt = Math.max(lastFrameAt, arrived);
    }
    if (latencies.length >= posted.size) break;
    if (latencies.length !== seen) {
      seen = latencies.length;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > 30_000) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  latencies.sort((a, b) => a - b);
  return { sent: done.posted, failed: done.failed, firstPostAt: done.firstPostAt, lastFrameAt, latencies, acks };
}

/**
 * The worker tier in a process of its own (bench/agora-worker.worker.ts). `drain` waits until
 * every one of its loops is idle and gives its CPU so far.
 */
async function startWorkerTier(
  env: Record<string, string>,
): Promise<{ drain(): Promise<number>; cpu(): Promise<number>; close(): Promise<void> }> {
  const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'agora-worker.worker.ts');
  // The worker tier runs with this process's V8 flags: the young generation `npm start` sets.
  const v8Flags = process.execArgv.filter((flag) => flag.startsWith('--max-semi-space-size'));
  const child = spawn(process.execPath, [...v8Flags, '--import', import.meta.resolve('tsx'), worker], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const next = (type: WorkerReport['type'], seconds: number) =>
    new Promise<WorkerReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker tier: no ${type} within ${seconds} s`)), seconds * 1000);
      const onMessage = (report: WorkerReport) => {
        if (report.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(report);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`worker tier exited with ${code}`)));
    });
  await next('ready', 60);
  const send = (request: WorkerRequest) => child.send(request);
  return {
    async drain() {
      const drained = next('drained', 300);
      send({ type: 'drain' });
      const report = await drained;
      return report.type === 'drained' ? report.cpuMicros : 0;
    },
    async cpu() {
      const answered = next('cpu', 30);
      send({ type: 'cpu' });
      const report = await answered;
      return report.type === 'cpu' ? report.cpuMicros : 0;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      send({ type: 'close' });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill();
    },
  };
}

/** The run's own JetStream stream, deleted at the end. */
async function deleteNatsStream(url: string, prefix: string) {
  const nc = await connectNats({ servers: url });
  try {
    await (await nc.jetstreamManager()).streams.delete(natsStreamOf(prefix));
  } finally {
    await nc.close();
  }
}

async function benchOne(deployment: Deployment): Promise<Row> {
  const database = deployment === 'pglite' ? 'pglite' : 'postgres';
  const split = deployment === 'split';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-bench-'));
  let dropDatabase: () => Promise<void> = async () => undefined;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    AGORA_SIMULATOR: 'off',
    AGORA_DEMO_SEED: 'off',
    AGORA_FAKE_PLATFORMS_PORT: '0',
    AGORA_ADMIN_EMAIL: ADMIN.email,
    AGORA_ADMIN_PASSWORD: ADMIN.password,
  };
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const natsPrefix = `bench_${randomBytes(5).toString('hex')}`;
  if (split) Object.assign(env, { NATS_URL: natsUrl, AGORA_NATS_PREFIX: natsPrefix });
  let agora: RunningAgora | null = null;
  let worker: Awaited<ReturnType<typeof startWorkerTier>> | null = null;
  let socket: StaffSocket | null = null;
  let fakes: ChildProcess | null = null;
  try {
    if (database === 'postgres') {
      const created = await createPostgresDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
      env.DATABASE_URL = created.url;
      dropDatabase = created.drop;
    }
    const started = await startPlatformFakes(env);
    fakes = started.child;
    env.META_GRAPH_URL = `${started.url}/meta`;
    env.X_API_URL = `${started.url}/x`;
    // Split: this process is the web tier (webhooks, WebSocket, and an outbox dispatcher for what
    // it writes itself); the worker tier does everything else.
    agora = await startAgora(env, split ? 'web' : 'all');
    worker = split ? await startWorkerTier(env) : null;
    const tiers = worker;
    // The worker's passes, the web tier's outbox, then the worker's side work on those events:
    // gives the worker's CPU so far (0 in one process).
    const drainAll = async () => {
      await tiers?.drain();
      await agora!.drain();
      return (await tiers?.drain()) ?? 0;
    };
    const url = agora.url.replace('localhost', '127.0.0.1');
    const teamId = await ensureTeams(agora);
    const frames = new Map<string, number>();
    socket = await openStaffSocket(url, frames);
    const scale = database === 'pglite' ? PGLITE_SCALE : 1;
    const rate = Math.max(1, Math.round(RATE * scale));
    // Steady state first: the start's own work (seeds, first passes of every worker) is not the
    // load's; nor are the first messages of the stream, which pay for V8 compiling the path (in
    // Agora and in the load generator) and for Postgres's first plans, as no bank's server does:
    // the same stream runs for a while before its messages are timed.
    await drainAll();
    const timed: { watch: ReturnType<typeof watchServerProcess> | null; workerCpuBefore: Promise<number> } = {
      watch: null,
      workerCpuBefore: Promise.resolve(0),
    };
    const warmup = rate * WARMUP_SECONDS;
    const onWarmed = () => {
      timed.watch = watchServerProcess();
      socket?.watch();
      timed.workerCpuBefore = tiers?.cpu() ?? Promise.resolve(0);
    };
    const latency = await runPhase(agora, url, { rate, total: rate * SECONDS, warmup, onWarmed }, frames);
    const { watch } = timed;
    if (!watch) throw new Error('the load generator never said its warm-up was over');
    const stalls = watch.stalls();
    const machine = await socket.delay();
    // CPU until every worker is done with the phase's messages: side work that lags past the
    // last frame (SLA clocks, acknowledgements) is the server's work all the same.
    const workerCpu = (await drainAll()) - (await timed.workerCpuBefore);
    const serverProcess = `${split ? 'web + worker processes' : 'server process'}: ${watch.cpuPerMessage(latency.latencies.length, workerCpu)} ms CPU per message (until drained); ${split ? 'web process: ' : ''}${stalls}`;
    const throughput = await runPhase(agora, url, { rate: SATURATING_RATE, total: Math.round(THROUGHPUT_DELIVERIES * scale) }, frames);
    // Side work gives way to the backlog (work-loop.ts): how long after the last frame it was done.
    // The raw insert then runs alone, as the limit it stands for.
    await drainAll();
    const caughtUpSeconds = (now() - throughput.lastFrameAt) / 1000;
    const rawRowsPerSec = await rawInsertRate(agora, teamId, throughput.sent);
    const failed = latency.failed + throughput.failed;
    return {
      deployment,
      sent: latency.sent,
      received: latency.latencies.length,
      msgsPerSec: throughput.latencies.length / ((throughput.lastFrameAt - throughput.firstPostAt) / 1000),
      p50: percentile(latency.latencies, 0.5),
      p99: percentile(latency.latencies, 0.99),
      ackP99: percentile(latency.acks, 0.99),
      rawRowsPerSec,
      note:
        [
          scale !== 1 ? `latency at ${rate} msg/s, backlog of ${Math.round(THROUGHPUT_DELIVERIES * scale)}` : '',
          failed > 0 ? `${failed} webhooks refused` : '',
          HOURS === 'open' ? 'teams open (--hours open)' : 'teams closed (--hours closed): each message also acknowledged',
          serverProcess,
          machine,
          `side work (SLA clocks, routing, listening, names) done ${caughtUpSeconds.toFixed(1)} s after the backlog's last frame`,
        ]
          .filter(Boolean)
          .join('; ') || undefined,
    };
  } catch (error) {
    return {
      deployment,
      sent: 0,
      received: 0,
      msgsPerSec: Number.NaN,
      p50: Number.NaN,
      p99: Number.NaN,
      ackP99: Number.NaN,
      rawRowsPerSec: Number.NaN,
      note: (error as Error).message,
    };
  } finally {
    socket?.child.disconnect();
    await worker?.close().catch(() => undefined);
    await agora?.close().catch(() => undefined);
    if (split) await deleteNatsStream(natsUrl, natsPrefix).catch(() => undefined);
    fakes?.disconnect();
    await dropDatabase().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printTable(rows: Row[]) {
  const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
  const header = ['deployment', 'sent', 'framed', 'max msgs/s', 'p50 ms', 'p99 ms', 'ack p99 ms', 'raw rows/s', 'ratio', 'verdict'];
  const lines = rows.map((r) => {
    const ratio = r.msgsPerSec / r.rawRowsPerSec;
    const meets = ratio >= TARGETS.ratio && r.p99 <= TARGETS.p99Ms && r.received === r.sent;
    const verdict = r.deployment !== 'pglite' ? (meets ? 'OK' : 'MISSED') : 'reported';
    return [
      LABELS[r.deployment],
      String(r.sent),
      String(r.received),
      f(r.msgsPerSec),
      f(r.p50, 1),
      f(r.p99, 1),
      f(r.ackP99, 1),
      f(r.rawRowsPerSec),
      f(ratio, 2),
      verdict,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(
    `\nIngest: latency at ${RATE} msg/s (after ${WARMUP_SECONDS} s of it untimed), then a backlog of ${THROUGHPUT_DELIVERIES} offered at ${SATURATING_RATE} msg/s — targets (Postgres): ratio ≥ ${TARGETS.ratio}, p99 ≤ ${TARGETS.p99Ms} ms`,
  );
  console.log(fmt(header));
  for (const line of lines) console.log(fmt(line));
  for (const r of rows) if (r.note) console.log(`  ${LABELS[r.deployment]}: ${r.note}`);
  return rows.every((r, i) => r.deployment === 'pglite' || lines[i]?.[9] === 'OK');
}

// When Agora fails to start it cannot close its pool; dropping the bench database then ends
// those idle connections, whose error must not crash the run that reports the failure.
process.on('uncaughtException', (error: Error & { code?: string }) => {
  if (error.code === '57P01') return;
  throw error;
});

const queryCounts = new Map<string, number>();
if (values['count-queries']) {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    const text = (typeof q === 'string' ? q : (q?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 110);
    queryCounts.set(text, (queryCounts.get(text) ?? 0) + 1);
    return original.apply(this, args);
  };
}
const deployments = (['postgres', 'split', 'pglite'] as const).filter((d) => !values.only || values.only === d);
const results: Row[] = [];
for (const deployment of deployments) {
  console.log(`… ${LABELS[deployment]}`);
  results.push(await benchOne(deployment));
}
const ok = printTable(results);
if (values['count-queries']) {
  const all = [...queryCounts].sort((a, b) => b[1] - a[1]);
  console.log(
    'queries',
    all.reduce((n, [, c]) => n + c, 0),
  );
  for (const [text, count] of all.slice(0, 40)) console.log(String(count).padStart(7), text);
}
process.exit(ok ? 0 : 1);
