import { mentionListQuerySchema } from '@agora/contracts/listening.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { appendAudit } from '../../../platform/audit/audit.service.ts';
import { principalOf, requireStaff } from '../../../platform/auth/staff-principal.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import { withListening } from '../listening.tables.ts';
import { LISTENING_READERS } from '../listening-roles.ts';
import { listMentions } from '../mentions/mentions.repository.ts';
import { addDays, dayOf } from '../rollups/buckets.ts';
import { readDashboard } from '../rollups/dashboard.service.ts';
import { csvHeader, csvRow } from './mentions-csv.ts';
import { renderWeeklyReport } from './weekly-report.pdf.ts';

/** An export is a page of the mentions list repeated: bounded, so one click cannot dump a year. */
const CSV_MAX_ROWS = 50_000;
const weekSchema = z.object({
  week: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Semaine attendue au format AAAA-MM-JJ (son lundi)')
    .optional(),
});

export async function registerReportRoutes(app: FastifyInstance, deps: AppDeps, alerts: AlertsService) {
  const db = withListening(deps.database.db);
  const tags = ['listening'];
  // Exports are heavy: a few per minute and per person is plenty.
  const limited = {
    preHandler: requireStaff(LISTENING_READERS),
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags },
  };

  app.get('/api/listening/mentions.csv', limited, async (request, reply) => {
    const p = principalOf(request);
    const filter = mentionListQuerySchema.parse({ ...(request.query as object), limit: 100 });
    const queries = await db.selectFrom('listening_queries').select(['id', 'name']).where('bank_id', '=', p.bankId).execute();
    const names = new Map(queries.map((q) => [q.id, q.name]));
    await appendAudit(deps.database.db, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: `${p.displayName} (${p.role})`,
      action: 'listening.mentions_exported',
      targetType: 'mentions',
      targetId: null,
      details: { filter: request.query },
    });
    let out = csvHeader();
    let rows = 0;
    let before: string | undefined;
    for (;;) {
      const page = await listMentions(db, p.bankId, { ...filter, before });
      for (const m of page.items) out += csvRow(m, names);
      rows += page.items.length;
      if (!page.next || rows >= CSV_MAX_ROWS) break;
      before = page.next;
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="mentions-${new Date().toISOString().slice(0, 10)}.csv"`)
      .send(out);
  });

  app.get('/api/listening/reports/weekly.pdf', limited, async (request, reply) => {
    const p = principalOf(request);
    const { week } = weekSchema.parse(request.query);
    // The week asked for (its Monday), or the last 7 days.
    const to = week ? addDays(dayOf(new Date(`${week}T12:00:00Z`)), 7) : new Date();
    const from = week ? dayOf(new Date(`${week}T12:00:00Z`)) : addDays(dayOf(new Date()), -6);
    const queries = await db
      .selectFrom('listening_queries')
      .select(['id', 'name', 'kind'])
      .where('bank_id', '=', p.bankId)
      .orderBy('name')
      .execute();
    const dashboard = await readDashboard(db, p.bankId, { from: from.toISOString(), to: to.toISOString() }, queries);
    const previous = await readDashboard(db, p.bankId, { from: addDays(from, -7).toISOString(), to: from.toISOString() }, queries);
    const weekAlerts = (await alerts.list(p, { limit: 100 })).filter(
      (a) => a.createdAt >= from.toISOString() && a.createdAt < to.toISOString(),
    );
    const bank = await db.selectFrom('banks').select(['name']).where('id', '=', p.bankId).executeTakeFirst();
    const pdf = await renderWeeklyReport({
      bankName: bank?.name ?? 'Banque',
      dashboard,
      previousTotal: previous.totals.mentions,
      alerts: weekAlerts,
      generatedAt: new Date(),
    });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="rapport-e-reputation-${from.toISOString().slice(0, 10)}.pdf"`)
      .send(pdf);
  });
}
