import type { ConversationDetail, ConversationListItem, Message } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStaffUser } from '../../modules/staff/staff.service.ts';
import { messengerDelivery, pageCommentDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';

type List = { items: ConversationListItem[]; nextCursor: string | null };
const PASSWORD = 'mot-de-passe-du-test-42';

/** Facebook and Messenger through a whole Agora: platform-side changes, and a crash between send and commit. */
describe.each(agoraTargets())('Meta through Agora on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;

  const meta = () => {
    if (!agora.fakes) throw new Error('the test Agora runs the fakes');
    return agora.fakes.meta;
  };
  const post = async (body: unknown) => {
    const { status } = await postSigned(agora.url, 'meta', JSON.stringify(body), agora.config.META_APP_SECRET);
    expect(status).toBe(200);
    await agora.drain();
  };
  const conversationOf = async (search: string) => {
    const list = await cm.request<List>('GET', `/api/conversations?search=${encodeURIComponent(search)}`);
    const id = list.body.items[0]?.id;
    if (!id) throw new Error(`no conversation for ${search}`);
    return (await cm.request<ConversationDetail>('GET', `/api/conversations/${id}`)).body;
  };
  const feedChange = (commentId: string, postId: string, verb: string, message?: string) => ({
    object: 'page',
    entry: [
      {
        id: agora.config.META_PAGE_ID,
        time: Math.floor(Date.now() / 1000) + Math.floor(Math.random() * 1000),
        changes: [
          {
            field: 'feed',
            value: {
              item: 'comment',
              verb,
              post_id: postId,
              comment_id: commentId,
              created_time: Math.floor(Date.now() / 1000),
              ...(message ? { message } : {}),
            },
          },
        ],
      },
    ],
  });

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    const socialCare = teams.find((t) => t.kind === 'social_care')?.id ?? '';
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [socialCare],
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
  });
  afterAll(async () => agora?.stop());
  beforeEach(() => meta().reset());

  it('keeps a comment’s edit history, then marks it hidden, shown again and deleted, never erasing it', async () => {
    const delivery = pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Ma carte cheminun est bloquée' });
    await post(delivery.body);
    const inbound = () => conversationOf('cheminun').then((c) => c.messages.find((m) => m.direction === 'inbound') as Message);

    await post(feedChange(delivery.commentId, delivery.postId, 'edited', 'Ma carte cheminun est bloquée depuis hier'));
    expect(await inbound()).toMatchObject({
      body: 'Ma carte cheminun est bloquée depuis hier',
      editedAt: expect.any(String),
      hiddenAt: null,
      deletedAt: null,
    });
    const history = await agora.deps.database.db
      .selectFrom('messages')
      .select(['edit_history'])
      .where('platform_message_id', '=', delivery.commentId)
      .executeTakeFirstOrThrow();
    expect(history.edit_history).toEqual([expect.objectContaining({ body: 'Ma carte cheminun est bloquée' })]);

    await post(feedChange(delivery.commentId, delivery.postId, 'hide'));
    expect((await inbound()).hiddenAt).not.toBeNull();
    await post(feedChange(delivery.commentId, delivery.postId, 'unhide'));
    expect((await inbound()).hiddenAt).toBeNull();
    await post(feedChange(delivery.commentId, delivery.postId, 'remove'));
    expect(await inbound()).toMatchObject({ deletedAt: expect.any(String), body: 'Ma carte cheminun est bloquée depuis hier' });
  });

  const crashAndRetry = async (messageId: string) => {
    // The process died after Graph accepted the reply and before our commit: the outcome was never written.
    await agora.deps.database.db
      .updateTable('messages')
      .set({ delivery_status: 'retrying', delivery_in_flight: true, next_attempt_at: new Date(), platform_message_id: null })
      .where('id', '=', messageId)
      .execute();
    agora.deps.wakeDelivery();
    await agora.drain();
  };
  // Other automatic messages (acknowledgements) may go out too: count only ours.
  const postsOf = (text: string) => meta().posts.filter((p) => p.text.startsWith(text));
  const stored = (messageId: string) =>
    agora.deps.database.db
      .selectFrom('messages')
      .select(['delivery_status', 'platform_message_id', 'delivery_in_flight'])
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();

  it('never posts a Messenger reply twice after a crash between send and commit', async () => {
    await post(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Bonjour cheminde, mon virement ?' }).body);
    const conversation = await conversationOf('cheminde');
    const text = 'Bonjour, nous regardons votre virement.';
    const reply = await cm.request<Message>('POST', `/api/conversations/${conversation.id}/replies`, { body: text, mode: 'private' });
    expect(reply.status).toBe(202);
    await agora.drain();
    expect(postsOf(text)).toHaveLength(1);
    const first = await stored(reply.body.id);
    expect(first).toMatchObject({ delivery_status: 'sent', platform_message_id: postsOf(text)[0]?.id });

    await crashAndRetry(reply.body.id);
    expect(postsOf(text)).toHaveLength(1);
    expect(await stored(reply.body.id)).toEqual({
      delivery_status: 'sent',
      platform_message_id: first.platform_message_id,
      delivery_in_flight: false,
    });
  });

  it('never posts a public comment reply twice after a crash between send and commit', async () => {
    await post(pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Question chemintrois sur les frais' }).body);
    const conversation = await conversationOf('chemintrois');
    const text = 'Bonjour, les frais sont détaillés en agence.';
    const reply = await cm.request<Message>('POST', `/api/conversations/${conversation.id}/replies`, { body: text, mode: 'public' });
    await agora.drain();
    expect(postsOf(text)).toEqual([expect.objectContaining({ kind: 'comment' })]);
    const first = await stored(reply.body.id);
    expect(first).toMatchObject({ delivery_status: 'sent', platform_message_id: postsOf(text)[0]?.id });

    await crashAndRetry(reply.body.id);
    expect(postsOf(text)).toHaveLength(1);
    expect(await stored(reply.body.id)).toMatchObject({ delivery_status: 'sent', platform_message_id: first.platform_message_id });
  });

  it('posts the reply when the crash happened before Graph received it', async () => {
    await post(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Bonjour chemincatre' }).body);
    const conversation = await conversationOf('chemincatre');
    const text = 'Bonjour, je vous réponds.';
    const reply = await cm.request<Message>('POST', `/api/conversations/${conversation.id}/replies`, { body: text, mode: 'private' });
    await agora.drain();
    // The platform never got it (its log is empty): the retry must post it once.
    meta().reset();
    await crashAndRetry(reply.body.id);
    expect(postsOf(text)).toHaveLength(1);
    expect(await stored(reply.body.id)).toMatchObject({ delivery_status: 'sent', platform_message_id: postsOf(text)[0]?.id });
  });

  it('answers 25 hours after a Messenger message with the HUMAN_AGENT tag, and the composer says so', async () => {
    const lastWrote = Date.now() - 25 * 3600_000;
    const delivery = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Bonjour chemincinq, ma carte', timestamp: lastWrote });
    meta().setLastInbound(delivery.psid, new Date(lastWrote));
    await post(delivery.body);
    const conversation = await conversationOf('chemincinq');
    expect(conversation.reply).toMatchObject({ modes: ['private'], notice: expect.stringContaining('HUMAN_AGENT') });
    const text = 'Bonjour, désolés du délai : votre carte est réactivée.';
    const reply = await cm.request<Message>('POST', `/api/conversations/${conversation.id}/replies`, { body: text, mode: 'private' });
    expect(reply.status).toBe(202);
    await agora.drain();
    expect(postsOf(text)).toEqual([expect.objectContaining({ tag: 'HUMAN_AGENT', recipient: { id: delivery.psid } })]);
    expect(await stored(reply.body.id)).toMatchObject({ delivery_status: 'sent' });
  });

  it('threads an Instagram @mention per media and answers it through the mentions edge', async () => {
    await post({
      object: 'instagram',
      entry: [
        {
          id: agora.config.META_INSTAGRAM_ID,
          time: Math.floor(Date.now() / 1000),
          changes: [{ field: 'mentions', value: { media_id: '17918195224110001', comment_id: '17894227972180001' } }],
        },
      ],
    });
    const list = await cm.request<List>('GET', '/api/conversations?channel=instagram');
    const found = list.body.items.find((c) => c.contact.displayName === 'Mention Instagram');
    expect(found).toBeDefined();
    const text = 'Merci de votre mention, nous vous répondons en message privé.';
    const reply = await cm.request<Message>('POST', `/api/conversations/${found?.id}/replies`, { body: text, mode: 'public' });
    expect(reply.status).toBe(202);
    await agora.drain();
    expect(postsOf(text)).toEqual([expect.objectContaining({ kind: 'mention_reply', nodeId: '17894227972180001' })]);
  });
});
