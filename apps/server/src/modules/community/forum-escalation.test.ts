import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { signInOverHttp } from '../../platform/testing/test-client.ts';
import { buildActiveClient } from '../../platform/testing/test-clients.ts';
import { findMember, insertMember } from './community-members.ts';
import { saveCommunitySettings } from './community-settings.ts';
import { escalateUnansweredQuestions } from './forum-desk.ts';
import { getTopicView } from './forum-read.ts';
import { createTopic, replyToTopic } from './forum-write.service.ts';

const AGENT = {
  email: 'ines.agent@banque.test',
  password: 'mot de passe agent test',
  displayName: 'Inès Roux',
  firstName: 'Inès',
  role: 'agent' as const,
};

/**
 * One point of entry: a forum question nobody answered within the bank's delay becomes a
 * conversation of the social-care inbox (through ingest: routing, SLA, audit); the agent's answer
 * written there is posted in the topic as "Conseiller officiel".
 */
describe.each(agoraTargets())('unanswered forum question on $name', ({ name }) => {
  let agora: TestAgora;

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    await addStaff(agora, AGENT, 'social_care');
  });
  afterAll(async () => {
    await agora?.stop();
  });

  it('reaches the inbox after the delay, and the answer comes back into the topic', async () => {
    const { deps } = agora;
    await saveCommunitySettings(deps, deps.bankId, { unansweredMinutes: 60 });
    const client = await buildActiveClient(deps.database, deps.bankId, { firstName: 'Sofia', lastName: 'Benali' });
    const inserted = await insertMember(deps.database.db, {
      bankId: deps.bankId,
      kind: 'client',
      clientId: client.clientId,
      pseudonym: 'Primo_accedante',
      email: client.email,
    });
    await deps.database.db.updateTable('community_members').set({ trust_level: 1 }).where('id', '=', inserted.id).execute();
    const member = (await findMember(deps.database.db, deps.bankId, { id: inserted.id }))!;
    const actor = { kind: 'member' as const, member, via: 'client' as const };
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    const { topicId } = await createTopic(
      deps,
      actor,
      {
        categorySlug: 'credit-immobilier',
        title: 'Prêt à taux zéro : suis-je éligible ?',
        body: 'Premier achat à Lyon, revenus modestes : ai-je droit au PTZ ?',
        kind: 'question',
      },
      { now: twoHoursAgo },
    );
    const fresh = await createTopic(deps, actor, {
      categorySlug: 'credit-immobilier',
      title: 'Question posée à l’instant même',
      body: 'Encore dans le délai : rien ne part vers la boîte de réception.',
      kind: 'question',
    });

    expect(await escalateUnansweredQuestions(deps)).toBe(1);
    // A second pass changes nothing (escalated once).
    expect(await escalateUnansweredQuestions(deps)).toBe(0);
    await agora.drain();

    const agent = await signInOverHttp(agora.url, AGENT.email, AGENT.password);
    const inbox = await agent.request<{ items: { id: string; channel: string; excerpt: string }[] }>(
      'GET',
      '/api/conversations?channel=forum',
    );
    expect(inbox.status).toBe(200);
    const forum = inbox.body.items.filter((c) => c.channel === 'forum');
    expect(forum).toHaveLength(1);
    const conversation = forum[0]!;
    const detail = await agent.request<{ contact: { displayName: string }; messages: { body: string }[]; reply: { modes: string[] } }>(
      'GET',
      `/api/conversations/${conversation.id}`,
    );
    // The inbox shows the member's pseudonym, never the client's name (rule 3).
    expect(detail.body.contact.displayName).toBe('Primo_accedante');
    expect(JSON.stringify(detail.body)).not.toContain('Benali');
    expect(detail.body.messages[0]!.body).toContain('Prêt à taux zéro');
    expect(detail.body.reply.modes).toEqual(['public']);
    void fresh;

    // The asker adds a detail in the topic: it follows into the same conversation.
    await replyToTopic(deps, actor, topicId, { body: 'Précision : nous serons deux emprunteurs.' });
    await agora.drain();
    const again = await agent.request<{ messages: { body: string }[] }>('GET', `/api/conversations/${conversation.id}`);
    expect(again.body.messages.map((m) => m.body).join(' ')).toContain('deux emprunteurs');

    const sent = await agent.request('POST', `/api/conversations/${conversation.id}/replies`, {
      mode: 'public',
      body: 'Bonjour, oui : le PTZ est ouvert aux primo-accédants sous conditions de revenus. Votre conseiller peut faire la simulation avec vous.',
    });
    expect(sent.status).toBe(202);
    await agora.drain();

    const topic = await getTopicView(deps, { kind: 'anonymous' }, topicId);
    const answer = topic.posts.find((p) => p.author.kind === 'staff');
    expect(answer?.author.name).toBe('Inès');
    expect(answer?.html).toContain('primo-accédants');
    expect(topic.posts.filter((p) => p.author.kind === 'staff')).toHaveLength(1);
    const status = await agent.request<{ messages: { direction: string; deliveryStatus: string | null }[] }>(
      'GET',
      `/api/conversations/${conversation.id}`,
    );
    expect(status.body.messages.filter((m) => m.direction === 'outbound').map((m) => m.deliveryStatus)).toEqual(['sent']);
    // The question is answered: nothing more goes to the inbox for it.
    const answered = await deps.database.db
      .selectFrom('community_topics')
      .select(['answered_at'])
      .where('id', '=', topicId)
      .executeTakeFirstOrThrow();
    expect(answered.answered_at).not.toBeNull();
  });
});
