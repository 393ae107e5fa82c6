import { randomUUID } from 'node:crypto';
import type { AlertSummary, ListeningAlert } from '@agora/contracts/listening.schema.ts';
import { sql } from 'kysely';
import type { AppDeps } from '../../../platform/app-deps.ts';
import type { StaffPrincipal } from '../../../platform/auth/staff-principal.ts';
import { queueMail } from '../../../platform/mail/mail.service.ts';
import { notifyOne } from '../../answers/notifications.service.ts';
import { EPISODE_GAP_MS, type Signal } from '../detectors/signal-detectors.ts';
import { alertNotFound } from '../listening.errors.ts';
import { type ListeningExecutor, withListening } from '../listening.tables.ts';
import { ALERT_HANDLERS } from '../listening-roles.ts';
import { buildAlertSummary } from './alert-summary.ts';

export interface RaiseOutcome {
  alertId: string;
  created: boolean;
}

const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const;

/** The link of an alert: the dashboard on its query and window (drill-down to its mentions). */
export function alertLink(a: { query_id: string; window_start: Date; window_end: Date; term: string | null }): string {
  const params = new URLSearchParams({
    queryIds: a.query_id,
    from: new Date(a.window_start.getTime() - 24 * 3_600_000).toISOString(),
    to: new Date(a.window_end.getTime() + 3_600_000).toISOString(),
  });
  if (a.term) params.set('term', a.term);
  return `/listening?${params}`;
}

/**
 * Alerts (issue 7): a signal of a wave already alerted (same query, kind and term, seen less than
 * EPISODE_GAP_MS ago) updates that alert; a new wave opens one, notifies the people who handle
 * alerts in the app, queues its e-mails and its signed webhooks — all in one transaction, so an
 * alert is never announced twice nor lost.
 */
