import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { HandoffConfirmed, HandoffLinkCreated, HandoffLinkStatus } from '@agora/contracts/secure-messaging.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { type ClientPrincipal, requireRecentAuth } from '../../platform/auth/client-principal.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { excerptOf } from '../../platform/text.ts';
import { markSegmentDirty } from '../clients/client-segment.service.ts';
import { visibleConversation } from '../conversations/conversation.service.ts';
import { secureErrors } from './secure.errors.ts';
import { advisorsTeamOf, responseDueAt } from './secure-sla.ts';
import { createThread, insertMessage, threadEvent } from './secure-thread.service.ts';

export const HANDOFF_PATH = '/espace/lien/';

const PLATFORM_NAMES: Record<string, string> = {
  x: 'X',
  x_dm: 'X',
  facebook: 'Facebook',
  messenger: 'Messenger',
  instagram: 'Instagram',
  instagram_dm: 'Instagram',
  live_chat: 'le chat du site',
};
const nameOf = (channel: string) => PLATFORM_NAMES[channel] ?? channel;

/**
 * A secure-space link for a private reply: single use, expiring, bound to this conversation and
 * its contact. Only its hash is stored; the agent inserts the URL in the reply they send.
 */
export async function createHandoffLink(deps: AppDeps, p: StaffPrincipal, conversationId: string): Promise<HandoffLinkCreated> {
  const conversation = await visibleConversation(deps, p, conversationId);
  const row = await deps.database.db
    .selectFrom('conversations')
    .select(['kind', 'contact_id', 'channel'])
    .where('bank_id', '=', p.bankId)
    .where('id', '=', conversation.id)
    .executeTakeFirstOrThrow();
  if (row.kind !== 'private') throw secureErrors.notPrivate();
  const token = randomToken(24);
  const expiresAt = new Date(Date.now() + deps.config.SECURE_LINK_TTL_HOURS * 3_600_000);
  await deps.database.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('secure_handoff_links')
      .values({
        token_hash: sha256Hex(token),
        bank_id: p.bankId,
        conversation_id: conversation.id,
        contact_id: row.contact_id,
        created_by: p.userId,
        expires_at: expiresAt,
      })
      .execute();
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: `${p.displayName} (${p.role})`,
      action: 'secure.handoff_link_created',
      targetType: 'conversation',
      targetId: conversation.id,
      details: { contactId: row.contact_id, channel: row.channel, expiresAt: expiresAt.toISOString() },
    });
  });
  return { url: `${deps.config.publicUrl}${HANDOFF_PATH}${token}`, expiresAt: expiresAt.toISOString() };
}

async function linkOf(deps: AppDeps, token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  return (
    (await deps.database.db
      .selectFrom('secure_handoff_links as l')
      .innerJoin('conversations as c', 'c.id', 'l.conversation_id')
      .innerJoin('banks as b', 'b.id', 'l.bank_id')
      .select(['l.bank_id', 'l.expires_at', 'l.used_at', 'c.channel', 'b.name as bank_name'])
      .where('l.token_hash', '=', sha256Hex(token))
      .executeTakeFirst()) ?? null
  );
}

/** What the page opened from the link shows before sign-in: nothing personal, only where it comes from. */
export async function handoffLinkStatus(deps: AppDeps, token: string): Promise<HandoffLinkStatus> {
  const link = await linkOf(deps, token);
  if (!link) return { status: 'unknown', platform: null, bankName: null };
  const status = link.used_at ? 'used' : link.expires_at.getTime() <= Date.now() ? 'expired' : 'valid';
  return { status, platform: nameOf(link.channel), bankName: link.bank_name };
}

/**
 * The signed-in client confirms: the social identity is linked to their record (audited; an admin
 * can undo it from the 360), the social conversation notes that it moved and stops its clock
 * (resolved), and a secure thread with their advisor opens with the context, its own clock running.
 */
