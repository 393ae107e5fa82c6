import type { ServerFrame } from '@agora/contracts/events.schema.ts';
import WebSocket from 'ws';

/** A signed-in staff member talking to a running Agora over real HTTP, as the web app does. */
export interface StaffClient {
  cookie: string;
  csrfToken: string;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Opens /api/ws; frames are collected in `frames`. */
  openSocket(): Promise<LiveSocket>;
}

export interface LiveSocket {
  frames: ServerFrame[];
  waitFor(predicate: (frame: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  closed: Promise<number>;
  close(): void;
}

export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<StaffClient> {
  const origin = new URL(baseUrl).origin;
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { status: string; me?: { csrfToken: string } };
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('agora_session='));
  if (response.status !== 200 || body.status !== 'ok' || !setCookie || !body.me)
    throw new Error(`login failed for ${email}: ${response.status} ${JSON.stringify(body)}`);
  const cookie = setCookie.split(';')[0]!;
  const csrfToken = body.me.csrfToken;
  return {
    cookie,
    csrfToken,
    async request(method, path, payload) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { cookie, origin, 'x-csrf-token': csrfToken, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
    },
    openSocket: () => openSocket(baseUrl, cookie),
  };
}

export function openSocket(baseUrl: string, cookie: string | null): Promise<LiveSocket> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/ws`;
  const ws = new WebSocket(url, { headers: { origin: new URL(baseUrl).origin, ...(cookie ? { cookie } : {}) } });
  const frames: ServerFrame[] = [];
  const listeners = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as ServerFrame);
    for (const l of listeners) l();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const live: LiveSocket = {
    frames,
    closed,
    close: () => ws.close(),
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = frames.find(predicate);
          if (hit) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(live));
    ws.once('error', reject);
  });
}
