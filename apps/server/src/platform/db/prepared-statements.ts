import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';

const MARK = '/* prepared */ ';

/**
 * First in a statement's text (sql`${PREPARED}with …`), runs it as a named prepared statement on
 * a Postgres server. The query builder sends every statement unnamed, so Postgres parses,
 * analyses and plans it again on every call: for the ingest's batch statement that was 0.9 ms
 * of its 2.3 ms on the server. Named, each connection parses it once and Postgres keeps a
 * generic plan once it has seen that the parameters do not change it.
 *
 * Only for statements whose plan does not hang on a parameter's value: a generic plan cannot
 * use a partial index whose predicate compares a column with a parameter (`status = $1`
 * against `where status = 'new'`), and Postgres may judge it cheaper all the same, then walk
 * the whole table on every call. Rows passed as arrays or JSON are the right case.
 */
export const PREPARED = sql.raw(MARK);

/** PREPARED for a query the builder has compiled (`db.executeQuery(prepared(query.compile()))`). */
export const prepared = (query: CompiledQuery): CompiledQuery => CompiledQuery.raw(`${MARK}${query.sql}`, [...query.parameters]);

/** Distinct statements named per pool: a statement built with varying text would otherwise pile up. */
const MAX_NAMED = 100;

/** A pg client class (the pool's `Client` option) that names the statements marked PREPARED. */
export function namingClient(): typeof pg.Client {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    const named = names.get(text);
    if (named || names.size >= MAX_NAMED) return named;
    const name = `agora_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
  return class NamingClient extends pg.Client {
    // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this passes them through.
    override query(...args: any[]): any {
      const [text, values] = args;
      if (args.length === 2 && typeof text === 'string' && text.startsWith(MARK) && Array.isArray(values)) {
        const name = nameOf(text);
        if (name) return super.query({ name, text, values });
      }
      // biome-ignore lint/suspicious/noExplicitAny: see above.
      return (super.query as any)(...args);
    }
  } as typeof pg.Client;
}
