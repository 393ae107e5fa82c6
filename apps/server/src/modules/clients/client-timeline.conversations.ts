import type { TimelineItem } from '@agora/contracts/client-360.schema.ts';
import { sql } from 'kysely';
import type { TimelineSource } from './client-timeline.types.ts';

/**
 * The client's messages on every social channel and the live chat (and the notes staff wrote in
 * those conversations), through all the social identities linked to the client. A `team` viewer
 * sees only their teams' conversations, as in the inbox.
 */
export const conversationsTimelineSource: TimelineSource = async (deps, bankId, clientId, { before, limit, viewer }) => {
  if (viewer.access === 'team' && viewer.teamIds.length === 0) return [];
  // The item id is "message:<uuid>" (or "conversation_note:<uuid>"): rows at the cursor's exact
  // time are compared on that string, so the order is the same as the merge's.
  const itemId = sql<string>`(case when m.direction = 'note' then 'conversation_note:' else 'message:' end) || m.id::text`;
  let query = deps.database.db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('staff_users as su', 'su.id', 'm.author_user_id')
    .select([
      'm.id',
      'm.direction',
      'm.visibility',
      'm.body',
      'm.title',
      'm.rating',
      'm.created_at',
      'm.delivery_status',
      'm.deleted_at',
      'm.insult',
      'c.id as conversation_id',
      'c.channel',
      'c.kind',
      'ct.display_name as contact_name',
      'ct.handle as contact_handle',
      'su.display_name as staff_name',
    ])
    .where('m.bank_id', '=', bankId)
    .where('c.bank_id', '=', bankId)
    .where('ct.client_id', '=', clientId)
    .where('m.scheduled_cancelled_at', 'is', null);
  if (viewer.access === 'team') query = query.where('c.team_id', 'in', viewer.teamIds);
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('m.created_at', '<', before.at), eb.and([eb('m.created_at', '=', before.at), eb(itemId, '<', before.id)])]),
    );
  }
  const rows = await query.orderBy('m.created_at', 'desc').orderBy(itemId, 'desc').limit(limit).execute();
  return rows.map(
    (r): TimelineItem => ({
      id: `${r.direction === 'note' ? 'conversation_note' : 'message'}:${r.id}`,
      kind: r.direction === 'note' ? 'conversation_note' : 'message',
      at: r.created_at.toISOString(),
      channel: r.channel,
      direction: r.direction === 'note' ? 'internal' : r.direction,
      author: r.direction === 'inbound' ? r.contact_name : (r.staff_name ?? null),
      body: r.title ? `${r.title} — ${r.body}` : r.body,
      link: { kind: 'conversation', id: r.conversation_id },
      meta: {
        visibility: r.visibility,
        threadKind: r.kind,
        handle: r.direction === 'inbound' ? r.contact_handle : null,
        deliveryStatus: r.delivery_status,
        rating: r.rating,
        deleted: r.deleted_at !== null,
        insult: r.insult,
      },
    }),
  );
};
