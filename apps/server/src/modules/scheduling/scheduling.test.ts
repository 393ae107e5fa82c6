import type { ConversationListItem, Message } from '@agora/contracts/conversation.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerDelivery, pageCommentDelivery, postSigned } from '../../platform/testing/platform-payloads.ts';
import { agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';
import { withSla } from '../sla/sla.tables.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { releaseDueReplies } from './scheduling.worker.ts';

const PASSWORD = 'mot-de-passe-du-test-42';
const HOUR = 3600_000;

describe.each(agoraTargets())('send later on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;
  let supervisor: StaffClient;

  const newConversation = async (text: string) => {
    const { status } = await postSigned(
      agora.url,
      'meta',
      JSON.stringify(messengerDelivery({ pageId: agora.config.META_PAGE_ID, text }).body),
      agora.config.META_APP_SECRET,
    );
    expect(status).toBe(200);
    // Bounded: on a loaded machine the analysis of the message may need more than one drain.
    for (let i = 0; i < 20; i++) {
      await agora.drain();
      const { body } = await cm.request<{ items: ConversationListItem[] }>('GET', `/api/conversations?search=${encodeURIComponent(text)}`);
      if (body.items[0]) return body.items[0].id;
    }
    throw new Error(`conversation not found: ${text}`);
  };
  const schedule = (conversationId: string, body: string, sendAt: Date) =>
    cm.request<Message>('POST', `/api/conversations/${conversationId}/replies`, { body, mode: 'private', sendAt: sendAt.toISOString() });
  const postedTexts = () => agora.fakes!.meta.posts.map((p) => p.text);
  const stateOf = (id: string) =>
    agora.deps.database.db
      .selectFrom('messages')
      .select(['delivery_status', 'scheduled_cancelled_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    const teams = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id', 'kind'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    const social = teams.find((t) => t.kind === 'social_care')!.id;
    await createStaffUser(agora.deps, {
      email: 'cm@test.fr',
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
      teamIds: [social],
      password: PASSWORD,
    });
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
    await createStaffUser(agora.deps, {
      email: 'sup@test.fr',
      displayName: 'Nadia Benali',
      firstName: 'Nadia',
      role: 'supervisor',
      teamIds: [],
      password: PASSWORD,
    });
    supervisor = await signInOverHttp(agora.url, 'sup@test.fr', PASSWORD);
  });
  afterAll(async () => agora?.stop());

  it('holds a scheduled reply until its time, then releases it once even with two workers', async () => {
    const id = await newConversation('Ma carte est bloquée depuis hier soir');
    const now = new Date();
    const { status, body: message } = await schedule(
      id,
      'Bonjour, nous regardons votre carte dès l’ouverture.',
      new Date(now.getTime() + HOUR),
    );
    expect(status).toBe(202);
    expect(message.deliveryStatus).toBeNull();
    expect(message.scheduled).toEqual({ at: new Date(now.getTime() + HOUR).toISOString(), cancelledAt: null });

    expect(await releaseDueReplies(agora.deps, now)).toBe(0);
    await agora.drain();
    expect(postedTexts()).not.toContain('Bonjour, nous regardons votre carte dès l’ouverture.');
    expect((await stateOf(message.id)).delivery_status).toBeNull();
    // A held reply has answered nobody: the SLA's first response is not met by it.
    const sla = () =>
      withSla(agora.deps.database.db)
        .selectFrom('conversation_sla')
        .select(['first_response_met_at'])
        .where('conversation_id', '=', id)
        .executeTakeFirst();
    expect((await sla())?.first_response_met_at ?? null).toBeNull();

    // Two workers at the due time: the reply is handed over once.
    const later = new Date(now.getTime() + 2 * HOUR);
    const released = await Promise.all([releaseDueReplies(agora.deps, later), releaseDueReplies(agora.deps, later)]);
    expect(released[0]! + released[1]!).toBe(1);
    expect(await releaseDueReplies(agora.deps, later)).toBe(0);
    await agora.drain();
    expect(postedTexts().filter((t) => t === 'Bonjour, nous regardons votre carte dès l’ouverture.')).toHaveLength(1);
    expect((await stateOf(message.id)).delivery_status).toBe('sent');
    // Released, it answers at its scheduled time.
    expect((await sla())?.first_response_met_at?.toISOString()).toBe(new Date(now.getTime() + HOUR).toISOString());
  });

  it('never sends a reply cancelled before its time, keeps it in the thread and audits the cancellation', async () => {
    const id = await newConversation('Je voudrais changer mon plafond de paiement');
    const now = new Date();
    const { body: message } = await schedule(id, 'Réponse qui sera annulée', new Date(now.getTime() + HOUR));
    const cancel = await cm.request<Message>('DELETE', `/api/conversations/${id}/scheduled/${message.id}`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.scheduled?.cancelledAt).toBeTruthy();

    expect(await releaseDueReplies(agora.deps, new Date(now.getTime() + 2 * HOUR))).toBe(0);
    await agora.drain();
    expect(postedTexts()).not.toContain('Réponse qui sera annulée');
    const { body: detail } = await cm.request<{ messages: Message[] }>('GET', `/api/conversations/${id}`);
    expect(detail.messages.find((m) => m.id === message.id)?.scheduled?.cancelledAt).toBeTruthy();
    const audit = await agora.deps.database.db.selectFrom('audit_log').select(['action']).where('target_id', '=', message.id).execute();
    expect(audit.map((a) => a.action)).toContain('reply.schedule_cancelled');

    const again = await cm.request<{ code: string }>('DELETE', `/api/conversations/${id}/scheduled/${message.id}`);
    expect(again.status).toBe(409);
  });

  it('refuses a time in the past or more than 30 days ahead, and still applies the outbound checks', async () => {
    const id = await newConversation('Quel est le numéro de mon conseiller ?');
    expect((await schedule(id, 'Trop tard', new Date(Date.now() - HOUR))).status).toBe(400);
    expect((await schedule(id, 'Trop loin', new Date(Date.now() + 31 * 24 * HOUR))).status).toBe(400);
    // A private message asking for a card number is blocked at scheduling time, not at 9:00.
    const blocked = await schedule(id, 'Envoyez-nous votre numéro de carte bancaire complet', new Date(Date.now() + HOUR));
    expect(blocked.status).toBe(400);
  });

  it('keeps a scheduled reply needing four eyes until approved, and an approved one until its time', async () => {
    expect((await supervisor.request('PUT', '/api/settings/rules', { crisisMode: true })).status).toBe(200);
    try {
      const text = 'Votre application est en panne depuis ce matin ?';
      const { status } = await postSigned(
        agora.url,
        'meta',
        JSON.stringify(pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text }).body),
        agora.config.META_APP_SECRET,
      );
      expect(status).toBe(200);
      let id: string | undefined;
      for (let i = 0; i < 20 && !id; i++) {
        await agora.drain();
        id = (
          await cm.request<{ items: ConversationListItem[] }>('GET', `/api/conversations?search=${encodeURIComponent('application panne')}`)
        ).body.items[0]?.id;
      }
      const now = new Date();
      const { body: message } = await cm.request<Message>('POST', `/api/conversations/${id}/replies`, {
        body: 'Le service est rétabli.',
        mode: 'public',
        sendAt: new Date(now.getTime() + HOUR).toISOString(),
      });
      expect(message.approval?.state).toBe('pending');
      expect(message.deliveryStatus).toBeNull();
      // Due but not approved: held.
      expect(await releaseDueReplies(agora.deps, new Date(now.getTime() + 2 * HOUR))).toBe(0);
      // Approved before its time: still held by the delivery worker until then, and still cancellable.
      expect((await supervisor.request('POST', `/api/approvals/${message.id}/approve`, {})).status).toBe(204);
      await agora.drain();
      expect(postedTexts().some((t) => t.startsWith('Le service est rétabli.'))).toBe(false);
      expect((await cm.request('DELETE', `/api/conversations/${id}/scheduled/${message.id}`)).status).toBe(200);
      await agora.drain();
      expect(postedTexts().some((t) => t.startsWith('Le service est rétabli.'))).toBe(false);
      expect((await stateOf(message.id)).scheduled_cancelled_at).not.toBeNull();
    } finally {
      await supervisor.request('PUT', '/api/settings/rules', { crisisMode: false });
    }
  });

  it("gives the team's next opening for the composer's preset", async () => {
    const team = await agora.deps.database.db
      .selectFrom('teams')
      .select(['id'])
      .where('bank_id', '=', agora.deps.bankId)
      .executeTakeFirstOrThrow();
    const { status, body } = await cm.request<{ nextOpening: string; openNow: boolean }>('GET', `/api/teams/${team.id}/next-opening`);
    expect(status).toBe(200);
    expect(Date.parse(body.nextOpening)).toBeGreaterThan(Date.now() - 60_000);
    expect(typeof body.openNow).toBe('boolean');
  });
});
