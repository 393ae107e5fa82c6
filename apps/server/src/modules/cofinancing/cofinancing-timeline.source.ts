import type { TimelineItem } from '@agora/contracts/client-360.schema.ts';
import { sql } from 'kysely';
import type { TimelineSource } from '../clients/client-timeline.types.ts';
import { euros } from './cofinancing.errors.ts';
import './cofinancing.tables.ts';

const STATUS_WORDS: Record<string, string> = {
  reserving: 'en cours',
  active: 'montant réservé, délai de réflexion',
  withdrawn: 'retirée pendant le délai de réflexion',
  released: 'projet non financé, réservation libérée',
  allocated: 'prêtée',
  failed: 'refusée',
};

/**
 * The client's co-financing pledges in the 360 timeline. A pledge belongs to no team: only
 * viewers with the whole relationship (own advisor, bank-wide roles) get them.
 */
export const cofinancingTimelineSource: TimelineSource = async (deps, bankId, clientId, { before, limit, viewer }) => {
  if (viewer.access !== 'full') return [];
  const itemId = sql<string>`'cofinancing_pledge:' || q.id::text`;
  let query = deps.database.db
    .selectFrom('cofin_pledges as q')
    .innerJoin('cofin_projects as p', 'p.id', 'q.project_id')
    .select(['q.id', 'q.amount_cents', 'q.status', 'q.created_at', 'p.id as project_id', 'p.title'])
    .where('q.bank_id', '=', bankId)
    .where('q.client_id', '=', clientId)
    .where('q.status', '!=', 'failed');
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('q.created_at', '<', before.at), eb.and([eb('q.created_at', '=', before.at), eb(itemId, '<', before.id)])]),
    );
  }
  const rows = await query.orderBy('q.created_at', 'desc').orderBy(itemId, 'desc').limit(limit).execute();
  return rows.map(
    (r): TimelineItem => ({
      id: `cofinancing_pledge:${r.id}`,
      kind: 'cofinancing_pledge',
      at: r.created_at.toISOString(),
      channel: 'cofinancing',
      direction: 'inbound',
      author: null,
      body: `Souscription de ${euros(Number(r.amount_cents))} au projet « ${r.title} » : ${STATUS_WORDS[r.status] ?? r.status}.`,
      link: null,
      meta: { projectId: r.project_id, status: r.status, url: `/cofinancing/${r.project_id}` },
    }),
  );
};
