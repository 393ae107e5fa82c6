import { sql } from 'kysely';
import { sha256Hex } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';

export const INGEST_CHANNEL = 'agora_ingest';

/**
 * Stores a verified delivery once; returns false when the same body was already stored (replay).
 * One statement, so one round trip and its own transaction: the insert and, on a Postgres server,
 * the NOTIFY that wakes workers in other processes commit together.
 */
export async function storeDelivery(database: Database, platform: string, rawBody: Buffer): Promise<boolean> {
  const notify = database.kind === 'postgres' ? sql`, pg_notify(${INGEST_CHANNEL}, '')` : sql``;
  const result = await sql<{ id: string }>`
    with inserted as (
      insert into raw_deliveries (platform, body_sha256, body)
      values (${platform}, ${sha256Hex(rawBody)}, ${rawBody.toString('utf8')})
      on conflict (platform, body_sha256) do nothing
      returning id
    )
    select id${notify} from inserted`.execute(database.db);
  return result.rows.length > 0;
}
