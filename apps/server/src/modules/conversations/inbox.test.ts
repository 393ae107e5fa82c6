import type { ConversationDetail, ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerDelivery, pageCommentDelivery, postSigned, xDmDelivery } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, TEST_ADMIN, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { createStaffUser } from '../staff/staff.service.ts';

type List = { items: ConversationListItem[]; nextCursor: string | null };
const PASSWORD = 'mot-de-passe-du-test-42';

describe.each(agoraTargets())('the inbox on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;
  let advisor: StaffClient;
  let supervisor: StaffClient;
  let socialCareId: string;

  const post = async (platform: 'meta' | 'x', body: unknown) => {
    const secret = platform === 'meta' ? agora.config.META_APP_SECRET : agora.config.X_CONSUMER_SECRET;
    const { status } = await postSigned(agora.url, platform, JSON.stringify(body), secret);
    expect(status).toBe(200);
  };
  const conversationOf = async (client: StaffClient, search: string) => {
    await agora.drain();
    const { body } = await client.request<List>('GET', `/api/conversations?search=${encodeURIComponent(search)}`);
    return body.items;
  };

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const all = await agora.deps.database.db.selectFrom('teams').select(['id', 'kind']).where('bank_id', '=', agora.deps.bankId).execute();
    socialCareId = all.find((t) => t.kind === 'social_care')!.id;
    const advisorsId = all.find((t) => t.kind === 'advisors')!.id;
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [socialCareId],
      password: PASSWORD,
    });
    await createStaffUser(agora.deps, {
      email: 'conseiller@test.fr',
      displayName: 'Marc Lefèvre',
      firstName: 'Marc',
      role: 'advisor',
      teamIds: [advisorsId],
      password: PASSWORD,
    });
    await createStaffUser(agora.deps, {
      email: 'superviseur@test.fr',
      displayName: 'Nadia Benali',
      firstName: 'Nadia',
      role: 'supervisor',
      teamIds: [],
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
    advisor = await signInOverHttp(agora.url, 'conseiller@test.fr', PASSWORD);
    supervisor = await signInOverHttp(agora.url, 'superviseur@test.fr', PASSWORD);
  });
  afterAll(async () => agora?.stop());

  it('finds messages by French full-text search, stemmed and without accents', async () => {
    await post('meta', messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Mon virement de 200 euros est bloqué' }).body);
    await post('x', xDmDelivery({ accountId: agora.config.X_ACCOUNT_ID, text: 'Où faire un dépôt de chèque le samedi ?' }).body);
    const virements = await conversationOf(cm, 'virements');
    expect(virements.map((c) => c.excerpt)).toContain('Mon virement de 200 euros est bloqué');
    const depot = await conversationOf(cm, 'depot');
    expect(depot.map((c) => c.excerpt)).toContain('Où faire un dépôt de chèque le samedi ?');
    expect(depot.map((c) => c.excerpt)).not.toContain('Mon virement de 200 euros est bloqué');
  });

  it('filters by channel, status and assignee, and pages with a cursor', async () => {
    for (let i = 0; i < 5; i++)
      await post('meta', pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text: `Question numéro ${i} sur les frais` }).body);
    await agora.drain();
    const page1 = await cm.request<List>('GET', '/api/conversations?channel=facebook&limit=3');
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.items.every((c) => c.channel === 'facebook' && c.status === 'open' && c.unread)).toBe(true);
    const page2 = await cm.request<List>('GET', `/api/conversations?channel=facebook&limit=3&cursor=${page1.body.nextCursor}`);
    const ids = [...page1.body.items, ...page2.body.items].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(5);

    const first = page1.body.items[0]!;
    const me = await cm.request<{ id: string }>('GET', '/api/auth/me');
    const assigned = await cm.request<ConversationListItem>('PATCH', `/api/conversations/${first.id}`, {
      assigneeId: me.body.id,
      status: 'pending',
    });
    expect(assigned.status).toBe(200);
    const mine = await cm.request<List>('GET', '/api/conversations?assignee=me');
    expect(mine.body.items.map((c) => c.id)).toEqual([first.id]);
    const pending = await cm.request<List>('GET', '/api/conversations?status=pending');
    expect(pending.body.items.map((c) => c.id)).toEqual([first.id]);
    const unassigned = await cm.request<List>('GET', '/api/conversations?assignee=unassigned');
    expect(unassigned.body.items.map((c) => c.id)).not.toContain(first.id);
    const bad = await cm.request<{ error: { code: string; message: string } }>('GET', '/api/conversations?status=archived');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/status/);
  });

  it('keeps other teams out: an advisor neither lists, reads nor receives a social-care conversation', async () => {
    const socket = await advisor.openSocket();
    const supervisorSocket = await supervisor.openSocket();
    await socket.waitFor((f) => f.type === 'ready');
    await supervisorSocket.waitFor((f) => f.type === 'ready');
    await post('meta', messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Conversation réservée au service client' }).body);
    const frame = await supervisorSocket.waitFor((f) => f.type === 'event' && f.event.type === 'message.created');
    const conversationId = frame.type === 'event' ? frame.event.conversationId : '';
    expect(frame.type === 'event' && frame.event.teamId).toBe(socialCareId);

    const read = await advisor.request('GET', `/api/conversations/${conversationId}`);
    expect(read.status).toBe(404);
    const reply = await advisor.request('POST', `/api/conversations/${conversationId}/replies`, { body: 'Bonjour', mode: 'private' });
    expect(reply.status).toBe(404);
    const list = await advisor.request<List>('GET', '/api/conversations');
    expect(list.body.items.map((c) => c.id)).not.toContain(conversationId);
    // The supervisor's frame came first; the advisor's socket must still have nothing for it.
    await agora.drain();
    expect(socket.frames.filter((f) => f.type === 'event' && f.event.conversationId === conversationId)).toEqual([]);
    socket.close();
    supervisorSocket.close();
  });

  it('pushes every message of a burst once, each in a frame of its own', async () => {
    const socket = await supervisor.openSocket();
    await socket.waitFor((f) => f.type === 'ready');
    const burst = Array.from({ length: 30 }, (_, i) =>
      messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: `Rafale en direct ${i}` }),
    );
    await Promise.all(burst.map((d) => post('meta', d.body)));
    await agora.drain();
    const rows = await agora.deps.database.db
      .selectFrom('messages')
      .select('id')
      .where(
        'platform_message_id',
        'in',
        burst.map((d) => d.mid),
      )
      .execute();
    expect(rows).toHaveLength(burst.length);
    const ids = new Set(rows.map((r) => r.id));
    const created = () =>
      socket.frames.filter((f) => f.type === 'event' && f.event.type === 'message.created' && ids.has(f.event.messageId ?? ''));
    await expect.poll(() => created().length).toBe(burst.length);
    expect(new Set(created().map((f) => (f.type === 'event' ? f.event.messageId : null)))).toEqual(ids);
    socket.close();
  });

  it('retries a reply the platform rate-limits and ends "sent", posted once', async () => {
    const delivery = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Pouvez-vous me rappeler ?' });
    await post('meta', delivery.body);
    const [conversation] = await conversationOf(cm, 'rappeler');
    agora.fakes!.meta.reset();
    agora.fakes!.meta.failNext(1, { status: 429, retryAfterSeconds: 1 });

    const socket = await cm.openSocket();
    const sent = await cm.request<{ id: string; deliveryStatus: string }>('POST', `/api/conversations/${conversation!.id}/replies`, {
      body: 'Bonjour, un conseiller vous rappelle demain.',
      mode: 'private',
    });
    expect(sent.status).toBe(202);
    expect(sent.body.deliveryStatus).toBe('sending');

    await socket.waitFor((f) => f.type === 'event' && f.event.type === 'message.updated' && f.event.messageId === sent.body.id);
    for (let i = 0; i < 100; i++) {
      const { body } = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversation!.id}`);
      const message = body.messages.find((m) => m.id === sent.body.id)!;
      if (message.deliveryStatus === 'sent') break;
      expect(['sending', 'retrying']).toContain(message.deliveryStatus);
      await new Promise((r) => setTimeout(r, 200));
    }
    const { body } = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversation!.id}`);
    const message = body.messages.find((m) => m.id === sent.body.id)!;
    expect(message.deliveryStatus).toBe('sent');
    expect(message.deliveryAttempts).toBe(2);
    expect(agora.fakes!.meta.posts.filter((p) => JSON.stringify(p).includes('un conseiller vous rappelle'))).toHaveLength(1);
    socket.close();
  });

  it('stores the reading of each message, masks personal data in excerpts and filters on it', async () => {
    const text = "On m'a volé ma carte, mon IBAN FR76 3000 6000 0112 3456 7890 189 est-il en danger ?";
    await post('meta', messengerDelivery({ pageId: agora.config.META_PAGE_ID, text }).body);
    const [conversation] = await conversationOf(cm, 'danger');
    expect(conversation!.excerpt).not.toContain('3000 6000');
    expect(conversation!.excerpt).toContain('masqué');
    expect(conversation!.signals).toMatchObject({ sentiment: 'negative', insult: false });
    expect(['high', 'critical']).toContain(conversation!.signals.urgency);

    const { body } = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversation!.id}`);
    const analysis = body.messages[0]!.analysis!;
    expect(analysis.language).toBe('fr');
    expect(analysis.pii).toEqual([{ type: 'iban', start: text.indexOf('FR76'), end: text.indexOf(' est-il') }]);
    expect(body.messages[0]!.body).toBe(text);

    const urgent = await cm.request<List>('GET', `/api/conversations?urgency=${conversation!.signals.urgency}`);
    expect(urgent.body.items.map((c) => c.id)).toContain(conversation!.id);
    const positive = await cm.request<List>('GET', '/api/conversations?sentiment=positive');
    expect(positive.body.items.map((c) => c.id)).not.toContain(conversation!.id);

    const check = await cm.request<{ pii: { type: string }[]; warnings: string[] }>('POST', '/api/replies/check', {
      body: 'Votre IBAN FR76 3000 6000 0112 3456 7890 189 est bon',
      mode: 'public',
    });
    expect(check.body.pii.map((p) => p.type)).toEqual(['iban']);
    expect(check.body.warnings[0]).toMatch(/IBAN/);
    const clean = await cm.request<{ warnings: string[] }>('POST', '/api/replies/check', {
      body: 'Bonjour, nous vous répondons en privé.',
      mode: 'public',
    });
    expect(clean.body.warnings).toEqual([]);
  });

  it('ends a deactivated account at once: its socket closes and its cookie no longer works', async () => {
    const admin = await signInOverHttp(agora.url, TEST_ADMIN.email, TEST_ADMIN.password);
    await createStaffUser(agora.deps, {
      email: 'depart@test.fr',
      displayName: 'Paul Départ',
      firstName: 'Paul',
      role: 'agent',
      teamIds: [socialCareId],
      password: PASSWORD,
    });
    const leaving = await signInOverHttp(agora.url, 'depart@test.fr', PASSWORD);
    const socket = await leaving.openSocket();
    await socket.waitFor((f) => f.type === 'ready');
    const { id } = (await leaving.request<{ id: string }>('GET', '/api/auth/me')).body;
    const deactivated = await admin.request('PATCH', `/api/admin/users/${id}`, { active: false });
    expect(deactivated.status).toBe(200);
    expect(await socket.closed).toBe(4401);
    expect((await leaving.request('GET', '/api/conversations')).status).toBe(401);
  });

  it('records notes, status changes and replies in the audit log', async () => {
    await post('x', xDmDelivery({ accountId: agora.config.X_ACCOUNT_ID, text: 'Merci pour votre aide sur mon prêt' }).body);
    const [conversation] = await conversationOf(cm, 'prêt');
    const note = await cm.request<{ direction: string; visibility: string }>('POST', `/api/conversations/${conversation!.id}/notes`, {
      body: 'Client satisfait',
    });
    expect(note.body).toMatchObject({ direction: 'note', visibility: 'internal' });
    await cm.request('PATCH', `/api/conversations/${conversation!.id}`, { status: 'resolved' });
    const audit = await supervisor.request('GET', '/api/audit?limit=50');
    expect(audit.status).toBe(403);
    const rows = await agora.deps.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('target_id', '=', conversation!.id)
      .execute();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['conversation.note_added', 'conversation.status_changed']));
  });
});
