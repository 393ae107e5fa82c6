import { randomUUID } from 'node:crypto';
import type { TimelineItem } from '@agora/contracts/client-360.schema.ts';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import './client-360.tables.ts';
import { client360Errors } from './client-360.errors.ts';
import { accessToClient } from './client-access.ts';
import type { TimelineSource } from './client-timeline.types.ts';

/**
 * Notes on the client record, written by the staff who follow the client. They may say personal
 * things (a life event, a difficulty), so only full access reads or writes them: the client's own
 * advisor and the bank-wide roles, not a team that met the client once on a social network.
 */
export const clientNotesTimelineSource: TimelineSource = async (deps, bankId, clientId, { before, limit, viewer }) => {
  if (viewer.access !== 'full') return [];
  const itemId = sql<string>`'client_note:' || n.id::text`;
  let query = deps.database.db
    .selectFrom('client_notes as n')
    .innerJoin('staff_users as su', 'su.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.created_at', 'su.display_name as author'])
    .where('n.bank_id', '=', bankId)
    .where('n.client_id', '=', clientId);
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('n.created_at', '<', before.at), eb.and([eb('n.created_at', '=', before.at), eb(itemId, '<', before.id)])]),
    );
  }
  const rows = await query.orderBy('n.created_at', 'desc').orderBy(itemId, 'desc').limit(limit).execute();
  return rows.map(
    (r): TimelineItem => ({
      id: `client_note:${r.id}`,
      kind: 'client_note',
      at: r.created_at.toISOString(),
      channel: 'note',
      direction: 'internal',
      author: r.author,
      body: r.body,
      link: null,
      meta: {},
    }),
  );
};

export async function addClientNote(deps: AppDeps, principal: StaffPrincipal, clientId: string, body: string): Promise<{ id: string }> {
  const access = await accessToClient(deps, principal, clientId);
  if (access.level !== 'full') throw client360Errors.notesNeedFullAccess();
  const id = randomUUID();
  await deps.database.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('client_notes')
      .values({ id, bank_id: principal.bankId, client_id: clientId, author_id: principal.userId, body })
      .execute();
    await appendAudit(tx, {
      bankId: principal.bankId,
      actorId: principal.userId,
      actorLabel: `${principal.displayName} (${principal.role})`,
      action: 'client.note_added',
      targetType: 'client',
      targetId: clientId,
      // The note's words stay in its table; the audit trail says that one was written.
      details: { noteId: id },
    });
  });
  return { id };
}