export async function confirmHandoff(deps: AppDeps, p: ClientPrincipal, token: string): Promise<HandoffConfirmed> {
  requireRecentAuth(p);
  const tokenHash = sha256Hex(token);
  const threadId = await deps.database.db.transaction().execute(async (tx) => {
    const link = await tx
      .selectFrom('secure_handoff_links')
      .select(['conversation_id', 'contact_id', 'expires_at', 'used_at', 'used_by_client', 'thread_id'])
      .where('token_hash', '=', tokenHash)
      .where('bank_id', '=', p.bankId)
      .forUpdate()
      .executeTakeFirst();
    if (!link) throw secureErrors.linkUnknown();
    // A second click of the same person lands on the thread the first one opened.
    if (link.used_at && link.used_by_client === p.clientId && link.thread_id) return link.thread_id;
    if (link.used_at) throw secureErrors.linkUsed();
    if (link.expires_at.getTime() <= Date.now()) throw secureErrors.linkExpired();

    const contact = await tx
      .selectFrom('contacts')
      .select(['id', 'platform', 'client_id', 'display_name'])
      .where('bank_id', '=', p.bankId)
      .where('id', '=', link.contact_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (contact.client_id !== null && contact.client_id !== p.clientId) throw secureErrors.identityTaken();
    const now = new Date();
    if (contact.client_id === null) {
      await tx.updateTable('contacts').set({ client_id: p.clientId, updated_at: now }).where('id', '=', contact.id).execute();
    }
    const conversation = await tx
      .selectFrom('conversations')
      .select(['id', 'channel', 'team_id', 'status'])
      .where('bank_id', '=', p.bankId)
      .where('id', '=', link.conversation_id)
      .executeTakeFirstOrThrow();
    const lastInbound = await tx
      .selectFrom('messages')
      .select(['body'])
      .where('bank_id', '=', p.bankId)
      .where('conversation_id', '=', conversation.id)
      .where('direction', '=', 'inbound')
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(3)
      .execute();

    // The secure thread, with the context carried over and the clock started now.
    const platform = nameOf(conversation.channel);
    const thread = await createThread(deps, tx, p.bankId, p.clientId, `Suite de votre message sur ${platform}`, 'advisor', conversation.id);
    const quoted = lastInbound
      .reverse()
      .map((m) => `« ${excerptOf(m.body, 500)} »`)
      .join('\n');
    const context = `Conversation commencée sur ${platform}, poursuivie ici en toute sécurité.${quoted ? `\n\nVos derniers messages :\n${quoted}` : ''}`;
    await insertMessage(deps, tx, thread, { kind: 'system' }, context, now);
    const calendarTeam = thread.team_id ?? (await advisorsTeamOf(tx, p.bankId))?.id ?? null;
    await tx
      .updateTable('secure_threads')
      .set({ response_since: now, response_due_at: await responseDueAt(tx, p.bankId, calendarTeam, now, 'first') })
      .where('id', '=', thread.id)
      .execute();

    // The social conversation: a note that it moved, and resolved, which stops its SLA clock.
    const note = `Conversation déplacée vers la messagerie sécurisée : ${p.firstName} ${p.lastName} s'est identifié(e) dans son espace et poursuit avec son conseiller.`;
    const noteId = randomUUID();
    await tx
      .insertInto('messages')
      .values({
        id: noteId,
        bank_id: p.bankId,
        conversation_id: conversation.id,
        direction: 'note',
        visibility: 'internal',
        author_user_id: null,
        body: note,
        attachments: '[]',
        search_vector: frenchSearchVector(note),
        created_at: now,
      })
      .execute();
    await tx.updateTable('conversations').set({ status: 'resolved', updated_at: now }).where('id', '=', conversation.id).execute();
    await tx
      .updateTable('secure_handoff_links')
      .set({ used_at: now, used_by_client: p.clientId, thread_id: thread.id })
      .where('token_hash', '=', tokenHash)
      .execute();
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: null,
      actorLabel: `${p.firstName} ${p.lastName} (client)`,
      action: 'client.identity_linked',
      targetType: 'client',
      targetId: p.clientId,
      details: {
        contactId: contact.id,
        platform: contact.platform,
        conversationId: conversation.id,
        threadId: thread.id,
        via: 'secure_link',
      },
    });
    await markSegmentDirty(tx, p.bankId, p.clientId);

    // Every conversation of the identity is now visible to the client's advisor: screens refresh.
    const conversations = await tx
      .selectFrom('conversations')
      .select(['id', 'team_id'])
      .where('bank_id', '=', p.bankId)
      .where('contact_id', '=', contact.id)
      .execute();
    const at = now.toISOString();
    const events: BusEvent[] = conversations.map((c) => ({
      type: 'conversation.updated',
      bankId: p.bankId,
      conversationId: c.id,
      teamId: c.team_id,
      advisorId: thread.advisor_id,
      messageId: null,
      at,
    }));
    events.push({ ...events.find((e) => e.conversationId === conversation.id)!, type: 'message.created', messageId: noteId });
    events.push(threadEvent(thread, null));
    await enqueueEvents(tx, events, deps.database.kind);
    return thread.id;
  });
  deps.wakeOutbox();
  return { threadId };
}

/**
 * Whether a social conversation was carried to the secure space by a used link: it was resolved
 * by the move, not by an answer, so nobody should be asked how the answer was (CSAT).
 */
export async function movedToSecureSpace(deps: Pick<AppDeps, 'database' | 'bankId'>, conversationId: string): Promise<boolean> {
  const row = await deps.database.db
    .selectFrom('secure_handoff_links')
    .select(['conversation_id'])
    .where('bank_id', '=', deps.bankId)
    .where('conversation_id', '=', conversationId)
    .where('used_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
