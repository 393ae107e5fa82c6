import type { HandoffLinkStatus, SecureThreadDetail, SecureThreadSummary } from '@agora/contracts/secure-messaging.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import type { TestDeps } from '../../platform/testing/test-app.ts';
import type { TestClient } from '../../platform/testing/test-clients.ts';
import { buildConversation } from '../../platform/testing/test-conversations.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { type SecureWorld, startSecureWorld } from './secure.test-kit.ts';

/**
 * The handoff through the API: a private social conversation, the agent's secure-space link,
 * the signed-in client's confirmation (identity linked, conversation moved and resolved, secure
 * thread with the advisor), the link spent, expired links and taken identities refused.
 */
describe.each(testDatabaseTargets())('handoff from a social conversation on $name', ({ open }) => {
  let world: SecureWorld;
  let database: Database;
  let deps: TestDeps;
  let julie: TestClient;
  let conversationId: string;
  let contactId: string;
  let token: string;
  const call: SecureWorld['call'] = (...args) => world.call(...args);

  beforeAll(async () => {
    world = await startSecureWorld(open);
    ({ database, deps, julie } = world);
    const built = await buildConversation(database, deps.bankId, {
      teamId: deps.testBank.teamIds[0],
      channel: 'instagram_dm',
      messages: [{ direction: 'inbound', body: 'Bonjour, je voudrais parler de mon découvert', at: new Date(Date.now() - 60_000) }],
    });
    conversationId = built.conversationId;
    contactId = built.contactId;
  });
  afterAll(async () => world?.close());

  it('gives the agent a single-use, expiring link for a private conversation only', async () => {
    const link = await call<{ url: string; expiresAt: string }>('ines', 'POST', `/api/conversations/${conversationId}/secure-link`);
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^http:\/\/agora\.test\/espace\/lien\/[A-Za-z0-9_-]{32}$/);
    const hours = (new Date(link.body.expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    token = link.body.url.split('/').pop()!;
    const stored = await database.db
      .selectFrom('secure_handoff_links')
      .select(['token_hash'])
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    // Not for a conversation the agent cannot see, nor for a public thread.
    expect((await call('karim', 'POST', `/api/conversations/${conversationId}/secure-link`)).status).toBe(404);
    const publicThread = await buildConversation(database, deps.bankId, {
      teamId: deps.testBank.teamIds[0],
      channel: 'instagram',
      messages: [{ direction: 'inbound', body: 'Question publique', at: new Date() }],
    });
    expect((await call('ines', 'POST', `/api/conversations/${publicThread.conversationId}/secure-link`)).status).toBe(400);
    expect((await call<HandoffLinkStatus>(null, 'GET', `/api/client/handoff/${token}`)).body).toMatchObject({
      status: 'valid',
      platform: 'Instagram',
    });
    expect((await call<HandoffLinkStatus>(null, 'GET', '/api/client/handoff/not-a-real-token-0000000')).body.status).toBe('unknown');
  });

  it('links the identity, moves the conversation to a secure thread with the advisor, stops the social clock', async () => {
    expect((await call(null, 'POST', `/api/client/handoff/${token}/confirm`)).status).toBe(401);
    // Linking an identity is sensitive: a sign-in older than five minutes asks for both factors again.
    const session = () => database.db.updateTable('client_sessions').where('client_id', '=', julie.clientId);
    await session()
      .set({ reauthenticated_at: new Date(Date.now() - 10 * 60_000) })
      .execute();
    const stale = await call<{ error: { code: string } }>('julie', 'POST', `/api/client/handoff/${token}/confirm`);
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('reauthentication_required');
    await session().set({ reauthenticated_at: new Date() }).execute();
    const confirmed = await call<{ threadId: string }>('julie', 'POST', `/api/client/handoff/${token}/confirm`);
    expect(confirmed.status).toBe(200);
    const contact = await database.db.selectFrom('contacts').select(['client_id']).where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(contact.client_id).toBe(julie.clientId);
    const conversation = await database.db
      .selectFrom('conversations')
      .select(['status'])
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(conversation.status).toBe('resolved');
    const notes = await database.db
      .selectFrom('messages')
      .select(['body'])
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'note')
      .execute();
    expect(notes[0]?.body).toMatch(/messagerie sécurisée/);
    const audit = await database.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', julie.clientId).execute();
    expect(audit.map((a) => a.action)).toContain('client.identity_linked');

    const thread = await call<SecureThreadDetail>('nora', 'GET', `/api/secure/threads/${confirmed.body.threadId}`);
    expect(thread.body).toMatchObject({ originConversationId: conversationId, recipient: 'advisor', advisorName: 'Test nora' });
    expect(thread.body.responseDueAt).not.toBeNull();
    expect(thread.body.messages[0]).toMatchObject({ author: 'system' });
    expect(thread.body.messages[0]?.body).toContain('mon découvert');
    // The client sees it in their space; the link is spent.
    expect((await call<SecureThreadSummary[]>('julie', 'GET', '/api/client/secure/threads')).body.map((t) => t.id)).toContain(
      confirmed.body.threadId,
    );
    expect((await call<HandoffLinkStatus>(null, 'GET', `/api/client/handoff/${token}`)).body.status).toBe('used');
    const reused = await call<{ error: { code: string } }>('marc', 'POST', `/api/client/handoff/${token}/confirm`);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('secure_link_used');
  });

  it('shows the linked identity in the 360, and lets an admin undo the link (audited)', async () => {
    const c360 = await call<{ identities: { contactId: string }[] }>('nora', 'GET', `/api/clients/${julie.clientId}`);
    expect(c360.body.identities.map((i) => i.contactId)).toContain(contactId);
    expect(
      (await call('nora', 'POST', `/api/clients/${julie.clientId}/identities/${contactId}/unlink`, { reason: 'Compte partagé' })).status,
    ).toBe(403);
    const undone = await call<{ unlinkId: string }>('alex', 'POST', `/api/clients/${julie.clientId}/identities/${contactId}/unlink`, {
      reason: 'Compte partagé avec son conjoint',
    });
    expect(undone.status).toBe(200);
    const contact = await database.db.selectFrom('contacts').select(['client_id']).where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(contact.client_id).toBeNull();
    // Restored for the next test.
    expect((await call('alex', 'POST', `/api/clients/${julie.clientId}/unlinks/${undone.body.unlinkId}/relink`)).status).toBe(204);
  });

  it('refuses an expired link, and an identity already linked to another client', async () => {
    const expired = await call<{ url: string }>('ines', 'POST', `/api/conversations/${conversationId}/secure-link`);
    const expiredToken = expired.body.url.split('/').pop()!;
    await database.db
      .updateTable('secure_handoff_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('conversation_id', '=', conversationId)
      .where('used_at', 'is', null)
      .execute();
    expect((await call<HandoffLinkStatus>(null, 'GET', `/api/client/handoff/${expiredToken}`)).body.status).toBe('expired');
    expect((await call<{ error: { code: string } }>('marc', 'POST', `/api/client/handoff/${expiredToken}/confirm`)).body.error.code).toBe(
      'secure_link_expired',
    );
    const fresh = await call<{ url: string }>('ines', 'POST', `/api/conversations/${conversationId}/secure-link`);
    const taken = await call<{ error: { code: string } }>('marc', 'POST', `/api/client/handoff/${fresh.body.url.split('/').pop()}/confirm`);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('secure_identity_taken');
  });
});
