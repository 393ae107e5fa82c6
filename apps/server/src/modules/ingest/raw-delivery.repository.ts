import { sql } from 'kysely';
import { sha256Hex } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';

export const INGEST_CHANNEL = 'agora_ingest';

/** Stores a verified delivery once; returns false when the same body was already stored (replay). */
export async function storeDelivery(database: Database, platform: string, rawBody: Buffer): Promise<boolean> {
  return database.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('raw_deliveries')
      .values({ platform, body_sha256: sha256Hex(rawBody), body: rawBody.toString('utf8') })
      .onConflict((oc) => oc.columns(['platform', 'body_sha256']).doNothing())
      .returning(['id'])
      .executeTakeFirst();
    // Wakes workers in other processes at commit (Postgres server); PGlite is one process.
    if (inserted && database.kind === 'postgres') await sql`select pg_notify(${INGEST_CHANNEL}, '')`.execute(tx);
    return inserted !== undefined;
  });
}
