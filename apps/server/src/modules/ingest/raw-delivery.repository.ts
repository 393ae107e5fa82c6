import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { sha256Hex } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';
import { PREPARED } from '../../platform/db/prepared-statements.ts';
import { perObject } from '../../platform/per-object.ts';

export const INGEST_CHANNEL = 'agora_ingest';

/** Deliveries per intake statement: bounded so that one statement stays small and quick. */
const MAX_INTAKE_BATCH = 500;

/**
 * Stores a verified delivery once; returns false when the same body was already stored (replay).
 * One statement, so one round trip and its own transaction: the insert and, on a Postgres server,
 * the NOTIFY that wakes workers in other processes commit together.
 */
export async function storeDelivery(database: Database, platform: string, rawBody: Buffer): Promise<boolean> {
  const stored = await insertDeliveries(database, [{ platform, sha256: sha256Hex(rawBody), body: rawBody.toString('utf8') }]);
  return stored.size > 0;
}

interface DeliveryRow {
  platform: string;
  sha256: string;
  body: string;
}

/**
 * Tags the NOTIFY of this server's webhook intake, whose deliveries its own ingest worker is
 * handed by id: that worker ignores its own tag.
 */
export const intakeOrigin = perObject((_database: Database) => randomUUID());

/**
 * A NOTIFY payload holds at most 8,000 bytes: the ids go along while they fit (500 of them up to
 * ids of 14 digits); past that, the notice says only who stored, and the workers scan.
 */
const MAX_NOTICE_BYTES = 7900;

/**
 * What an intake's NOTIFY tells the other processes' ingest workers: who stored, and the ids of
 * the deliveries it stored, so that they claim those by id as the storing server does. Without
 * ids, a worker scans the queue, walking an index entry for every delivery taken since
 * autovacuum last came by: in a deployment split into web and worker processes, those scans
 * were the Postgres time that grew through a run at a steady rate.
 */
export function readIntakeNotice(payload: string): { origin: string; ids: string[] } {
  const [origin = '', ids = ''] = payload.split(' ');
  return { origin, ids: ids ? ids.split(',').filter((id) => /^\d+$/.test(id)) : [] };
}

/** One statement for many deliveries; returns the new ones' ids by key (platform + sha). */
async function insertDeliveries(database: Database, rows: DeliveryRow[], origin = ''): Promise<Map<string, string>> {
  // One NOTIFY for the statement (an init plan, run once and only if a row was inserted).
  const notify =
    database.kind === 'postgres'
      ? sql`, (select pg_notify(${INGEST_CHANNEL}, case when octet_length(n.notice) <= ${MAX_NOTICE_BYTES} then n.notice else ${origin} end)
          from (select ${origin} || ' ' || string_agg(id::text, ',' order by id) as notice from inserted) n)`
      : sql``;
  const result = await sql<{ id: string; platform: string; body_sha256: string }>`${PREPARED}
    with inserted as (
      insert into raw_deliveries (platform, body_sha256, body)
      select * from unnest(${rows.map((r) => r.platform)}::text[], ${rows.map((r) => r.sha256)}::text[], ${rows.map((r) => r.body)}::text[])
      on conflict (platform, body_sha256) do nothing
      returning id, platform, body_sha256
    )
    select id, platform, body_sha256${notify} from inserted`.execute(database.db);
  return new Map(result.rows.map((r) => [keyOf(r.platform, r.body_sha256), String(r.id)]));
}

const keyOf = (platform: string, sha256: string) => `${platform}\u0000${sha256}`;

export interface DeliveryIntake {
  /** Resolves once the delivery is committed: true if new, false if it was a replay. */
  store(platform: string, rawBody: Buffer): Promise<boolean>;
}

/**
 * Group commit for webhooks: deliveries that arrive while a statement is in flight wait for the
 * next one and commit together. A lone delivery goes out at once (no timer, so no added latency
 * when traffic is low); under load one commit serves hundreds of webhooks instead of one each,
 * which is what lets the intake keep up with the platforms' bursts. Each webhook still answers
 * 200 only after its own row is committed.
 */
export function createDeliveryIntake(database: Database, onStored: (deliveryIds: string[]) => void): DeliveryIntake {
  const origin = intakeOrigin(database);
  interface Pending extends DeliveryRow {
    resolve(stored: boolean): void;
    reject(error: unknown): void;
  }
  let queue: Pending[] = [];
  let flushing = false;

  async function flush() {
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_INTAKE_BATCH);
        queue = queue.slice(batch.length);
        // The same body twice in one batch: the first is the delivery, the others replays.
        const firsts = new Map<string, Pending>();
        for (const p of batch) if (!firsts.has(keyOf(p.platform, p.sha256))) firsts.set(keyOf(p.platform, p.sha256), p);
        try {
          const stored = await insertDeliveries(database, [...firsts.values()], origin);
          if (stored.size > 0) onStored([...stored.values()]);
          for (const p of batch) p.resolve(stored.has(keyOf(p.platform, p.sha256)) && firsts.get(keyOf(p.platform, p.sha256)) === p);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    store(platform, rawBody) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ platform, sha256: sha256Hex(rawBody), body: rawBody.toString('utf8'), resolve, reject });
        if (!flushing) void flush();
      });
    },
  };
}
