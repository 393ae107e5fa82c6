import type { PortfolioSignal } from '@agora/contracts/client-360.schema.ts';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { secureMessagesSignals } from '../secure-messaging/secure-portfolio.signals.ts';
import { withSla } from '../sla/sla.tables.ts';

export interface PortfolioSignalRow extends PortfolioSignal {
  clientId: string;
  /** The client's latest activity of this kind, to sort quiet clients. */
  lastActivityAt: string | null;
}

/**
 * What waits for the bank in one kind of relationship, for a batch of clients (one row per client
 * with something of this kind, none otherwise). `dueAt` comes from the kind's own clock (modules/sla
 * for conversations).
 */
export type PortfolioSignalSource = (deps: AppDeps, bankId: string, clientIds: readonly string[]) => Promise<PortfolioSignalRow[]>;

/** Social and live-chat conversations of the client's linked identities, with their SLA clocks. */
const conversationSignals: PortfolioSignalSource = async (deps, bankId, clientIds) => {
  if (clientIds.length === 0) return [];
  const owed = sql<boolean>`(s.response_kind is not null and s.applicable and c.status <> 'resolved')`;
  const rows = await withSla(deps.database.db)
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('conversation_sla as s', 's.conversation_id', 'c.id')
    .select([
      'ct.client_id',
      sql<string>`count(*) filter (where c.last_inbound_at is not null and (c.last_read_at is null or c.last_inbound_at > c.last_read_at))`.as(
        'unread',
      ),
      sql<string>`count(*) filter (where ${owed})`.as('waiting'),
      sql<Date | null>`min(s.response_due_at) filter (where ${owed} and s.paused_at is null)`.as('due_at'),
      sql<boolean>`coalesce(bool_or(${owed} and s.response_breached_at is not null), false)`.as('breached'),
      sql<Date>`max(c.last_message_at)`.as('last_activity_at'),
    ])
    .where('c.bank_id', '=', bankId)
    .where('ct.client_id', 'in', clientIds)
    .groupBy('ct.client_id')
    .execute();
  return rows.map((r) => ({
    clientId: r.client_id as string,
    kind: 'conversation',
    unread: Number(r.unread),
    waiting: Number(r.waiting),
    dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
    breached: Boolean(r.breached),
    lastActivityAt: r.last_activity_at ? new Date(r.last_activity_at).toISOString() : null,
  }));
};

/**
 * Everything the portfolio counts as unread or due, one line per kind. Secure messages and
 * appointments add their PortfolioSignalSource here when they land.
 */
export const CLIENT_PORTFOLIO_SIGNALS: readonly PortfolioSignalSource[] = [conversationSignals, secureMessagesSignals];
