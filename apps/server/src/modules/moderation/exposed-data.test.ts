import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageCommentDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';

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

  it('leaves an unfavourable but civil comment, without personal data, visible', async () => {
    const before = agora.fakes!.meta.moderations.length;
    const message = await commentAndDrain('Frais honteux, je vais changer de banque');
    expect(message.hidden_at).toBeNull();
    expect(agora.fakes!.meta.moderations.length).toBe(before);
  });
});
