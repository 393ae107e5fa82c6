import type { ConversationDetail, ConversationListItem, Message } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messengerDelivery, pageCommentDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { createStaffUser } from '../staff/staff.service.ts';

type List = { items: ConversationListItem[]; nextCursor: string | null };
type Failure = { error: { code: string; message: string } };
const PASSWORD = 'mot-de-passe-du-test-42';

describe.each(agoraTargets())('comment moderation on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;
  let otherTeamAgent: StaffClient;
  let advisor: StaffClient;

  const receive = async (body: unknown, search: string) => {
    const { status } = await postSigned(agora.url, 'meta', JSON.stringify(body), agora.config.META_APP_SECRET);
    expect(status).toBe(200);
    await agora.drain();
    const list = await cm.request<List>('GET', `/api/conversations?search=${encodeURIComponent(search)}`);
    const conversation = list.body.items[0];
    if (!conversation) throw new Error(`no conversation for ${search}`);
    const detail = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversation.id}`);
    const message = detail.body.messages.find((m) => m.direction === 'inbound');
    if (!message) throw new Error('no inbound message');
    return { conversationId: conversation.id, message };
  };
  const moderate = <T>(client: StaffClient, conversationId: string, messageId: string, action: string) =>
    client.request<T>('POST', `/api/conversations/${conversationId}/messages/${messageId}/moderation`, { action });
  const messageOf = async (conversationId: string, messageId: string): Promise<Message | undefined> =>
    (await cm.request<ConversationDetail>('GET', `/api/conversations/${conversationId}`)).body.messages.find((m) => m.id === messageId);

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    const socialCare = teams.find((t) => t.kind === 'social_care')!.id;
    const advisors = teams.find((t) => t.kind === 'advisors')!.id;
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [socialCare],
      password: PASSWORD,
    });
    await createStaffUser(agora.deps, {
      email: 'agent@test.fr',
      displayName: 'Paul Morel',
      firstName: 'Paul',
      role: 'agent',
      teamIds: [advisors],
      password: PASSWORD,
    });
    await createStaffUser(agora.deps, {
      email: 'conseiller@test.fr',
      displayName: 'Marc Lefèvre',
      firstName: 'Marc',
      role: 'advisor',
      teamIds: [socialCare],
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
    otherTeamAgent = await signInOverHttp(agora.url, 'agent@test.fr', PASSWORD);
    advisor = await signInOverHttp(agora.url, 'conseiller@test.fr', PASSWORD);
  });
  afterAll(async () => agora?.stop());
  beforeEach(() => agora.fakes?.meta.reset());

  it('hides a Facebook comment on the platform, marks it hidden, audits it, and shows it again', async () => {
    const delivery = pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Arnaque totale cette banque moderationun' });
    const { conversationId, message } = await receive(delivery.body, 'moderationun');
    expect(message.hiddenAt).toBeNull();

    const hidden = await moderate<{ id: string; hiddenAt: string | null }>(cm, conversationId, message.id, 'hide');
    expect(hidden.status).toBe(200);
    expect(hidden.body.hiddenAt).not.toBeNull();
    expect(agora.fakes?.meta.moderations).toEqual([
      expect.objectContaining({ commentId: delivery.commentId, field: 'is_hidden', hidden: true }),
    ]);
    const stored = await messageOf(conversationId, message.id);
    expect(stored?.hiddenAt).toBe(hidden.body.hiddenAt);
    // Hidden, never erased: the text stays in the archive.
    expect(stored?.body).toContain('Arnaque totale');
    const audit = await agora.deps.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', 'like', 'message.%')
      .execute();
    expect(audit).toEqual([{ action: 'message.hidden', target_id: message.id }]);

    const shown = await moderate<{ hiddenAt: string | null }>(cm, conversationId, message.id, 'unhide');
    expect(shown.status).toBe(200);
    expect(shown.body.hiddenAt).toBeNull();
    expect((await messageOf(conversationId, message.id))?.hiddenAt).toBeNull();
    expect(agora.fakes?.meta.moderations.map((m) => m.hidden)).toEqual([true, false]);
  });

  it('answers 404 to a user who cannot see the conversation, 403 to a role that may not moderate', async () => {
    const { conversationId, message } = await receive(
      pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Question moderationdeux' }).body,
      'moderationdeux',
    );
    const hidden = await moderate<Failure>(otherTeamAgent, conversationId, message.id, 'hide');
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('conversation_not_found');
    const forbidden = await moderate<Failure>(advisor, conversationId, message.id, 'hide');
    expect(forbidden.status).toBe(403);
    expect(agora.fakes?.meta.moderations).toEqual([]);
    expect((await messageOf(conversationId, message.id))?.hiddenAt).toBeNull();
  });

  it('refuses a private message, an unknown message and a bad action', async () => {
    const dm = await receive(
      messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Bonjour moderationtrois' }).body,
      'moderationtrois',
    );
    const refused = await moderate<Failure>(cm, dm.conversationId, dm.message.id, 'hide');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('message_not_moderatable');
    expect((await moderate<Failure>(cm, dm.conversationId, '00000000-0000-4000-8000-000000000000', 'hide')).status).toBe(404);
    expect((await moderate<Failure>(cm, dm.conversationId, dm.message.id, 'delete')).status).toBe(400);
    expect(agora.fakes?.meta.moderations).toEqual([]);
  });

  it('marks nothing when the platform fails, and says to retry', async () => {
    const { conversationId, message } = await receive(
      pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Encore moderationquatre' }).body,
      'moderationquatre',
    );
    agora.fakes?.meta.failNext(1, { status: 503 }, { method: 'POST', path: /^\/[^/]+$/ });
    const failed = await moderate<Failure>(cm, conversationId, message.id, 'hide');
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toMatch(/réessayez/);
    expect((await messageOf(conversationId, message.id))?.hiddenAt).toBeNull();
  });
});
