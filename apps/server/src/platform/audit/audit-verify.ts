import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { auditRowHash, GENESIS_HASH } from './audit.service.ts';

export type AuditChainResult = { ok: true; count: number } | { ok: false; firstBrokenId: string; reason: string };

const BATCH = 1000;

/**
 * Walks the audit log in id order, recomputing each row's hash and checking it names the previous
 * row's hash. An edited row fails its own hash; a deleted or inserted row breaks the link of the
 * next one. Gaps in ids are normal (a rolled-back transaction consumes a sequence value).
 */
export async function verifyAuditChain(database: Database): Promise<AuditChainResult> {
  let previousHash = GENESIS_HASH;
  let cursor: string | null = null;
  let count = 0;
  for (;;) {
    // id as text: bigint must not pass through a lossy JavaScript number.
    const query = database.db
      .selectFrom('audit_log')
      .select([
        sql<string>`id::text`.as('id'),
        'at',
        'bank_id',
        'actor_id',
        'actor_label',
        'action',
        'target_type',
        'target_id',
        'details',
        'prev_hash',
        'hash',
      ])
      .orderBy('audit_log.id')
      .limit(BATCH);
    const rows = await (cursor === null ? query : query.where('audit_log.id', '>', cursor)).execute();
    for (const row of rows) {
      if (row.prev_hash !== previousHash) {
        return { ok: false, firstBrokenId: row.id, reason: 'prev_hash does not match the previous row (a row was removed or inserted)' };
      }
      const expected = auditRowHash({
        id: row.id,
        prevHash: row.prev_hash,
        at: row.at.toISOString(),
        bankId: row.bank_id,
        actorId: row.actor_id,
        actorLabel: row.actor_label,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        details: row.details,
      });
      if (expected !== row.hash) return { ok: false, firstBrokenId: row.id, reason: 'hash mismatch (the row was altered)' };
      previousHash = row.hash;
      count++;
    }
    if (rows.length < BATCH) return { ok: true, count };
    cursor = rows.at(-1)?.id ?? null;
  }
}
