import type { ConversationDetail } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser } from '../../modules/staff/staff.service.ts';
import { postSigned, xDmDelivery } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';

const PASSWORD = 'mot-de-passe-du-test-42';

/** Bounded wait for something that happens asynchronously (stream connection, delivery). */
async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`jamais atteint : ${what}`);
}

describe.each(agoraTargets())('X through a running Agora on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    const socialCare = teams.filter((t) => t.kind === 'social_care').map((t) => t.id);
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: socialCare,
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
  });
  afterAll(async () => agora?.stop());

  const conversationOf = (threadKey: string, channel: 'x' | 'x_dm') =>
    until(async () => {
      await agora.drain();
      return (
        agora.deps.database.db
          .selectFrom('conversations')
          .select(['id'])
          .where('channel', '=', channel)
          // Public threads are kept per author by ingest (`<thread>#<author>`).
          .where((eb) => eb.or([eb('thread_key', '=', threadKey), eb('thread_key', 'like', `${threadKey}#%`)]))
          .executeTakeFirst()
      );
    }, `conversation ${threadKey}`);
  const statusOf = async (conversationId: string, messageId: string) => {
    const { body } = await cm.request<ConversationDetail>('GET', `/api/conversations/${conversationId}`);
    return body.messages.find((m) => m.id === messageId)!.deliveryStatus;
  };
  /** Replies, waits for 'sent', then replays a crash between X's answer and our commit. */
  const replyThenCrash = async (conversationId: string, body: string, mode: 'public' | 'private') => {
    const sent = await cm.request<{ id: string }>('POST', `/api/conversations/${conversationId}/replies`, { body, mode });
    expect(sent.status).toBe(202);
    await until(async () => (await statusOf(conversationId, sent.body.id)) === 'sent', 'réponse envoyée');
    await agora.deps.database.db
      .updateTable('messages')
      .set({ delivery_status: 'retrying', delivery_in_flight: true, next_attempt_at: new Date() })
      .where('id', '=', sent.body.id)
      .execute();
    agora.deps.wakeDelivery();
    await agora.drain();
    await until(async () => (await statusOf(conversationId, sent.body.id)) === 'sent', 'réponse retrouvée');
  };

  it('keeps a post about the bank from the filtered stream as a mention; "answer" makes it a public conversation, answered once despite a crash', async () => {
    const fake = agora.fakes!.x;
    await until(async () => fake.connectedStreams() > 0, 'stream connecté');
    expect(fake.streamRules.map((r) => r.value)).toContain(`"Banque Exemple" -is:retweet -from:${agora.config.X_ACCOUNT_ID}`);
    const id = `18${Date.now()}`;
    fake.emit({
      data: { id, text: 'Trois jours que la Banque Exemple bloque ma carte', author_id: '4242', conversation_id: id },
      includes: { users: [{ id: '4242', name: 'Chloé B.', username: 'chloe_b' }] },
    });
    // Not addressed to the bank: listening keeps it (the default brand query), the inbox does not.
    const mention = await until(async () => {
      await agora.drain();
      const { body } = await cm.request<{ items: { id: string; source: string; conversationId: string | null; body: string }[] }>(
        'GET',
        '/api/listening/mentions',
      );
      return body.items.find((m) => m.body.includes('bloque ma carte'));
    }, 'mention du stream');
    expect(mention.source).toBe('x_stream');
    expect(mention.conversationId).toBeNull();
    const none = await agora.deps.database.db.selectFrom('messages').select(['id']).where('platform_message_id', '=', id).execute();
    expect(none).toHaveLength(0);
    const answered = await cm.request<{ conversationId: string | null }>('POST', `/api/listening/mentions/${mention.id}/conversation`, {});
    expect([200, 202]).toContain(answered.status);
    const conversation = await conversationOf(id, 'x');
    // The composer may sign public replies ("— Inès"): posts are matched on their start.
    const text = 'Bonjour Chloé, écrivez-nous en message privé pour débloquer votre carte.';
    await replyThenCrash(conversation.id, text, 'public');
    expect(fake.posts.filter((p) => p.text.startsWith(text) && p.inReplyToTweetId === id)).toHaveLength(1);
    // The mention now points at its conversation and counts as answered.
    await until(async () => {
      await agora.drain();
      const { body } = await cm.request<{ conversationId: string | null; answeredAt: string | null }>(
        'GET',
        `/api/listening/mentions/${mention.id}`,
      );
      return body.conversationId === conversation.id && body.answeredAt !== null;
    }, 'mention répondue');
  });

  it('answers a DM once despite a crash between the platform call and the commit', async () => {
    const delivery = xDmDelivery({ accountId: agora.config.X_ACCOUNT_ID, text: 'Bonjour, mon virement est bloqué' });
    const { status } = await postSigned(agora.url, 'x', JSON.stringify(delivery.body), agora.config.X_CONSUMER_SECRET);
    expect(status).toBe(200);
    const conversation = await conversationOf(delivery.senderId, 'x_dm');
    const text = 'Nous regardons votre virement, un conseiller vous répond dans l’heure.';
    await replyThenCrash(conversation.id, text, 'private');
    expect(agora.fakes!.x.posts.filter((p) => p.kind === 'dm' && p.text.startsWith(text))).toHaveLength(1);
  });
});
