import type { ConversationDetail, ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerDelivery, pageCommentDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { createStaffUser } from '../staff/staff.service.ts';

type List = { items: ConversationListItem[] };
const PASSWORD = 'mot-de-passe-du-test-42';

describe.each(agoraTargets())("the bank's rules on $name", ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;
  let supervisor: StaffClient;

  const comment = async (text: string, fromId?: string) => {
    const d = pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text, ...(fromId ? { fromId } : {}) });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(d.body), agora.config.META_APP_SECRET)).status).toBe(200);
    await agora.drain();
    // The conversation of this very comment (a search could also match our replies elsewhere).
    const row = await agora.deps.database.db
      .selectFrom('messages')
      .select(['conversation_id'])
      .where('platform_message_id', '=', d.commentId)
      .executeTakeFirstOrThrow();
    const { body } = await supervisor.request<ConversationDetail>('GET', `/api/conversations/${row.conversation_id}`);
    return { ...d, conversation: body };
  };
  const metaPosts = (needle: string) => agora.fakes!.meta.posts.filter((p) => JSON.stringify(p).includes(needle));

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const team = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id'])
      .where('kind', '=', 'social_care')
      .executeTakeFirstOrThrow();
    await createStaffUser(agora.deps, {
      email: 'ines@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [team.id],
      password: PASSWORD,
    });
    await createStaffUser(agora.deps, {
      email: 'nadia@test.fr',
      displayName: 'Nadia Benali',
      firstName: 'Nadia',
      role: 'supervisor',
      teamIds: [team.id],
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'ines@test.fr', PASSWORD);
    supervisor = await signInOverHttp(agora.url, 'nadia@test.fr', PASSWORD);
  });
  afterAll(async () => agora?.stop());

  it('blocks a public reply with an IBAN, with the exact reason, and sends nothing', async () => {
    const { conversation } = await comment('Mon virement vers mon compte épargne est bloqué');
    const reply = await cm.request<{ error: { code: string; message: string } }>('POST', `/api/conversations/${conversation.id}/replies`, {
      body: 'Votre IBAN FR76 3000 6000 0112 3456 7890 189 est correct',
      mode: 'public',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('reply_blocked_public_personal_data');
    expect(reply.body.error.message).toContain('FR76 3000 6000 0112 3456 7890 189');
    const { body } = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversation.id}`);
    expect(body.messages.filter((m) => m.body.includes('FR76'))).toEqual([]);
  });

  it('blocks a private message asking for a card number, and signs public answers with the first name', async () => {
    const d = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Ma carte ne passe plus au distributeur' });
    await postSigned(agora.url, 'meta', JSON.stringify(d.body), agora.config.META_APP_SECRET);
    await agora.drain();
    const dm = (await cm.request<List>('GET', '/api/conversations?search=distributeur')).body.items[0]!;
    const asked = await cm.request<{ error: { code: string } }>('POST', `/api/conversations/${dm.id}/replies`, {
      body: 'Pouvez-vous nous donner votre numéro de carte ?',
      mode: 'private',
    });
    expect(asked.body.error.code).toBe('reply_blocked_forbidden_request');

    const { conversation } = await comment('Quels sont vos horaires samedi prochain');
    const sent = await cm.request<{ body: string }>('POST', `/api/conversations/${conversation.id}/replies`, {
      body: 'Bonjour, nos agences ouvrent le samedi de 9 h à 12 h.',
      mode: 'public',
    });
    expect(sent.status).toBe(202);
    expect(sent.body.body).toBe('Bonjour, nos agences ouvrent le samedi de 9 h à 12 h.\n— Inès');
    await agora.drain();
    expect(metaPosts('— Inès')).toHaveLength(1);
  });

  it('does not answer an insult, records why, and reopens when the person asks without insulting', async () => {
    const author = `troll${Date.now()}`;
    const { conversation } = await comment('Bande de connards, rendez moi mon argent', author);
    expect(conversation.status).toBe('resolved');
    expect(conversation.notAnsweredReason).toMatch(/^insulte/);
    const reply = await cm.request<{ error: { code: string } }>('POST', `/api/conversations/${conversation.id}/replies`, {
      body: 'Bonjour',
      mode: 'public',
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('insult_not_answered');

    const again = pageCommentDelivery({
      pageId: agora.config.META_PAGE_ID,
      text: 'Pourquoi mon prélèvement a été rejeté deux fois ?',
      fromId: author,
    });
    again.body.entry[0]!.changes[0]!.value.post_id = (
      await agora.deps.database.db
        .selectFrom('conversations')
        .select(['thread_key'])
        .where('id', '=', conversation.id)
        .executeTakeFirstOrThrow()
    ).thread_key.split('#')[0]!;
    await postSigned(agora.url, 'meta', JSON.stringify(again.body), agora.config.META_APP_SECRET);
    await agora.drain();
    const { body } = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversation.id}`);
    expect(body.status).toBe('open');
    expect(body.notAnsweredReason).toBeNull();
  });

  it('alerts supervisors at once when a rumour arrives', async () => {
    await comment('On dit que la banque va faire faillite, retirez votre argent vite');
    await agora.drain();
    const { body } = await supervisor.request<{ items: { kind: string; text: string }[] }>('GET', '/api/notifications');
    expect(body.items.filter((n) => n.kind === 'rumour').map((n) => n.text)).toEqual([expect.stringContaining('faillite')]);
    const cmNotes = await cm.request<{ items: { kind: string }[] }>('GET', '/api/notifications');
    expect(cmNotes.body.items.filter((n) => n.kind === 'rumour')).toEqual([]);
  });

  it('in crisis mode, holds public replies for a second person: approved goes out, self-approval refused', async () => {
    expect((await supervisor.request('PUT', '/api/settings/rules', { crisisMode: true })).status).toBe(200);
    const { conversation } = await comment('Est-ce vrai que la banque va fermer des agences');
    const sent = await cm.request<{ id: string; deliveryStatus: string | null; approval: { state: string; reason: string } }>(
      'POST',
      `/api/conversations/${conversation.id}/replies`,
      {
        body: 'Bonjour, aucune fermeture n’est prévue dans votre ville.',
        mode: 'public',
      },
    );
    expect(sent.status).toBe(202);
    expect(sent.body.deliveryStatus).toBeNull();
    expect(sent.body.approval).toMatchObject({ state: 'pending', reason: expect.stringMatching(/Mode crise/) });
    await agora.drain();
    expect(metaPosts('aucune fermeture')).toHaveLength(0);

    expect((await cm.request('GET', '/api/approvals')).status).toBe(403);
    const queue = await supervisor.request<{ items: { messageId: string; inboundExcerpt: string }[] }>('GET', '/api/approvals');
    expect(queue.body.items.map((i) => i.messageId)).toContain(sent.body.id);
    // The card shows what the person wrote, not the reply waiting for approval.
    expect(queue.body.items.find((i) => i.messageId === sent.body.id)?.inboundExcerpt).toMatch(/fermer des agences/);
    const own = await supervisor.request<{ body: string; id: string }>('POST', `/api/conversations/${conversation.id}/replies`, {
      body: 'Précision : nos agences restent ouvertes.',
      mode: 'public',
      // Inès answered moments ago: the collision guard asks for confirmation.
      confirm: true,
    });
    expect(own.status).toBe(202);
    expect((await supervisor.request('POST', `/api/approvals/${own.body.id}/approve`, {})).status).toBe(403);

    expect((await supervisor.request('POST', `/api/approvals/${sent.body.id}/approve`, {})).status).toBe(204);
    await agora.drain();
    expect(metaPosts('aucune fermeture')).toHaveLength(1);
    const audit = await agora.deps.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', 'in', ['crisis_mode.on', 'reply.approved'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['crisis_mode.on', 'reply.approved']);
    await supervisor.request('PUT', '/api/settings/rules', { crisisMode: false });
  });
});
