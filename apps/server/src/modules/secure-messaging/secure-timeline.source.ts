import type { TimelineItem } from '@agora/contracts/client-360.schema.ts';
import { sql } from 'kysely';
import { decryptForBank } from '../../platform/crypto/envelope.ts';
import { excerptOf } from '../../platform/text.ts';
import type { TimelineSource } from '../clients/client-timeline.types.ts';
import './secure.tables.ts';

/**
 * The client's secure messages in the 360 timeline, unsealed for the reader. The whole
 * relationship (own advisor, bank-wide roles) sees every thread; a team viewer only the threads
 * addressed to one of their teams.
 */
export const secureMessagesTimelineSource: TimelineSource = async (deps, bankId, clientId, { before, limit, viewer }) => {
  if (viewer.access !== 'full' && viewer.teamIds.length === 0) return [];
  const itemId = sql<string>`'secure_message:' || m.id::text`;
  let query = deps.database.db
    .selectFrom('secure_messages as m')
    .innerJoin('secure_threads as t', 't.id', 'm.thread_id')
    .leftJoin('staff_users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.thread_id', 'm.author_kind', 'm.body_sealed', 'm.created_at', 'u.display_name', 't.subject_sealed'])
    .where('m.bank_id', '=', bankId)
    .where('t.client_id', '=', clientId);
  if (viewer.access !== 'full') query = query.where('t.team_id', 'in', viewer.teamIds);
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('m.created_at', '<', before.at), eb.and([eb('m.created_at', '=', before.at), eb(itemId, '<', before.id)])]),
    );
  }
  const rows = await query.orderBy('m.created_at', 'desc').orderBy(itemId, 'desc').limit(limit).execute();
  return Promise.all(
    rows.map(
      async (r): Promise<TimelineItem> => ({
        id: `secure_message:${r.id}`,
        kind: 'secure_message',
        at: r.created_at.toISOString(),
        channel: 'secure',
        direction: r.author_kind === 'client' ? 'inbound' : r.author_kind === 'staff' ? 'outbound' : 'internal',
        author: r.author_kind === 'staff' ? r.display_name : null,
        body: excerptOf(await decryptForBank(deps, bankId, r.body_sealed), 500),
        link: { kind: 'secure_thread', id: r.thread_id },
        meta: { subject: await decryptForBank(deps, bankId, r.subject_sealed) },
      }),
    ),
  );
};
