import { sql } from 'kysely';
import type { PortfolioSignalSource } from '../clients/client-portfolio.signals.ts';
import './secure.tables.ts';

/**
 * Secure threads in the advisor's portfolio: the client's messages nobody on the bank's side has
 * read yet, the threads waiting for an answer and the earliest due time of the thread's own clock.
 */
export const secureMessagesSignals: PortfolioSignalSource = async (deps, bankId, clientIds) => {
  if (clientIds.length === 0) return [];
  const rows = await deps.database.db
    .selectFrom('secure_threads as t')
    .leftJoin('secure_messages as m', (join) =>
      join
        .onRef('m.thread_id', '=', 't.id')
        .on('m.author_kind', '=', 'client')
        .on((eb) => eb.or([eb('t.staff_read_at', 'is', null), eb('m.created_at', '>', eb.ref('t.staff_read_at'))])),
    )
    .select([
      't.client_id',
      sql<string>`count(m.id)`.as('unread'),
      sql<string>`count(distinct t.id) filter (where t.response_due_at is not null and t.status = 'open')`.as('waiting'),
      sql<Date | null>`min(t.response_due_at) filter (where t.status = 'open')`.as('due_at'),
      sql<Date>`max(t.last_message_at)`.as('last_activity_at'),
    ])
    .where('t.bank_id', '=', bankId)
    .where('t.client_id', 'in', clientIds)
    .groupBy('t.client_id')
    .execute();
  const now = Date.now();
  return rows.map((r) => {
    const dueAt = r.due_at ? new Date(r.due_at) : null;
    return {
      clientId: r.client_id,
      kind: 'secure_message',
      unread: Number(r.unread),
      waiting: Number(r.waiting),
      dueAt: dueAt?.toISOString() ?? null,
      breached: dueAt !== null && dueAt.getTime() < now,
      lastActivityAt: r.last_activity_at ? new Date(r.last_activity_at).toISOString() : null,
    };
  });
};
