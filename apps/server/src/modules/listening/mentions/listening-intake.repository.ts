import { sql } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';

export const LISTENING_CHANNEL = 'agora_listening';

/**
 * Keeps one item of the X stream or of a feed for the listening worker; false when the same item
 * is already waiting or was taken (replays). One statement, with the NOTIFY that wakes a worker
 * of another process on a Postgres server.
 */
export async function storeListeningItem(
  database: Database,
  bankId: string,
  source: 'x_stream' | 'rss',
  itemKey: string,
  body: string,
): Promise<boolean> {
  const notify = database.kind === 'postgres' ? sql`, pg_notify(${LISTENING_CHANNEL}, '')` : sql``;
  const result = await sql<{ id: string }>`
    with inserted as (
      insert into listening_intake (bank_id, source, item_key, body)
      select ${bankId}, ${source}, ${itemKey}, ${body}
      where not exists (select 1 from mentions where bank_id = ${bankId} and item_key = ${itemKey})
      on conflict (bank_id, item_key) do nothing
      returning id
    )
    select id${notify} from inserted`.execute(database.db);
  return result.rows.length > 0;
}

/** The tweet id of a filtered-stream line, or null when the line holds no post. */
export function streamPostId(rawBody: Buffer): string | null {
  try {
    const id = (JSON.parse(rawBody.toString('utf8')) as { data?: { id?: unknown } }).data?.id;
    return typeof id === 'string' && /^\d{1,25}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}
