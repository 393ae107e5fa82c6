import { randomUUID } from 'node:crypto';
import type { ListeningQuery, ListeningQueryInput } from '@agora/contracts/listening.schema.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { ListeningExecutor, QueryKind, Sensitivity } from '../listening.tables.ts';
import { type CompiledQuery, compileQuery } from './query-matcher.ts';

const COLUMNS = ['id', 'name', 'kind', 'expression', 'sensitivity', 'active', 'updated_at'] as const;

type Row = { id: string; name: string; kind: QueryKind; expression: string; sensitivity: Sensitivity; active: boolean; updated_at: Date };
const toQuery = (r: Row): ListeningQuery => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  expression: r.expression,
  sensitivity: r.sensitivity,
  active: r.active,
  updatedAt: r.updated_at.toISOString(),
});

export async function listQueries(db: ListeningExecutor, bankId: string): Promise<ListeningQuery[]> {
  const rows = await db
    .selectFrom('listening_queries')
    .select(COLUMNS)
    .where('bank_id', '=', bankId)
    .orderBy('kind')
    .orderBy('name')
    .execute();
  return rows.map(toQuery);
}

export async function findQuery(db: ListeningExecutor, bankId: string, id: string): Promise<ListeningQuery | null> {
  const row = await db
    .selectFrom('listening_queries')
    .select(COLUMNS)
    .where('bank_id', '=', bankId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toQuery(row) : null;
}

export async function insertQuery(
  db: ListeningExecutor,
  bankId: string,
  input: Required<ListeningQueryInput>,
  createdBy: string | null,
): Promise<ListeningQuery> {
  const row = await db
    .insertInto('listening_queries')
    .values({ id: randomUUID(), bank_id: bankId, ...input, created_by: createdBy })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toQuery(row);
}

export async function updateQuery(
  db: ListeningExecutor,
  bankId: string,
  id: string,
  input: Required<ListeningQueryInput>,
): Promise<ListeningQuery | null> {
  const row = await db
    .updateTable('listening_queries')
    .set({ ...input, updated_at: new Date() })
    .where('bank_id', '=', bankId)
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toQuery(row) : null;
}

export async function deleteQuery(db: ListeningExecutor, bankId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('listening_queries').where('bank_id', '=', bankId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The bank's active queries, compiled. Re-read on each worker pass (one small query), so an edit
 * applies to the next batch; a query that no longer parses (stored before a grammar change) is
 * skipped and logged rather than stopping listening.
 */
export async function loadCompiledQueries(db: ListeningExecutor, bankId: string, logger?: Logger): Promise<CompiledQuery[]> {
  const rows = await db
    .selectFrom('listening_queries')
    .select(['id', 'kind', 'expression', 'updated_at'])
    .where('bank_id', '=', bankId)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  const out: CompiledQuery[] = [];
  for (const r of rows) {
    const key = `${r.id}|${r.updated_at.getTime()}`;
    let compiled = cache.get(key);
    if (!compiled) {
      try {
        compiled = compileQuery(r);
        cache.set(key, compiled);
      } catch (error) {
        logger?.warn({ err: error, queryId: r.id }, 'listening query does not parse; skipped');
        continue;
      }
    }
    out.push(compiled);
  }
  if (cache.size > 10_000) cache.clear();
  return out;
}
const cache = new Map<string, CompiledQuery>();