export function createAlertsService(deps: AppDeps, hooks: { onQueued?: () => void } = {}) {
  const db = withListening(deps.database.db);

  async function raise(query: { id: string; name: string; kind: string }, signal: Signal, now = new Date()): Promise<RaiseOutcome> {
    const outcome = await deps.database.db.transaction().execute(async (rawTx) => {
      const tx = withListening(rawTx);
      const open = await tx
        .selectFrom('listening_alerts')
        .select(['id', 'severity', 'observed', 'score'])
        .where('bank_id', '=', deps.bankId)
        .where('query_id', '=', query.id)
        .where('kind', '=', signal.kind)
        .where(sql<boolean>`coalesce(term, '') = ${signal.term ?? ''}`)
        .where('updated_at', '>=', new Date(now.getTime() - EPISODE_GAP_MS))
        .orderBy('created_at', 'desc')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
      if (open) {
        const severity = SEVERITY_RANK[signal.severity] > SEVERITY_RANK[open.severity] ? signal.severity : open.severity;
        await tx
          .updateTable('listening_alerts')
          .set({
            window_end: signal.windowEnd,
            observed: Math.max(open.observed, signal.observed),
            score: Math.max(open.score, signal.score),
            severity,
            updated_at: now,
          })
          .where('id', '=', open.id)
          .execute();
        return { alertId: open.id, created: false };
      }
      const suggestsCrisis = query.kind === 'brand' && signal.severity === 'critical' && signal.kind !== 'term_burst';
      const summary = await buildAlertSummary(tx, deps.bankId, {
        queryId: query.id,
        queryName: query.name,
        kind: signal.kind,
        term: signal.term,
        windowStart: signal.windowStart,
        windowEnd: signal.windowEnd,
        observed: signal.observed,
        expected: signal.expected,
      });
      const id = randomUUID();
      const inserted = await tx
        .insertInto('listening_alerts')
        .values({
          id,
          bank_id: deps.bankId,
          query_id: query.id,
          kind: signal.kind,
          dedupe_key: `${query.id}:${signal.kind}:${signal.term ?? ''}:${signal.windowStart.toISOString()}`,
          term: signal.term,
          window_start: signal.windowStart,
          window_end: signal.windowEnd,
          observed: signal.observed,
          expected: signal.expected,
          score: signal.score,
          severity: signal.severity,
          suggests_crisis: suggestsCrisis,
          summary: JSON.stringify(summary),
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['bank_id', 'dedupe_key']).doNothing())
        .returning(['id'])
        .executeTakeFirst();
      if (!inserted) return { alertId: id, created: false };
      await announce(tx, { id, queryName: query.name, summary, suggestsCrisis, severity: signal.severity });
      return { alertId: id, created: true };
    });
    if (outcome.created) {
      deps.wakeOutbox();
      hooks.onQueued?.();
    }
    return outcome;
  }

  /** In-app notifications (the bell), and the signed webhooks queued for delivery. */
  async function announce(
    tx: ListeningExecutor,
    a: { id: string; queryName: string; summary: AlertSummary; suggestsCrisis: boolean; severity: string },
  ) {
    const staff = await tx
      .selectFrom('staff_users')
      .select(['id', 'email'])
      .where('bank_id', '=', deps.bankId)
      .where('active', '=', true)
      .where('role', 'in', [...ALERT_HANDLERS])
      .execute();
    const team = await tx
      .selectFrom('teams')
      .select(['id'])
      .where('bank_id', '=', deps.bankId)
      .where('kind', '=', 'social_care')
      .executeTakeFirst();
    const text = `Écoute — ${a.summary.headline}${a.suggestsCrisis ? ' · mode crise suggéré' : ''}`;
    for (const s of staff) {
      await notifyOne(
        tx as never,
        {
          bankId: deps.bankId,
          userId: s.id,
          kind: 'listening_alert',
          conversationId: null,
          teamId: team?.id ?? '',
          advisorId: null,
          messageId: a.id,
          text: text.length > 300 ? `${text.slice(0, 299)}…` : text,
        },
        deps.database.kind,
      );
    }
    // E-mail for what needs attention now (warning, critical); an "info" stays in the app.
    if (a.severity !== 'info') {
      const data = await alertById(tx, a.id);
      const mail = alertMail(data, `${deps.config.publicUrl.replace(/\/$/, '')}${data.link}`, a.suggestsCrisis);
      for (const s of staff) await queueMail(tx as never, deps.bankId, { kind: 'listening.alert', to: s.email, ...mail });
    }
    const hooks = await tx
      .selectFrom('listening_webhooks')
      .select(['id'])
      .where('bank_id', '=', deps.bankId)
      .where('active', '=', true)
      .execute();
    if (hooks.length) {
      const data = await alertById(tx, a.id);
      // Outside Agora the link must be absolute.
      data.link = `${deps.config.publicUrl.replace(/\/$/, '')}${data.link}`;
      const payload = JSON.stringify({ type: 'listening.alert.created', id: `alert-${a.id}`, createdAt: new Date().toISOString(), data });
      await tx
        .insertInto('listening_webhook_deliveries')
        .values(
          hooks.map((h) => ({
            id: randomUUID(),
            bank_id: deps.bankId,
            webhook_id: h.id,
            alert_id: a.id,
            event_id: `alert-${a.id}`,
            payload,
          })),
        )
        .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
        .execute();
    }
  }

  async function alertById(tx: ListeningExecutor, id: string): Promise<ListeningAlert> {
    const rows = await select(tx).where('listening_alerts.id', '=', id).execute();
    if (!rows[0]) throw alertNotFound();
    return toAlert(rows[0]);
  }

  function select(tx: ListeningExecutor) {
    return tx
      .selectFrom('listening_alerts')
      .innerJoin('listening_queries', 'listening_queries.id', 'listening_alerts.query_id')
      .select([
        'listening_alerts.id',
        'listening_alerts.query_id',
        'listening_queries.name as query_name',
        'listening_alerts.kind',
        'listening_alerts.term',
        'listening_alerts.window_start',
        'listening_alerts.window_end',
        'listening_alerts.observed',
        'listening_alerts.expected',
        'listening_alerts.score',
        'listening_alerts.severity',
        'listening_alerts.suggests_crisis',
        'listening_alerts.summary',
        'listening_alerts.created_at',
        'listening_alerts.acknowledged_at',
      ])
      .where('listening_alerts.bank_id', '=', deps.bankId);
  }

  async function list(p: StaffPrincipal, options: { limit: number; open?: boolean }): Promise<ListeningAlert[]> {
    let q = select(db).where('listening_alerts.bank_id', '=', p.bankId);
    if (options.open) q = q.where('listening_alerts.acknowledged_at', 'is', null);
    const rows = await q.orderBy('listening_alerts.created_at', 'desc').limit(options.limit).execute();
    return rows.map(toAlert);
  }

  async function acknowledge(p: StaffPrincipal, id: string): Promise<ListeningAlert> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw alertNotFound();
    const updated = await db
      .updateTable('listening_alerts')
      .set({ acknowledged_at: new Date(), acknowledged_by: p.userId })
      .where('bank_id', '=', p.bankId)
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .returning(['id'])
      .executeTakeFirst();
    const alert = await alertById(db, id).catch(() => null);
    if (!alert) throw alertNotFound();
    void updated;
    return alert;
  }

  return { raise, list, acknowledge, get: (id: string) => alertById(db, id) };
}

