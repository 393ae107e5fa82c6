import type { TimelineItem } from '@agora/contracts/client-360.schema.ts';
import { sql } from 'kysely';
import { excerptOf } from '../../platform/text.ts';
import type { TimelineSource } from '../clients/client-timeline.types.ts';
import { plainTextOf } from './post-content.ts';
import { postUrl } from './post-pipeline.ts';

/**
 * The client's community activity in the 360 timeline: their posts (topics, replies, ideas),
 * held and hidden ones included (staff see them, with their status). Community posts belong to
 * no team, so only viewers with the whole relationship (own advisor, bank-wide roles) get them.
 */
export const communityTimelineSource: TimelineSource = async (deps, bankId, clientId, { before, limit, viewer }) => {
  if (viewer.access !== 'full') return [];
  const itemId = sql<string>`'community_post:' || p.id::text`;
  let query = deps.database.db
    .selectFrom('community_posts as p')
    .innerJoin('community_members as m', 'm.id', 'p.author_member_id')
    .innerJoin('community_topics as t', 't.id', 'p.topic_id')
    .select([
      'p.id',
      'p.number',
      'p.status',
      'p.body_html',
      'p.created_at',
      't.id as topic_id',
      't.slug',
      't.title',
      't.kind',
      'm.pseudonym',
    ])
    .where('p.bank_id', '=', bankId)
    .where('m.client_id', '=', clientId)
    .where('p.status', '!=', 'deleted');
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('p.created_at', '<', before.at), eb.and([eb('p.created_at', '=', before.at), eb(itemId, '<', before.id)])]),
    );
  }
  const rows = await query.orderBy('p.created_at', 'desc').orderBy(itemId, 'desc').limit(limit).execute();
  return rows.map(
    (r): TimelineItem => ({
      id: `community_post:${r.id}`,
      kind: 'community_post',
      at: r.created_at.toISOString(),
      channel: 'forum',
      direction: 'inbound',
      author: r.pseudonym,
      body: excerptOf(plainTextOf(r.body_html), 500),
      link: null,
      meta: {
        title: r.title,
        status: r.status,
        role: r.number === 1 ? (r.kind === 'idea' ? 'idea' : 'topic') : 'reply',
        url: postUrl({ id: r.topic_id, slug: r.slug }, r.number),
      },
    }),
  );
};
