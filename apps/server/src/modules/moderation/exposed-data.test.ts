import type { AnswerSuggestionsResponse } from '@agora/contracts/answers.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageCommentDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { signInOverHttp } from '../../platform/testing/test-client.ts';
import { seedDemoAnswers } from '../answers/answers.seed.ts';
import { createStaffUser } from '../staff/staff.service.ts';

describe.each(agoraTargets())('personal data exposed in public on $name', ({ name }) => {
  let agora: TestAgora;
  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
  });
  afterAll(async () => agora?.stop());

  const commentAndDrain = async (text: string) => {
    const d = pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(d.body), agora.config.META_APP_SECRET)).status).toBe(200);
    await agora.drain();
    return agora.deps.database.db
      .selectFrom('messages')
      .select(['id', 'platform_message_id', 'hidden_at', 'pii_hide_attempted_at'])
      .where('platform_message_id', '=', d.commentId)
      .executeTakeFirstOrThrow();
  };

  it('hides a public comment carrying an IBAN on the platform, marks it and audits it, once', async () => {
    const message = await commentAndDrain('Remboursez moi sur FR76 3000 6000 0112 3456 7890 189 svp');
    expect(message.hidden_at).not.toBeNull();
    expect(agora.fakes!.meta.moderations.filter((m) => JSON.stringify(m).includes(message.platform_message_id!))).toHaveLength(1);
    const audit = await agora.deps.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_id', '=', message.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['message.hidden_personal_data']);
    await agora.drain();
    expect(await agora.deps.database.db.selectFrom('audit_log').select(['id']).where('target_id', '=', message.id).execute()).toHaveLength(
      1,
    );
  });

  it('proposes the invitation to the secure space first in the approved answers', async () => {
    await seedDemoAnswers(agora.deps.database.db, agora.deps.bankId);
    const team = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id'])
      .where('kind', '=', 'social_care')
      .executeTakeFirstOrThrow();
    await createStaffUser(agora.deps, {
      email: 'cm-exposed@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [team.id],
      password: 'mot-de-passe-du-test-42',
    });
    const cm = await signInOverHttp(agora.url, 'cm-exposed@test.fr', 'mot-de-passe-du-test-42');
    const message = await commentAndDrain('Mon numéro de carte 4111 1111 1111 1111 est bloqué, aidez moi');
    const conversation = await agora.deps.database.db
      .selectFrom('messages')
      .select(['conversation_id'])
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow();
    const { body } = await cm.request<AnswerSuggestionsResponse>(
      'GET',
      `/api/answers/suggestions?conversationId=${conversation.conversation_id}`,
    );
    expect(body.personalDataExposed).toBe(true);
    expect(body.items[0]?.tags).toContain('donnees-personnelles');
  });

  it('leaves an unfavourable but civil comment, without personal data, visible', async () => {
    const before = agora.fakes!.meta.moderations.length;
    const message = await commentAndDrain('Frais honteux, je vais changer de banque');
    expect(message.hidden_at).toBeNull();
    expect(agora.fakes!.meta.moderations.length).toBe(before);
  });
});