export type AlertsService = ReturnType<typeof createAlertsService>;

const KIND_LABEL: Record<ListeningAlert['kind'], string> = {
  volume_spike: 'Pic de volume',
  term_burst: 'Terme émergent',
  negative_surge: 'Hausse des avis négatifs',
  rumour_surge: 'Vague de rumeurs',
};
const SEVERITY_LABEL = { info: 'info', warning: 'attention', critical: 'critique' } as const;

/** The alert e-mail: the same summary as the screen, plain text first, and the link to the filtered view. */
export function alertMail(a: ListeningAlert, url: string, suggestsCrisis: boolean): { subject: string; text: string; html: string } {
  const s = a.summary;
  const when = (iso: string) =>
    new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
  const total = s.sentiment.negative + s.sentiment.neutral + s.sentiment.positive || 1;
  const lines = [
    s.headline,
    `Fenêtre : ${when(a.windowStart)} → ${when(a.windowEnd)} (sévérité : ${SEVERITY_LABEL[a.severity]})`,
    `Ressenti : ${Math.round((s.sentiment.negative / total) * 100)} % négatif, ${Math.round((s.sentiment.neutral / total) * 100)} % neutre, ${Math.round((s.sentiment.positive / total) * 100)} % positif`,
    `Termes : ${s.topTerms.map((t) => `${t.term} (${t.mentions})`).join(', ') || '—'}`,
    `Auteurs : ${s.topAuthors.map((t) => `${t.name}${t.handle ? ` @${t.handle}` : ''} (${t.mentions})`).join(', ') || '—'}`,
    '',
    'Exemples :',
    ...s.examples.map((e) => `- ${e.author} : ${e.body}`),
    '',
    ...(suggestsCrisis ? ['Cette vague touche la marque : le mode crise est suggéré (à activer par un superviseur).', ''] : []),
    `Voir les mentions : ${url}`,
  ];
  const esc = (x: string) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html = `<p><strong>${esc(s.headline)}</strong></p>${lines
    .slice(1, 5)
    .map((l) => `<p>${esc(l)}</p>`)
    .join('')}<ul>${s.examples.map((e) => `<li><strong>${esc(e.author)}</strong> — ${esc(e.body)}</li>`).join('')}</ul>${
    suggestsCrisis ? '<p><strong>Le mode crise est suggéré.</strong></p>' : ''
  }<p><a href="${esc(url)}">Voir les mentions</a></p>`;
  return {
    subject: `[Agora · écoute] ${KIND_LABEL[a.kind]} — ${a.queryName}${a.term ? ` « ${a.term} »` : ''}`,
    text: lines.join('\n'),
    html,
  };
}

type AlertRow = {
  id: string;
  query_id: string;
  query_name: string;
  kind: ListeningAlert['kind'];
  term: string | null;
  window_start: Date;
  window_end: Date;
  observed: number;
  expected: number;
  score: number;
  severity: ListeningAlert['severity'];
  suggests_crisis: boolean;
  summary: unknown;
  created_at: Date;
  acknowledged_at: Date | null;
};

function toAlert(r: AlertRow): ListeningAlert {
  const summary = (typeof r.summary === 'string' ? JSON.parse(r.summary) : r.summary) as AlertSummary;
  return {
    id: r.id,
    queryId: r.query_id,
    queryName: r.query_name,
    kind: r.kind,
    term: r.term,
    windowStart: r.window_start.toISOString(),
    windowEnd: r.window_end.toISOString(),
    observed: r.observed,
    expected: r.expected,
    score: r.score,
    severity: r.severity,
    suggestsCrisis: r.suggests_crisis,
    summary,
    createdAt: r.created_at.toISOString(),
    acknowledgedAt: r.acknowledged_at ? r.acknowledged_at.toISOString() : null,
    link: alertLink(r),
  };
}
