import { retryAfterMsFrom } from './x.client.ts';

export interface XStreamRule {
  value: string;
  tag: string;
}

export interface XStreamLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface XFilteredStreamOptions {
  /** X API base URL (the local fake in demo mode). */
  apiUrl: string;
  /** App-only OAuth 2.0 Bearer token: the stream and its rules belong to the app, not to a user. */
  bearerToken: string;
  /** The rules the stream must hold; others are removed at start. */
  rules: XStreamRule[];
  /** Stores one received post (a raw `{ data, includes, matching_rules }` line). */
  onPost(rawBody: Buffer): Promise<void>;
  logger: XStreamLogger;
  /** X sends a keep-alive every 20 s; silence longer than this means a dead connection. */
  stallTimeoutMs?: number;
  /** Backoff bases (X's guidance: network errors from 250 ms, HTTP errors from 5 s, 429 from 1 min). */
  backoff?: { networkMs?: number; httpMs?: number; rateLimitMs?: number; maxMs?: number };
}

export interface XFilteredStream {
  /**
   * Makes the stream hold `rules` from now on (listening queries changed): the documented rules
   * endpoint adds and deletes them, the open connection goes on (X applies rules to it live).
   */
  setRules(rules: XStreamRule[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The stream's rules: the bank's name and hashtag by default, or the configured ones (separated
 * by `;`), never the bank's own posts (`-from:` takes the numeric id) nor retweets.
 */
export function xStreamRules(options: { bankName: string; accountId: string; configured?: string | null }): XStreamRule[] {
  const suffix = ` -is:retweet -from:${options.accountId}`;
  const configured = (options.configured ?? '')
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean);
  const hashtag = `#${options.bankName.normalize('NFD').replace(/[^A-Za-z0-9]/g, '')}`;
  const values = configured.length ? configured : [`"${options.bankName}"`, hashtag];
  return values.map((value, i) => ({ value: `${value}${suffix}`, tag: `agora:${i + 1}` }));
}

const STREAM_FIELDS = new URLSearchParams({
  // public_metrics: followers and engagement, which listening ranks influencers by.
  'tweet.fields': 'id,text,author_id,conversation_id,created_at,referenced_tweets,in_reply_to_user_id,lang,note_tweet,public_metrics',
  expansions: 'author_id,referenced_tweets.id,referenced_tweets.id.author_id',
  'user.fields': 'id,name,username,profile_image_url,public_metrics',
});

class StreamHttpError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | null,
  ) {
    super(`X stream HTTP ${status}`);
  }
}

/**
 * Posts about the bank that do not @-address it, through X API v2's filtered stream: rules are
 * ensured at start, then one long-lived connection reads newline-delimited JSON (blank lines are
 * keep-alives) and hands each post to `onPost`. The connection is reopened with exponential
 * backoff, longer after a 429 and never sooner than X's Retry-After / rate-limit reset.
 */
