import type { AuditEntry } from '@agora/contracts/admin.schema.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';

/** One bank's audit entries, newest first, continuing below `cursor` (keyset on id). */
export async function listAuditEntries(
  db: Kysely<DB>,
  bankId: string,
  query: { limit: number; cursor?: string; action?: string },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_label', 'action', 'target_type', 'target_id', 'details'])
    .where('bank_id', '=', bankId);
  if (query.cursor) q = q.where('id', '<', query.cursor);
  if (query.action) q = q.where('action', '=', query.action);
  // One extra row tells whether another page exists without a count.
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      actorLabel: r.actor_label,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: r.details,
    })),
    nextCursor: rows.length > query.limit ? String(page.at(-1)?.id) : null,
  };
}
