import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { createTestDatabaseUrl, TEST_ADMIN, type TestDatabaseUrl } from '../../platform/testing/test-agora.ts';
import { signInOverHttp } from '../../platform/testing/test-client.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output()}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server never became healthy: ${output()}`);
}

/**
 * Two server processes on one Postgres and one NATS: an event ingested by one reaches a
 * WebSocket client of the other. Their buses are separate processes' memory, so the frame can
 * only have travelled through NATS (stop NATS and this test fails).
 */
describe.runIf(process.env.DATABASE_URL && process.env.NATS_URL)('two processes, one Postgres, one NATS', () => {
  const children: ChildProcess[] = [];
  let database: TestDatabaseUrl;
  const urls: string[] = [];
  const secrets = { META_APP_SECRET: `meta-${randomBytes(12).toString('hex')}` };

  beforeAll(async () => {
    database = await createTestDatabaseUrl(process.env.DATABASE_URL as string);
    const prefix = `xp${randomBytes(4).toString('hex')}`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-xp-'));
    // Both start at once: migrations and the first admin must survive the race.
    await Promise.all(
      [0, 1].map(async () => {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        let output = '';
        const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            NODE_ENV: 'test',
            PORT: String(port),
            HOST: '127.0.0.1',
            PUBLIC_URL: url,
            DATA_DIR: dataDir,
            DATABASE_URL: database.url,
            NATS_URL: process.env.NATS_URL,
            AGORA_NATS_PREFIX: prefix,
            AGORA_FAKE_PLATFORMS_PORT: '0',
            AGORA_SIMULATOR: 'off',
            AGORA_DEMO_SEED: 'off',
            AGORA_ADMIN_EMAIL: TEST_ADMIN.email,
            AGORA_ADMIN_PASSWORD: TEST_ADMIN.password,
            AGORA_SESSION_SECRET: 'cross-process-session-secret',
            META_VERIFY_TOKEN: 'cross-process-verify-token',
            META_PAGE_ACCESS_TOKEN: 'cross-process-page-token',
            X_CONSUMER_SECRET: 'cross-process-x-consumer-secret',
            X_ACCESS_TOKEN_SECRET: 'cross-process-x-token-secret',
            LOG_LEVEL: 'warn',
            ...secrets,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout?.on('data', (d) => (output += d));
        child.stderr?.on('data', (d) => (output += d));
        children.push(child);
        await waitHealthy(url, child, () => output);
        urls.push(url);
      }),
    );
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    await database?.drop();
  });

  it('pushes a message ingested by one process to a WebSocket client of the other', async () => {
    const [first, second] = urls as [string, string];
    const health = (await (await fetch(`${second}/healthz`)).json()) as { bus: string };
    expect(health.bus).toBe('nats:ok');
    const admin = await signInOverHttp(second, TEST_ADMIN.email, TEST_ADMIN.password);
    const socket = await admin.openSocket();
    await socket.waitFor((f) => f.type === 'ready');

    const { mid, body } = messengerDelivery({ pageId: '104857600000001', text: 'Bonjour, virement bloqué ?' });
    expect((await postSigned(first, 'meta', JSON.stringify(body), secrets.META_APP_SECRET)).status).toBe(200);

    const frame = await socket.waitFor((f) => f.type === 'event' && f.event.type === 'message.created', 30_000);
    socket.close();
    const list = await admin.request<{ items: { id: string }[] }>('GET', '/api/conversations');
    expect(frame.type === 'event' && list.body.items.map((i) => i.id)).toContain(frame.type === 'event' ? frame.event.conversationId : '');
    const detail = await admin.request<{ messages: { body: string }[] }>(
      'GET',
      `/api/conversations/${frame.type === 'event' ? frame.event.conversationId : ''}`,
    );
    expect(detail.body.messages.map((m) => m.body)).toContain('Bonjour, virement bloqué ?');
    expect(mid).toBeTruthy();
  });
});