export function startXFilteredStream(options: XFilteredStreamOptions): XFilteredStream {
  const base = options.apiUrl.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${options.bearerToken}` };
  const stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
  const backoff = { networkMs: 250, httpMs: 5_000, rateLimitMs: 60_000, maxMs: 320_000, ...options.backoff };
  let stopped = false;
  // Aborts whatever is in flight (rules calls included) so stop() never waits on the network.
  const stopping = new AbortController();
  let current: AbortController | null = null;
  let wakeSleep: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.any([AbortSignal.timeout(15_000), stopping.signal]),
    });
    const text = await response.text();
    if (!response.ok) throw new StreamHttpError(response.status, retryAfterMsFrom(response.headers));
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  let rules = options.rules;
  // One rules change at a time: two diffs computed together would add the same rule twice.
  let rulesChange: Promise<void> = Promise.resolve();

  async function ensureRules(): Promise<void> {
    const current = ((await request('GET', '/2/tweets/search/stream/rules')).data ?? []) as { id: string; value: string; tag?: string }[];
    const wanted = new Map(rules.map((r) => [r.value, r]));
    const stale = current.filter((r) => wanted.get(r.value)?.tag !== r.tag);
    const missing = rules.filter((r) => !current.some((c) => c.value === r.value && c.tag === r.tag));
    if (stale.length) await request('POST', '/2/tweets/search/stream/rules', { delete: { ids: stale.map((r) => r.id) } });
    if (missing.length) {
      const result = await request('POST', '/2/tweets/search/stream/rules', { add: missing });
      const invalid = (result.meta as { summary?: { invalid?: number } } | undefined)?.summary?.invalid ?? 0;
      if (invalid > 0) options.logger.warn({ errors: result.errors }, 'X refused some filtered-stream rules');
    }
    options.logger.info({ rules: rules.length, added: missing.length, removed: stale.length }, 'X filtered-stream rules ensured');
  }

  function changeRules(): Promise<void> {
    const change = rulesChange.then(ensureRules);
    rulesChange = change.catch(() => undefined);
    return change;
  }

  /** Reads one connection until it ends; resolves true when at least one line arrived (healthy). */
  async function readStream(): Promise<boolean> {
    const controller = new AbortController();
    current = controller;
    let stall: NodeJS.Timeout | undefined;
    const armStall = () => {
      clearTimeout(stall);
      stall = setTimeout(() => controller.abort(new Error('stall')), stallTimeoutMs);
    };
    armStall();
    let healthy = false;
    try {
      const response = await fetch(`${base}/2/tweets/search/stream?${STREAM_FIELDS}`, { headers: auth, signal: controller.signal });
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new StreamHttpError(response.status, retryAfterMsFrom(response.headers));
      }
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body) {
        armStall();
        healthy = true;
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
          if (line) await handleLine(line);
        }
      }
      return healthy;
    } finally {
      clearTimeout(stall);
      current = null;
    }
  }

  async function handleLine(line: string): Promise<void> {
    let parsed: { data?: unknown; errors?: unknown };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      options.logger.warn({}, 'X stream sent a line that is not JSON');
      return;
    }
    // Operational messages (`errors` without `data`) are logged, not stored.
    if (!parsed.data) {
      options.logger.warn({ errors: parsed.errors }, 'X stream message');
      return;
    }
    try {
      await options.onPost(Buffer.from(line, 'utf8'));
    } catch (error) {
      options.logger.warn({ err: error }, 'storing an X stream post failed');
    }
  }

  async function run(): Promise<void> {
    let failures = 0;
    let rulesReady = false;
    while (!stopped) {
      try {
        if (!rulesReady) {
          await changeRules();
          rulesReady = true;
        }
        const healthy = await readStream();
        if (healthy) failures = 0;
        if (stopped) return;
        // The server closed a working connection: reconnect after the shortest pause.
        if (healthy) {
          await sleep(backoff.networkMs);
          continue;
        }
        failures++;
        await sleep(Math.min(backoff.maxMs, backoff.networkMs * 2 ** (failures - 1)));
      } catch (error) {
        if (stopped) return;
        failures++;
        let delay: number;
        if (error instanceof StreamHttpError) {
          const baseMs = error.status === 429 ? backoff.rateLimitMs : backoff.httpMs;
          delay = Math.max(Math.min(backoff.maxMs, baseMs * 2 ** (failures - 1)), error.retryAfterMs ?? 0);
        } else {
          delay = Math.min(backoff.maxMs, backoff.networkMs * 2 ** (failures - 1));
        }
        options.logger.warn({ err: error, failures, delayMs: delay }, 'X filtered stream disconnected; reconnecting');
        await sleep(delay);
      }
    }
  }

  const running = run();
  return {
    setRules(next) {
      rules = next;
      return changeRules();
    },
    async stop() {
      stopped = true;
      stopping.abort(new Error('stopped'));
      current?.abort(new Error('stopped'));
      wakeSleep?.();
      await running;
    },
  };
}
