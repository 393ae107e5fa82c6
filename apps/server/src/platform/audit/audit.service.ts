import { type Kysely, sql, type Transaction } from 'kysely';
import { sha256Hex } from '../crypto.ts';
import type { DB } from '../db/db.types.ts';

export interface AuditEntryInput {
  bankId: string | null;
  actorId: string | null;
  /** Who, in words that survive the account's deletion: "Camille Martin (admin)". */
  actorLabel: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash covers every field a reader relies on, and the previous row's hash. */
export function auditRowHash(row: {
  id: string;
  prevHash: string;
  at: string;
  bankId: string | null;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}): string {
  return sha256Hex(
    JSON.stringify([
      row.id,
      row.prevHash,
      row.at,
      row.bankId,
      row.actorId,
      row.actorLabel,
      row.action,
      row.targetType,
      row.targetId,
      canonical(row.details),
    ]),
  );
}

/** JSON with sorted keys: jsonb does not keep key order, the hash must not depend on it. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

// Serialises appends across transactions and processes: each row links to the one before it.
export const AUDIT_LOCK_KEY = 727_002;

/**
 * Appends one row inside the caller's transaction, so the audited change and its record commit
 * together or not at all.
 */
export async function appendAudit(tx: Transaction<DB> | Kysely<DB>, entry: AuditEntryInput): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select(['hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const { id } = await sql<{ id: string }>`select nextval('audit_log_id_seq')::text as id`.execute(tx).then((r) => r.rows[0]!);
  // Millisecond precision: what a timestamptz round-trips through JavaScript exactly.
  const at = new Date().toISOString();
  const details = entry.details ?? {};
  const row = {
    id,
    prevHash,
    at,
    bankId: entry.bankId,
    actorId: entry.actorId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details,
  };
  await tx
    .insertInto('audit_log')
    .values({
      id,
      bank_id: row.bankId,
      at,
      actor_id: row.actorId,
      actor_label: row.actorLabel,
      action: row.action,
      target_type: row.targetType,
      target_id: row.targetId,
      details: JSON.stringify(details),
      prev_hash: prevHash,
      hash: auditRowHash(row),
    })
    .execute();
}
