import {
  type ListeningQuery,
  listeningQueryInputSchema,
  type QueryCheckResult,
  queryCheckSchema,
} from '@agora/contracts/listening.schema.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { appendAudit } from '../../../platform/audit/audit.service.ts';
import { principalOf, requireStaff } from '../../../platform/auth/staff-principal.ts';
import { queryNameTaken, queryNotFound, querySyntax } from '../listening.errors.ts';
import { withListening } from '../listening.tables.ts';
import { LISTENING_EDITORS, LISTENING_READERS } from '../listening-roles.ts';
import { deleteQuery, findQuery, insertQuery, listQueries, updateQuery } from './queries.repository.ts';
import { requestBackfill } from './query-backfill.worker.ts';
import { matches, prepareDocument } from './query-matcher.ts';
import { parseQuery, QuerySyntaxError } from './query-parser.ts';

const uuid = /^[0-9a-f-]{36}$/i;

function checkSyntax(expression: string) {
  try {
    return parseQuery(expression);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw querySyntax(error.message, error.position);
    throw error;
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Listening queries: read by listening staff, written by community managers, supervisors and admins (audited). */
export async function registerQueryRoutes(app: FastifyInstance, deps: AppDeps) {
  const db = withListening(deps.database.db);
  const tags = ['listening'];
  const editors = { preHandler: requireStaff(LISTENING_EDITORS) };

  app.get('/api/listening/queries', { preHandler: requireStaff(LISTENING_READERS), schema: { tags } }, async (request) =>
    listQueries(db, principalOf(request).bankId),
  );

  // Checks a query as it is typed (syntax, and optionally against a sample text); reads nothing.
  app.post('/api/listening/queries/check', { ...editors, schema: { tags } }, async (request): Promise<QueryCheckResult> => {
    const input = queryCheckSchema.parse(request.body);
    try {
      const tree = parseQuery(input.expression);
      const sample = input.sample?.trim();
      return {
        valid: true,
        matchesSample: sample ? matches(tree, prepareDocument({ text: sample, language: null, channel: 'x' })) : null,
      };
    } catch (error) {
      if (error instanceof QuerySyntaxError) return { valid: false, message: error.message, position: error.position };
      throw error;
    }
  });

  app.post('/api/listening/queries', { ...editors, schema: { tags } }, async (request, reply): Promise<ListeningQuery> => {
    const p = principalOf(request);
    const input = listeningQueryInputSchema.parse(request.body);
    checkSyntax(input.expression);
    const created = await deps.database.db
      .transaction()
      .execute(async (tx) => {
        const query = await insertQuery(withListening(tx), p.bankId, input, p.userId);
        // A new competitor shows its last 30 days at once (worked off in the background).
        await requestBackfill(withListening(tx), p.bankId, query.id);
        await appendAudit(tx, {
          bankId: p.bankId,
          actorId: p.userId,
          actorLabel: `${p.displayName} (${p.role})`,
          action: 'listening.query_created',
          targetType: 'listening_query',
          targetId: query.id,
          details: { name: query.name, kind: query.kind, expression: query.expression },
        });
        return query;
      })
      .catch((error) => {
        throw isUniqueViolation(error) ? queryNameTaken() : error;
      });
    reply.code(201);
    return created;
  });

  app.put<{ Params: { id: string } }>('/api/listening/queries/:id', { ...editors, schema: { tags } }, async (request) => {
    const p = principalOf(request);
    if (!uuid.test(request.params.id)) throw queryNotFound();
    const input = listeningQueryInputSchema.parse(request.body);
    checkSyntax(input.expression);
    return deps.database.db
      .transaction()
      .execute(async (tx) => {
        const before = await findQuery(withListening(tx), p.bankId, request.params.id);
        const query = await updateQuery(withListening(tx), p.bankId, request.params.id, input);
        if (!before || !query) throw queryNotFound();
        if (before.expression !== query.expression || before.kind !== query.kind || (query.active && !before.active))
          await requestBackfill(withListening(tx), p.bankId, query.id);
        await appendAudit(tx, {
          bankId: p.bankId,
          actorId: p.userId,
          actorLabel: `${p.displayName} (${p.role})`,
          action: 'listening.query_changed',
          targetType: 'listening_query',
          targetId: query.id,
          details: { before: { name: before.name, expression: before.expression, active: before.active }, after: input },
        });
        return query;
      })
      .catch((error) => {
        throw isUniqueViolation(error) ? queryNameTaken() : error;
      });
  });

  app.delete<{ Params: { id: string } }>('/api/listening/queries/:id', { ...editors, schema: { tags } }, async (request, reply) => {
    const p = principalOf(request);
    if (!uuid.test(request.params.id)) throw queryNotFound();
    await deps.database.db.transaction().execute(async (tx) => {
      const before = await findQuery(withListening(tx), p.bankId, request.params.id);
      if (!before || !(await deleteQuery(withListening(tx), p.bankId, request.params.id))) throw queryNotFound();
      await appendAudit(tx, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: `${p.displayName} (${p.role})`,
        action: 'listening.query_deleted',
        targetType: 'listening_query',
        targetId: before.id,
        details: { name: before.name, expression: before.expression },
      });
    });
    reply.code(204);
  });
}
