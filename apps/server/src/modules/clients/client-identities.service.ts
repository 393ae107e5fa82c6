import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import './client-360.tables.ts';
import { client360Errors } from './client-360.errors.ts';
import { markSegmentDirty } from './client-segment.service.ts';

const staffLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;

/**
 * The contact's conversations changed owner (their advisor's visibility follows contacts.client_id):
 * open screens and the gateways' visibility checks refresh through one event per conversation.
 */
async function announce(tx: Transaction<DB>, deps: AppDeps, bankId: string, contactId: string, advisorId: string | null) {
  const conversations = await tx
    .selectFrom('conversations')
    .select(['id', 'team_id'])
    .where('bank_id', '=', bankId)
    .where('contact_id', '=', contactId)
    .execute();
  const at = new Date().toISOString();
  const events: BusEvent[] = conversations.map((c) => ({
    type: 'conversation.updated',
    bankId,
    conversationId: c.id,
    teamId: c.team_id,
    advisorId,
    messageId: null,
    at,
  }));
  await enqueueEvents(tx, events, deps.database.kind);
}

/**
 * An admin undoes the link between a social identity and a client (a wrong handoff, a shared
 * account). Audited with the reason; the link can be restored with relinkIdentity. The link
 * itself is made elsewhere (the secure-space handoff) by setting contacts.client_id.
 */
export async function unlinkIdentity(
  deps: AppDeps,
  principal: StaffPrincipal,
  clientId: string,
  contactId: string,
  reason: string,
): Promise<{ unlinkId: string }> {
  const bankId = principal.bankId;
  const unlinkId = randomUUID();
  await deps.database.db.transaction().execute(async (tx) => {
    const contact = await tx
      .selectFrom('contacts')
      .select(['id', 'platform', 'client_id'])
      .where('bank_id', '=', bankId)
      .where('id', '=', contactId)
      .forUpdate()
      .executeTakeFirst();
    if (!contact || contact.client_id !== clientId) throw client360Errors.identityNotLinked();
    await tx.updateTable('contacts').set({ client_id: null, updated_at: new Date() }).where('id', '=', contactId).execute();
    await tx
      .insertInto('client_identity_unlinks')
      .values({ id: unlinkId, bank_id: bankId, client_id: clientId, contact_id: contactId, reason, unlinked_by: principal.userId })
      .execute();
    await appendAudit(tx, {
      bankId,
      actorId: principal.userId,
      actorLabel: staffLabel(principal),
      action: 'client.identity_unlinked',
      targetType: 'client',
      targetId: clientId,
      details: { contactId, platform: contact.platform, reason, unlinkId },
    });
    await announce(tx, deps, bankId, contactId, null);
    await markSegmentDirty(tx, bankId, clientId);
  });
  deps.wakeOutbox();
  return { unlinkId };
}

/** Restores a link an admin undid, if no other client has taken the identity since. */
export async function relinkIdentity(deps: AppDeps, principal: StaffPrincipal, clientId: string, unlinkId: string): Promise<void> {
  const bankId = principal.bankId;
  await deps.database.db.transaction().execute(async (tx) => {
    const unlink = await tx
      .selectFrom('client_identity_unlinks')
      .select(['id', 'contact_id', 'relinked_at'])
      .where('bank_id', '=', bankId)
      .where('client_id', '=', clientId)
      .where('id', '=', unlinkId)
      .forUpdate()
      .executeTakeFirst();
    if (!unlink) throw client360Errors.unlinkNotFound();
    if (unlink.relinked_at) throw client360Errors.alreadyRelinked();
    const contact = await tx
      .selectFrom('contacts')
      .select(['id', 'platform', 'client_id'])
      .where('bank_id', '=', bankId)
      .where('id', '=', unlink.contact_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (contact.client_id !== null) throw client360Errors.identityTaken();
    const client = await tx
      .selectFrom('clients')
      .select(['advisor_id'])
      .where('bank_id', '=', bankId)
      .where('id', '=', clientId)
      .executeTakeFirstOrThrow();
    await tx.updateTable('contacts').set({ client_id: clientId, updated_at: new Date() }).where('id', '=', contact.id).execute();
    await tx
      .updateTable('client_identity_unlinks')
      .set({ relinked_at: new Date(), relinked_by: principal.userId })
      .where('id', '=', unlinkId)
      .execute();
    await appendAudit(tx, {
      bankId,
      actorId: principal.userId,
      actorLabel: staffLabel(principal),
      action: 'client.identity_relinked',
      targetType: 'client',
      targetId: clientId,
      details: { contactId: contact.id, platform: contact.platform, unlinkId },
    });
    await announce(tx, deps, bankId, contact.id, client.advisor_id);
    await markSegmentDirty(tx, bankId, clientId);
  });
  deps.wakeOutbox();
}
