import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createTestDatabaseUrl,
  startTestAgora,
  TEST_ADMIN,
  type TestAgora,
  type TestDatabaseUrl,
} from '../../platform/testing/test-agora.ts';
import { signInOverHttp } from '../../platform/testing/test-client.ts';
import type { VisitorFrame } from './live-chat.schema.ts';

/**
 * Two Agoras on one Postgres and one NATS, each with its own in-memory state: the visitor's
 * socket is on one, the agent on the other. The reply and the typing indicator can only reach
 * the visitor through the bus.
 */
describe.runIf(process.env.DATABASE_URL && process.env.NATS_URL)('live chat across two processes', () => {
  let database: TestDatabaseUrl;
  let visitorSide: TestAgora;
  let agentSide: TestAgora;

  beforeAll(async () => {
    database = await createTestDatabaseUrl(process.env.DATABASE_URL as string);
    const env = {
      DATABASE_URL: database.url,
      AGORA_NATS_PREFIX: `lc${randomBytes(4).toString('hex')}`,
      LIVE_CHAT_OPENING_HOURS: 'always',
      LIVE_CHAT_PRECHAT: 'off',
    };
    visitorSide = await startTestAgora({ database: 'pglite', nats: true, env });
    agentSide = await startTestAgora({ database: 'pglite', nats: true, env });
  });
  afterAll(async () => {
    await visitorSide?.close();
    await agentSide?.close();
    await database?.drop();
  });

  it('pushes the agent’s typing and reply, made on the other process, to the visitor’s socket', async () => {
    const origin = new URL(visitorSide.url).origin;
    const session = await fetch(`${visitorSide.url}/chat/api/session`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: '{}',
    });
    const cookie = (session.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const { visitorId } = (await session.json()) as { visitorId: string };
    const frames: VisitorFrame[] = [];
    const ws = new WebSocket(`${visitorSide.url.replace(/^http/, 'ws')}/chat/api/ws`, { headers: { origin, cookie } });
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as VisitorFrame));
    const waitFor = async (predicate: (f: VisitorFrame) => boolean) => {
      for (let i = 0; i < 300 && !frames.some(predicate); i++) await new Promise((r) => setTimeout(r, 50));
      return frames.find(predicate);
    };
    expect(await waitFor((f) => f.type === 'ready')).toBeDefined();

    const sent = await fetch(`${visitorSide.url}/chat/api/messages`, {
      method: 'POST',
      headers: { origin, cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Bonjour, une question sur mon prêt' }),
    });
    expect(sent.status).toBe(202);
    await visitorSide.drain();
    const conversation = await agentSide.deps.database.db
      .selectFrom('conversations')
      .select(['id'])
      .where('thread_key', '=', visitorId)
      .executeTakeFirstOrThrow();

    const admin = await signInOverHttp(agentSide.url, TEST_ADMIN.email, TEST_ADMIN.password);
    expect((await admin.request('POST', `/api/conversations/${conversation.id}/typing`)).status).toBe(204);
    expect(await waitFor((f) => f.type === 'typing')).toBeDefined();
    expect(
      (
        await admin.request('POST', `/api/conversations/${conversation.id}/replies`, {
          body: 'Bonjour, je regarde votre prêt.',
          mode: 'private',
        })
      ).status,
    ).toBe(202);
    const reply = await waitFor((f) => f.type === 'message' && f.message.text === 'Bonjour, je regarde votre prêt.');
    expect(reply).toMatchObject({ type: 'message', message: { from: 'agent' } });
    ws.close();
  });
});
