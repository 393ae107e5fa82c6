import type { ConversationDetail, ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import type { ServerFrame } from '@agora/contracts/events.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { agoraTargets, startTestAgora, TEST_ADMIN, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { LIVE_CHAT_LIMITS } from './live-chat.routes.ts';
import type { VisitorFrame, VisitorMessage } from './live-chat.schema.ts';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e5f0e90000000049454e44ae426082',
  'hex',
);
const PASSWORD = 'mot-de-passe-du-test-42';
type ErrorBody = { error: { code: string; message: string } };

/** A browser on the bank's page: keeps the chat cookie, sends the page's origin. */
function visitorClient(baseUrl: string, origin = new URL(baseUrl).origin, language = 'fr') {
  let cookie: string | null = null;
  const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const isBytes = Buffer.isBuffer(body);
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        origin,
        'accept-language': language,
        ...(cookie ? { cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': isBytes ? 'application/octet-stream' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : isBytes ? new Uint8Array(body as Buffer) : JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('agora_chat='));
    if (setCookie) cookie = setCookie.split(';')[0]!;
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      setCookie,
      body: (contentType.includes('json') && text ? JSON.parse(text) : text) as T,
    };
  };
  return {
    request,
    get cookie() {
      return cookie;
    },
    async start() {
      const session = await request<{ visitorId: string; open: boolean; messages: VisitorMessage[] }>('POST', '/chat/api/session', {});
      return session.body;
    },
    openSocket() {
      const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/chat/api/ws`, { headers: { origin, ...(cookie ? { cookie } : {}) } });
      const frames: VisitorFrame[] = [];
      ws.on('message', (data) => frames.push(JSON.parse(String(data)) as VisitorFrame));
      const waitFor = async (predicate: (f: VisitorFrame) => boolean) => {
        for (let i = 0; i < 300; i++) {
          const hit = frames.find(predicate);
          if (hit) return hit;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`no matching frame; got ${JSON.stringify(frames)}`);
      };
      return { ws, frames, waitFor, ready: waitFor((f) => f.type === 'ready') };
    },
  };
}

describe.each(agoraTargets())('live chat on $name', ({ name }) => {
  let agora: TestAgora;
  let admin: StaffClient;
  let advisor: StaffClient;

  const conversationOfVisitor = async (visitorId: string) => {
    await agora.drain();
    return agora.deps.database.db
      .selectFrom('conversations')
      .select(['id'])
      .where('thread_key', '=', visitorId)
      .where('channel', '=', 'live_chat')
      .executeTakeFirstOrThrow();
  };
  const introduce = async (client: ReturnType<typeof visitorClient>, who = 'Camille Martin') => {
    const { status } = await client.request('PUT', '/chat/api/prechat', { name: who, email: 'camille@example.org', topic: 'card' });
    expect(status).toBe(204);
  };

  beforeAll(async () => {
    // Never open: the offline form is what the visitor gets; the live path works all the same.
    agora = await startTestAgora({
      database: name,
      env: { LIVE_CHAT_OPENING_HOURS: 'never', LIVE_CHAT_ALLOWED_ORIGINS: 'https://www.banque-exemple.fr' },
    });
    admin = await signInOverHttp(agora.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const advisors = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id'])
      .where('kind', '=', 'advisors')
      .executeTakeFirstOrThrow();
    await createStaffUser(agora.deps, {
      email: 'conseiller@test.fr',
      displayName: 'Marc Lefèvre',
      firstName: 'Marc',
      role: 'advisor',
      teamIds: [advisors.id],
      password: PASSWORD,
    });
    advisor = await signInOverHttp(agora.url, 'conseiller@test.fr', PASSWORD);
  });
  afterAll(async () => agora?.stop());

  it('keeps an anonymous visitor by an httpOnly cookie, and tells the chat is closed', async () => {
    const visitor = visitorClient(agora.url);
    const first = await visitor.request<{
      visitorId: string;
      open: boolean;
      nextOpening: string | null;
      prechat: { enabled: boolean; done: boolean };
    }>('POST', '/chat/api/session', {});
    expect(first.status).toBe(200);
    expect(first.setCookie).toMatch(/HttpOnly/);
    expect(first.setCookie).toMatch(/SameSite=Lax/);
    expect(first.setCookie).toMatch(/Path=\/chat\/api/);
    expect(first.body).toMatchObject({ open: false, nextOpening: null, prechat: { enabled: true, done: false } });
    const again = await visitor.request<{ visitorId: string }>('POST', '/chat/api/session', {});
    expect(again.body.visitorId).toBe(first.body.visitorId);
    const stranger = await visitorClient(agora.url).start();
    expect(stranger.visitorId).not.toBe(first.body.visitorId);
    const noCookie = await fetch(`${agora.url}/chat/api/messages`);
    expect(noCookie.status).toBe(401);
  });

  it('asks for the pre-chat form first, and explains a bad field in the visitor’s language', async () => {
    const visitor = visitorClient(agora.url);
    await visitor.start();
    const early = await visitor.request<ErrorBody>('POST', '/chat/api/messages', { text: 'Bonjour' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('prechat_required');
    const bad = await visitor.request<ErrorBody>('PUT', '/chat/api/prechat', { name: 'Camille', email: 'pas-un-email', topic: 'card' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Le champ « e-mail » est invalide.');
    const english = visitorClient(agora.url, undefined, 'en');
    await english.start();
    const badEn = await english.request<ErrorBody>('PUT', '/chat/api/prechat', { name: 'Sam', email: 'nope', topic: 'card' });
    expect(badEn.body.error.message).toBe('The field “e-mail” is not valid.');
    await introduce(visitor);
    const empty = await visitor.request<ErrorBody>('POST', '/chat/api/messages', { text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('Écrivez un message ou joignez un fichier.');
  });

  it('brings a visitor message to the inbox live, and the agent’s reply back to the visitor live, without notes', async () => {
    const visitor = visitorClient(agora.url);
    const { visitorId } = await visitor.start();
    await introduce(visitor);
    const staffSocket = await admin.openSocket();
    const socket = visitor.openSocket();
    await socket.ready;

    const sent = await visitor.request<{ message: VisitorMessage }>('POST', '/chat/api/messages', {
      text: 'Ma carte est bloquée depuis ce matin',
    });
    expect(sent.status).toBe(202);
    const conversation = await conversationOfVisitor(visitorId);
    await staffSocket.waitFor(
      (f: ServerFrame) => f.type === 'event' && f.event.type === 'message.created' && f.event.conversationId === conversation.id,
    );
    const detail = await admin.request<ConversationDetail>('GET', `/api/conversations/${conversation.id}`);
    expect(detail.body).toMatchObject({ channel: 'live_chat', kind: 'private', reply: { modes: ['private'], maxLength: 5000 } });
    expect(JSON.stringify(detail.body)).toContain('Camille Martin');

    // Visitor typing reaches the staff; agent typing reaches the visitor.
    socket.ws.send(JSON.stringify({ type: 'typing' }));
    await staffSocket.waitFor(
      (f) =>
        f.type === 'event' &&
        f.event.type === 'conversation.typing' &&
        f.event.typing === 'contact' &&
        f.event.conversationId === conversation.id,
    );
    expect((await admin.request('POST', `/api/conversations/${conversation.id}/typing`)).status).toBe(204);
    await socket.waitFor((f) => f.type === 'typing');

    expect(
      (await admin.request('POST', `/api/conversations/${conversation.id}/notes`, { body: 'Note interne : client connu' })).status,
    ).toBe(201);
    expect(
      (
        await admin.request('POST', `/api/conversations/${conversation.id}/replies`, {
          body: 'Bonjour, je regarde votre carte.',
          mode: 'private',
        })
      ).status,
    ).toBe(202);
    // Outside the bank's SLA hours an automatic acknowledgement (no agent name) may come first.
    const pushed = await socket.waitFor((f) => f.type === 'message' && f.message.from === 'agent' && f.message.agentName !== null);
    expect(pushed).toMatchObject({ type: 'message', message: { from: 'agent', text: 'Bonjour, je regarde votre carte.' } });
    await agora.drain();

    const history = await visitor.request<{ messages: VisitorMessage[] }>('GET', '/chat/api/messages');
    const written = history.body.messages.filter((m) => m.from === 'visitor' || m.agentName !== null);
    expect(written.map((m) => [m.from, m.text])).toEqual([
      ['visitor', 'Ma carte est bloquée depuis ce matin'],
      ['agent', 'Bonjour, je regarde votre carte.'],
    ]);
    expect(history.body.messages[0]!.id).toBe(sent.body.message.id);
    expect(JSON.stringify(socket.frames)).not.toContain('Note interne');
    socket.ws.close();
    staffSocket.close();
  });

  it('never lets visitor A read visitor B’s messages, replies or files', async () => {
    const a = visitorClient(agora.url);
    const b = visitorClient(agora.url);
    await a.start();
    const { visitorId: bId } = await b.start();
    await introduce(a, 'Alice');
    await introduce(b, 'Bruno');
    const socketA = a.openSocket();
    await socketA.ready;

    const upload = await b.request<{ id: string; url: string }>('POST', '/chat/api/uploads', PNG, {
      'x-file-name': encodeURIComponent('relevé.png'),
    });
    expect(upload.status).toBe(201);
    expect((await b.request('POST', '/chat/api/messages', { text: 'Voici ma capture', attachments: [upload.body.id] })).status).toBe(202);
    const own = await b.request<string>('GET', upload.body.url);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/png');

    expect((await a.request<ErrorBody>('GET', upload.body.url)).status).toBe(404);
    expect(
      (await a.request<ErrorBody>('POST', '/chat/api/messages', { text: 'je prends son fichier', attachments: [upload.body.id] })).status,
    ).toBe(404);

    const conversationB = await conversationOfVisitor(bId);
    await admin.request('POST', `/api/conversations/${conversationB.id}/replies`, {
      body: 'Réponse pour Bruno seulement',
      mode: 'private',
    });
    await agora.drain();
    const historyA = await a.request<{ messages: VisitorMessage[] }>('GET', '/chat/api/messages');
    expect(JSON.stringify(historyA.body)).not.toMatch(/Bruno|capture/);
    expect(JSON.stringify(socketA.frames)).not.toContain('Bruno');
    socketA.ws.close();

    // Staff: the file opens for who may read the chat, through the staff route only.
    const detail = await admin.request<ConversationDetail>('GET', `/api/conversations/${conversationB.id}`);
    const url = `/api/live-chat/uploads/${upload.body.id}`;
    expect(JSON.stringify(detail.body)).toContain(url);
    const file = await fetch(`${agora.url}${url}`, { headers: { cookie: admin.cookie } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${agora.url}${url}`)).status).toBe(401);
    expect((await advisor.request('GET', url)).status).toBe(404);
    expect((await advisor.request('POST', `/api/conversations/${conversationB.id}/typing`)).status).toBe(404);
  });

  it('refuses files over 5 MB (413) and files that are not images or PDF, whatever their name (415)', async () => {
    const visitor = visitorClient(agora.url);
    await visitor.start();
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await visitor.request<ErrorBody>('POST', '/chat/api/uploads', big, { 'x-file-name': 'photo.png' });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.message).toBe('Fichier trop volumineux : 5 Mo au maximum.');
    const exe = await visitor.request<ErrorBody>('POST', '/chat/api/uploads', Buffer.from('MZ\x90\x00 not a picture'), {
      'x-file-name': 'photo.png',
    });
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('unsupported_type');
    const pdf = await visitor.request<{ name: string; type: string }>('POST', '/chat/api/uploads', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), {
      'x-file-name': 'releve.png',
    });
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({ name: 'releve.pdf', type: 'file' });
  });

  it('turns the offline form into a conversation carrying the e-mail to answer', async () => {
    const visitor = visitorClient(agora.url);
    const { visitorId, open } = await visitor.start();
    expect(open).toBe(false);
    const bad = await visitor.request<ErrorBody>('POST', '/chat/api/offline', { email: 'x', text: 'Rappelez-moi' });
    expect(bad.status).toBe(400);
    const left = await visitor.request('POST', '/chat/api/offline', {
      name: 'Denise',
      email: 'denise@example.org',
      text: 'Pouvez-vous me rappeler demain ?',
    });
    expect(left.status).toBe(202);
    const conversation = await conversationOfVisitor(visitorId);
    const detail = await admin.request<ConversationDetail>('GET', `/api/conversations/${conversation.id}`);
    const text = JSON.stringify(detail.body);
    expect(text).toContain('denise@example.org');
    expect(text).toContain('Pouvez-vous me rappeler demain ?');
    const list = await admin.request<{ items: ConversationListItem[] }>('GET', '/api/conversations?channel=live_chat');
    expect(list.body.items.map((c) => c.id)).toContain(conversation.id);
  });

  it('limits messages per visitor per minute', async () => {
    const visitor = visitorClient(agora.url);
    await visitor.start();
    await introduce(visitor);
    for (let i = 0; i < LIVE_CHAT_LIMITS.messagesPerVisitor; i++)
      expect((await visitor.request('POST', '/chat/api/messages', { text: `message ${i}` })).status).toBe(202);
    const refused = await visitor.request<ErrorBody>('POST', '/chat/api/messages', { text: 'encore un' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.error.message).toBe('Vous écrivez trop vite : patientez un instant.');
    // Another visitor is not affected.
    const other = visitorClient(agora.url);
    await other.start();
    await introduce(other);
    expect((await other.request('POST', '/chat/api/messages', { text: 'bonjour' })).status).toBe(202);
  });

  it('answers CORS only for the bank’s configured origins, and never through the public webhook route', async () => {
    const allowed = visitorClient(agora.url, 'https://www.banque-exemple.fr');
    const session = await allowed.request('POST', '/chat/api/session', {});
    expect(session.status).toBe(200);
    expect(session.headers.get('access-control-allow-origin')).toBe('https://www.banque-exemple.fr');
    expect(session.headers.get('access-control-allow-credentials')).toBe('true');
    const preflight = await fetch(`${agora.url}/chat/api/uploads`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://www.banque-exemple.fr',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-file-name',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-file-name');

    const evil = visitorClient(agora.url, 'https://evil.example');
    const refused = await evil.request<ErrorBody>('POST', '/chat/api/session', {});
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.setCookie).toBeUndefined();

    // Nor may another site open the visitor's socket with the visitor's cookie.
    const visitor = visitorClient(agora.url);
    await visitor.start();
    const wsStatus = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${agora.url.replace(/^http/, 'ws')}/chat/api/ws`, {
        headers: { origin: 'https://evil.example', cookie: visitor.cookie ?? '' },
      });
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
    });
    expect(wsStatus).toBe(403);

    const webhook = await fetch(`${agora.url}/webhooks/live_chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"message"}',
    });
    expect(webhook.status).toBe(401);
  });

  it('serves the widget script to any site, and a demo bank page embedding it', async () => {
    const script = await fetch(`${agora.url}/widget.js`);
    expect([200, 404]).toContain(script.status);
    if (script.status === 200) {
      expect(script.headers.get('content-type')).toContain('javascript');
      expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    }
    const page = await fetch(`${agora.url}/demo/site`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/widget.js" data-agora-chat async></script>');
  });
});
