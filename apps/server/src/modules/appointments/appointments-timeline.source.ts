import type { TimelineItem } from '@agora/contracts/client-360.schema.ts';
import { sql } from 'kysely';
import type { TimelineSource } from '../clients/client-timeline.types.ts';
import './appointments.tables.ts';

const MODE_WORDS = { branch: 'en agence', phone: 'par téléphone', video: 'en vidéo' } as const;

/**
 * The client's appointments in the 360 timeline, at the time they take place (booked ahead, they
 * show on top until then). Appointments belong to no team: only viewers with the whole
 * relationship (own advisor, bank-wide roles) get them.
 */
export const appointmentsTimelineSource: TimelineSource = async (deps, bankId, clientId, { before, limit, viewer }) => {
  if (viewer.access !== 'full') return [];
  const itemId = sql<string>`'appointment:' || a.id::text`;
  let query = deps.database.db
    .selectFrom('appointments as a')
    .innerJoin('staff_users as s', 's.id', 'a.advisor_id')
    .select(['a.id', 'a.mode', 'a.subject', 'a.starts_at', 'a.status', 'a.cancelled_by', 's.display_name'])
    .where('a.bank_id', '=', bankId)
    .where('a.client_id', '=', clientId);
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('a.starts_at', '<', before.at), eb.and([eb('a.starts_at', '=', before.at), eb(itemId, '<', before.id)])]),
    );
  }
  const rows = await query.orderBy('a.starts_at', 'desc').orderBy(itemId, 'desc').limit(limit).execute();
  return rows.map(
    (r): TimelineItem => ({
      id: `appointment:${r.id}`,
      kind: 'appointment',
      at: r.starts_at.toISOString(),
      channel: 'appointment',
      direction: 'internal',
      author: r.display_name,
      body: `Rendez-vous ${MODE_WORDS[r.mode]} : ${r.subject}`,
      link: { kind: 'appointment', id: r.id },
      meta: { mode: r.mode, status: r.status, cancelledBy: r.cancelled_by },
    }),
  );
};
