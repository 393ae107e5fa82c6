import type {
  AnswerDetail,
  AnswerSuggestionsResponse,
  ConversationExtras,
  Macro,
  NotificationsResponse,
} from '@agora/contracts/answers.schema.ts';
import type { ConversationDetail, ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, TEST_ADMIN, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { seedDemoAnswers } from './answers.seed.ts';
import { withAnswers } from './answers.tables.ts';

const PASSWORD = 'mot-de-passe-du-test-42';
type List = { items: ConversationListItem[] };

describe.each(agoraTargets())('reliable answers on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;
  let compliance: StaffClient;
  let agent: StaffClient;
  let admin: StaffClient;
  let agentId: string;
  let socialCareId: string;

  const answer = (over: Record<string, unknown> = {}) => ({
    title: 'Carte perdue',
    body: 'Bonjour {prenom}, faites opposition. {conseiller}',
    language: 'fr',
    intents: ['lost_or_stolen_card'],
    tags: [],
    ...over,
  });
  /** Writes, submits and has a second person approve and publish an answer. */
  const published = async (over: Record<string, unknown> = {}) => {
    const created = await cm.request<AnswerDetail>('POST', '/api/answers', answer(over));
    expect(created.status).toBe(201);
    await cm.request('POST', `/api/answers/${created.body.id}/submit`);
    expect((await compliance.request('POST', `/api/answers/${created.body.id}/approve`, {})).status).toBe(200);
    const done = await cm.request<AnswerDetail>('POST', `/api/answers/${created.body.id}/publish`);
    expect(done.body.published?.state).toBe('published');
    return done.body;
  };
  /** A Messenger conversation from "Julie Martin" with the given reading. */
  const conversation = async (text: string, reading: { intent?: string; language?: string } = {}) => {
    const d = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(d.body), agora.config.META_APP_SECRET)).status).toBe(200);
    await agora.drain();
    const { body } = await cm.request<List>(
      'GET',
      `/api/conversations?search=${encodeURIComponent(text.split(' ')[0]!)}&channel=messenger`,
    );
    const id = body.items.find((c) => c.excerpt === text)!.id;
    await agora.deps.database.db
      .updateTable('contacts')
      .set({ display_name: 'Julie Martin' })
      .where('id', '=', body.items.find((c) => c.id === id)!.contact.id)
      .execute();
    await agora.deps.database.db
      .updateTable('conversations')
      .set({ intent: reading.intent ?? null, language: reading.language ?? 'fr' })
      .where('id', '=', id)
      .execute();
    return { id, psid: d.psid };
  };
  const audit = (targetId: string) =>
    agora.deps.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'details'])
      .where('target_id', '=', targetId)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    socialCareId = teams.find((t) => t.kind === 'social_care')!.id;
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [socialCareId],
      password: PASSWORD,
    });
    await createStaffUser(agora.deps, {
      email: 'conformite@test.fr',
      displayName: 'Paul Roux',
      firstName: 'Paul',
      role: 'compliance',
      teamIds: [],
      password: PASSWORD,
    });
    const a = await createStaffUser(agora.deps, {
      email: 'agent@test.fr',
      displayName: 'Léa Dubois',
      firstName: 'Léa',
      role: 'agent',
      teamIds: [socialCareId],
      password: PASSWORD,
    });
    agentId = (a as { id: string }).id;
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
    compliance = await signInOverHttp(agora.url, 'conformite@test.fr', PASSWORD);
    agent = await signInOverHttp(agora.url, 'agent@test.fr', PASSWORD);
    admin = await signInOverHttp(agora.url, TEST_ADMIN.email, TEST_ADMIN.password);
  });
  afterAll(async () => agora?.stop());

  it('versions every edit and needs a second person to approve; a new version is approved again', async () => {
    const created = await compliance.request<AnswerDetail>('POST', '/api/answers', answer({ title: 'Frais de tenue de compte' }));
    const id = created.body.id;
    expect(created.body.latest).toMatchObject({ version: 1, state: 'draft' });
    expect((await compliance.request('POST', `/api/answers/${id}/publish`)).status).toBe(409);
    await compliance.request('POST', `/api/answers/${id}/submit`);
    const self = await compliance.request<{ error: { code: string; message: string } }>('POST', `/api/answers/${id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('answer_self_approval');
    expect((await agent.request('POST', `/api/answers/${id}/approve`, {})).status).toBe(403);
    expect((await admin.request('POST', `/api/answers/${id}/approve`, { comment: 'OK' })).status).toBe(200);
    const v1 = await compliance.request<AnswerDetail>('POST', `/api/answers/${id}/publish`);
    expect(v1.body.published).toMatchObject({ version: 1, state: 'published' });

    const edited = await cm.request<AnswerDetail>(
      'PUT',
      `/api/answers/${id}`,
      answer({ title: 'Frais de tenue de compte', body: 'Nouveau texte' }),
    );
    expect(edited.body.latest).toMatchObject({ version: 2, state: 'draft', body: 'Nouveau texte' });
    expect(edited.body.published).toMatchObject({ version: 1, state: 'published' });
    expect(edited.body.versions.map((v) => v.version)).toEqual([2, 1]);
    await cm.request('POST', `/api/answers/${id}/submit`);
    expect((await cm.request('POST', `/api/answers/${id}/publish`)).status).toBe(409);
    expect((await compliance.request('POST', `/api/answers/${id}/approve`, {})).status).toBe(200);
    const v2 = await cm.request<AnswerDetail>('POST', `/api/answers/${id}/publish`);
    expect(v2.body.published).toMatchObject({ version: 2, body: 'Nouveau texte' });
    expect(v2.body.versions.find((v) => v.version === 1)!.state).toBe('superseded');
    expect((await audit(id)).map((r) => r.action)).toEqual([
      'answer.created',
      'answer.submitted',
      'answer.approved',
      'answer.published',
      'answer.edited',
      'answer.submitted',
      'answer.approved',
      'answer.published',
    ]);
  });

  it('suggests only published, valid answers of the channel and language, pinned first, then intent, tags and usage', async () => {
    const { id: conv } = await conversation('Suggestion : ma carte a été volée hier', { intent: 'lost_or_stolen_card' });
    const byIntent = await published({ title: 'S-intent' });
    const byTag = await published({ title: 'S-tag', intents: ['question_savings'], tags: ['carte'] });
    const plain = await published({ title: 'S-plain', intents: ['question_savings'] });
    const pinned = await published({ title: 'S-pinned', intents: [], pinned: true });
    const expired = await published({ title: 'S-expired', validUntil: new Date(Date.now() - 60_000).toISOString() });
    const future = await published({ title: 'S-future', validFrom: new Date(Date.now() + 86_400_000).toISOString() });
    const english = await published({ title: 'S-english', language: 'en' });
    const otherChannel = await published({ title: 'S-x-only', channels: ['x'] });
    const draft = await cm.request<AnswerDetail>('POST', '/api/answers', answer({ title: 'S-draft' }));
    await cm.request('POST', `/api/conversations/${conv}/tags`, { tag: 'Carte' });

    const { body } = await agent.request<AnswerSuggestionsResponse>('GET', `/api/answers/suggestions?conversationId=${conv}`);
    const ids = body.items.map((s) => s.id);
    expect(body.intent).toBe('lost_or_stolen_card');
    for (const hidden of [expired, future, english, otherChannel, draft.body]) expect(ids).not.toContain(hidden.id);
    const order = [pinned.id, byIntent.id, byTag.id, plain.id];
    expect(ids.filter((i) => order.includes(i))).toEqual(order);
    expect(body.items.find((s) => s.id === byIntent.id)).toMatchObject({ intentMatch: true });
    expect(body.items.find((s) => s.id === byTag.id)).toMatchObject({ intentMatch: false, tagMatches: 1 });
  });

  it('fills the variables for the conversation and counts a use when the reply is sent', async () => {
    const { id: conv } = await conversation('Variables : bonjour, une question', { intent: 'lost_or_stolen_card' });
    const a = await published({
      title: 'Espace sécurisé',
      body: 'Bonjour {prenom}, rejoignez votre espace sécurisé : {lien_espace_securise} — {conseiller}',
    });
    const rendered = await agent.request<{ text: string }>('POST', `/api/answers/${a.id}/render`, { conversationId: conv });
    expect(rendered.body.text).toBe(`Bonjour Julie, rejoignez votre espace sécurisé : ${agora.config.publicUrl}/espace-securise — Léa`);

    await agora.deps.database.db
      .updateTable('contacts')
      .set({ display_name: 'julie_du_75' })
      .where(
        'id',
        '=',
        (await agora.deps.database.db.selectFrom('conversations').select('contact_id').where('id', '=', conv).executeTakeFirstOrThrow())
          .contact_id,
      )
      .execute();
    const anonymous = await agent.request<{ text: string }>('POST', `/api/answers/${a.id}/render`, { conversationId: conv });
    expect(anonymous.body.text).toMatch(/^Bonjour, rejoignez/);

    const sent = await agent.request('POST', `/api/conversations/${conv}/replies`, {
      body: anonymous.body.text,
      mode: 'private',
      answerId: a.id,
    });
    expect(sent.status).toBe(202);
    await agent.request('POST', `/api/conversations/${conv}/replies`, { body: 'Sans réponse type', mode: 'private' });
    const after = await cm.request<AnswerDetail>('GET', `/api/answers/${a.id}`);
    expect(after.body.usageCount).toBe(1);

    const expired = await published({ title: 'Expirée', validUntil: new Date(Date.now() - 1000).toISOString() });
    expect((await agent.request('POST', `/api/answers/${expired.id}/render`, { conversationId: conv })).status).toBe(409);
  });

  it('seeds the demo library once, published, with intents of the taxonomy', async () => {
    const first = await seedDemoAnswers(agora.deps.database.db, agora.deps.bankId);
    const again = await seedDemoAnswers(agora.deps.database.db, agora.deps.bankId);
    expect(first).toBeGreaterThanOrEqual(15);
    expect(again).toBe(0);
    const rows = await withAnswers(agora.deps.database.db)
      .selectFrom('answers')
      .select(['published_version'])
      .where('seed_key', 'is not', null)
      .execute();
    expect(rows.every((r) => r.published_version === 1)).toBe(true);
  });

  it('notifies a colleague mentioned in a note, live and only them', async () => {
    const { id: conv } = await conversation('Mention : mon virement est bloqué');
    const socket = await agent.openSocket();
    const other = await compliance.openSocket();
    await cm.request('POST', `/api/conversations/${conv}/notes`, {
      body: 'Peux-tu regarder @lea ? (copie: paul@test.fr sans arobase devant)',
    });
    await agora.drain();
    const frame = await socket.waitFor((f) => f.type === 'event' && f.event.type === 'notification.created');
    expect(frame.type === 'event' && frame.event.userId).toBe(agentId);
    const mine = await agent.request<NotificationsResponse>('GET', '/api/notifications');
    expect(mine.body.unread).toBe(1);
    expect(mine.body.items[0]).toMatchObject({ kind: 'mention', conversationId: conv });
    expect(mine.body.items[0]!.text).toContain('Inès Garnier');
    expect((await compliance.request<NotificationsResponse>('GET', '/api/notifications')).body.unread).toBe(0);
    expect(other.frames.some((f) => f.type === 'event' && f.event.type === 'notification.created')).toBe(false);
    expect((await agent.request('POST', `/api/notifications/${mine.body.items[0]!.id}/read`)).status).toBe(204);
    expect((await agent.request<NotificationsResponse>('GET', '/api/notifications')).body.unread).toBe(0);
    await cm.request('POST', `/api/conversations/${conv}/notes`, { body: 'Et @conformite@test.fr pour avis' });
    await agora.drain();
    expect((await compliance.request<NotificationsResponse>('GET', '/api/notifications')).body.unread).toBe(1);
    socket.close();
    other.close();
  });

  it('applies every action of a macro at once, with audit — or none when one fails', async () => {
    const { id: conv } = await conversation('Macro : question sur le Livret A');
    const advisors = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id'])
      .where('kind', '=', 'advisors')
      .executeTakeFirstOrThrow();
    const temp = await createStaffUser(agora.deps, {
      email: 'temp@test.fr',
      displayName: 'Tom Petit',
      firstName: 'Tom',
      role: 'agent',
      teamIds: [socialCareId],
      password: PASSWORD,
    });
    const bad = await admin.request<Macro>('POST', '/api/macros', {
      name: 'Clôturer et confier',
      actions: [
        { type: 'add_tag', tag: 'repondu' },
        { type: 'set_status', status: 'resolved' },
        { type: 'add_note', body: 'Clôturée par macro' },
        { type: 'assign_user', userId: (temp as { id: string }).id },
      ],
    });
    expect(bad.status).toBe(201);
    expect((await cm.request('POST', '/api/macros', { name: 'x', actions: [{ type: 'set_status', status: 'open' }] })).status).toBe(403);
    await agora.deps.database.db.updateTable('staff_users').set({ active: false }).where('email', '=', 'temp@test.fr').execute();
    const failed = await agent.request<{ error: { code: string; message: string } }>(
      'POST',
      `/api/conversations/${conv}/macros/${bad.body.id}`,
    );
    expect(failed.status).toBe(409);
    expect(failed.body.error.message).toMatch(/n'a rien modifié/);
    const untouched = await agent.request<ConversationDetail>('GET', `/api/conversations/${conv}`);
    expect(untouched.body.status).toBe('open');
    expect(untouched.body.messages.some((m) => m.body === 'Clôturée par macro')).toBe(false);
    expect((await agent.request<ConversationExtras>('GET', `/api/conversations/${conv}/extras`)).body.tags).toEqual([]);
    expect((await audit(conv)).some((r) => r.action === 'conversation.macro_applied')).toBe(false);

    const escalate = await admin.request<Macro>('POST', '/api/macros', {
      name: 'Escalade conformité',
      actions: [
        { type: 'assign_team', teamId: advisors.id },
        { type: 'add_tag', tag: 'conformite' },
        { type: 'add_note', body: 'Escaladée à la conformité' },
      ],
    });
    const ok = await agent.request<{ applied: number }>('POST', `/api/conversations/${conv}/macros/${escalate.body.id}`);
    expect(ok.body.applied).toBe(3);
    const after = await admin.request<ConversationDetail>('GET', `/api/conversations/${conv}`);
    expect(after.body.teamId).toBe(advisors.id);
    expect(after.body.messages.some((m) => m.direction === 'note' && m.body === 'Escaladée à la conformité')).toBe(true);
    expect((await admin.request<ConversationExtras>('GET', `/api/conversations/${conv}/extras`)).body.tags).toEqual(['conformite']);
    const tagged = await admin.request<List>('GET', '/api/conversations?tag=conformite');
    expect(tagged.body.items.map((c) => c.id)).toEqual([conv]);
    const applied = (await audit(conv)).filter((r) => r.action === 'conversation.macro_applied');
    expect(applied).toHaveLength(1);
    expect(applied[0]!.details).toMatchObject({ macro: 'Escalade conformité' });
  });

  it('sends one CSAT survey after resolution where a private message is possible, and records the score', async () => {
    const { id: conv, psid } = await conversation('Enquête : merci pour le virement');
    expect((await agent.request('PATCH', `/api/conversations/${conv}`, { status: 'resolved' })).status).toBe(200);
    await agora.drain();
    // Replayed or repeated resolution events send nothing more.
    await agent.request('PATCH', `/api/conversations/${conv}`, { status: 'pending' });
    await agent.request('PATCH', `/api/conversations/${conv}`, { status: 'resolved' });
    await agora.drain();
    const detail = await agent.request<ConversationDetail>('GET', `/api/conversations/${conv}`);
    const surveys = detail.body.messages.filter((m) => m.body.startsWith('Comment évaluez-vous notre réponse'));
    expect(surveys).toHaveLength(1);
    expect(surveys[0]!.visibility).toBe('private');
    expect((await agent.request<ConversationExtras>('GET', `/api/conversations/${conv}/extras`)).body.csat).toMatchObject({
      state: 'waiting',
      score: null,
    });

    const reply = messengerDelivery({ pageId: agora.config.META_PAGE_ID, psid, text: '4 - rapide et clair, merci' });
    await postSigned(agora.url, 'meta', JSON.stringify(reply.body), agora.config.META_APP_SECRET);
    await agora.drain();
    const extras = await agent.request<ConversationExtras>('GET', `/api/conversations/${conv}/extras`);
    expect(extras.body.csat).toMatchObject({ state: 'answered', score: 4, comment: 'rapide et clair, merci' });
    const final = await agent.request<ConversationDetail>('GET', `/api/conversations/${conv}`);
    expect(final.body.status).toBe('resolved');
    expect(final.body.messages.filter((m) => m.body.startsWith('Comment évaluez-vous')).length).toBe(1);
  });

  it('sends no survey to a conversation that moved to the secure space (resolved by the move, not by an answer)', async () => {
    const { id: conv } = await conversation('Déplacée : je préfère en parler en privé');
    const link = await agent.request<{ url: string }>('POST', `/api/conversations/${conv}/secure-link`, {});
    expect(link.status).toBe(201);
    // As when the client confirms the link in their space (modules/secure-messaging).
    await agora.deps.database.db
      .updateTable('secure_handoff_links')
      .set({ used_at: new Date() })
      .where('conversation_id', '=', conv)
      .execute();
    await agent.request('PATCH', `/api/conversations/${conv}`, { status: 'resolved' });
    await agora.drain();
    expect((await agent.request<ConversationExtras>('GET', `/api/conversations/${conv}/extras`)).body.csat).toBeNull();
  });

  it('sends no survey when the bank turned it off', async () => {
    expect((await agent.request('PUT', '/api/csat/settings', { enabled: false })).status).toBe(403);
    expect((await admin.request('PUT', '/api/csat/settings', { enabled: false })).status).toBe(200);
    const { id: conv } = await conversation('Sans enquête : merci beaucoup');
    await agent.request('PATCH', `/api/conversations/${conv}`, { status: 'resolved' });
    await agora.drain();
    expect((await agent.request<ConversationExtras>('GET', `/api/conversations/${conv}/extras`)).body.csat).toBeNull();
    await admin.request('PUT', '/api/csat/settings', { enabled: true });
  });
});
