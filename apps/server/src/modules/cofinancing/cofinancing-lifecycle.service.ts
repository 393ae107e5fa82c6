import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { euros } from './cofinancing.errors.ts';
import { amortisationSchedule } from './cofinancing-money.ts';
import { notifyInvestors } from './cofinancing-notify.ts';
import './cofinancing.tables.ts';

const SYSTEM = { actorId: null, actorLabel: 'Agora (échéance du co-financement)' };
/** A pledge still 'reserving' this long after it began belongs to a process that died mid-pledge. */
const STALE_RESERVING_MS = 10 * 60_000;

/**
 * One pass of the deadline processing. A published project whose deadline has passed — and whose
 * pledges are all out of their reflection period, so nobody loses the right to withdraw — is
 * claimed by one conditional update (one worker wins), then settled pledge by pledge; each step is
 * idempotent, so a pass that dies half-way is finished by the next one.
 *   funded (raised = target): holds captured, allocations fixed, loan granted, schedule made;
 *   not funded: every hold released. Both audited, investors told by mail.
 * Instalments past due and unpaid turn late (investors told). Returns the work done.
 */
export async function processCofinancingDeadlines(deps: AppDeps, now = new Date()): Promise<number> {
  const db = deps.database.db;
  let work = 0;
  const due = await db
    .selectFrom('cofin_projects as p')
    .select(['p.id'])
    .where('p.bank_id', '=', deps.bankId)
    .where('p.status', '=', 'published')
    .where('p.deadline_at', '<=', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cofin_pledges as q')
            .select('q.id')
            .whereRef('q.project_id', '=', 'p.id')
            .where((eb) =>
              eb.or([
                eb.and([eb('q.status', '=', 'active'), eb('q.reflection_ends_at', '>', now)]),
                eb.and([eb('q.status', '=', 'reserving'), eb('q.created_at', '>', new Date(now.getTime() - STALE_RESERVING_MS))]),
              ]),
            ),
        ),
      ),
    )
    .execute();
  for (const { id } of due) {
    const claimed = await db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('cofin_projects')
        .set({ status: sql`case when raised_cents = target_cents then 'funded' else 'failed' end`, closed_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'published')
        .returning(['status', 'title', 'raised_cents', 'target_cents'])
        .executeTakeFirst();
      if (!row) return null;
      await tx
        .updateTable('cofin_pledges')
        .set({ status: 'failed', settled_at: now })
        .where('project_id', '=', id)
        .where('status', '=', 'reserving')
        .execute();
      await appendAudit(tx, {
        bankId: deps.bankId,
        ...SYSTEM,
        action: row.status === 'funded' ? 'cofinancing.project_funded' : 'cofinancing.project_not_funded',
        targetType: 'cofinancing_project',
        targetId: id,
        details: { raisedCents: Number(row.raised_cents), targetCents: Number(row.target_cents) },
      });
      return row;
    });
    if (claimed) work++;
  }
  work += await settleFunded(deps, now);
  work += await settleFailed(deps, now);
  work += await markLateInstalments(deps, now);
  return work;
}

async function settleFunded(deps: AppDeps, now: Date): Promise<number> {
  const db = deps.database.db;
  const projects = await db
    .selectFrom('cofin_projects')
    .select(['id', 'title', 'target_cents', 'rate_bp', 'duration_months', 'closed_at'])
    .where('bank_id', '=', deps.bankId)
    .where('status', '=', 'funded')
    .execute();
  for (const project of projects) {
    const pledges = await db
      .selectFrom('cofin_pledges')
      .select(['id', 'hold_id'])
      .where('project_id', '=', project.id)
      .where('status', '=', 'active')
      .execute();
    for (const p of pledges) {
      if (p.hold_id) await deps.coreBanking.captureHold(deps.bankId, p.hold_id);
      await db
        .updateTable('cofin_pledges')
        .set({ status: 'allocated', settled_at: now })
        .where('id', '=', p.id)
        .where('status', '=', 'active')
        .execute();
    }
    const start = project.closed_at ?? now;
    const firstDue = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate()));
    const schedule = amortisationSchedule(Number(project.target_cents), project.rate_bp, project.duration_months, firstDue);
    await db.transaction().execute(async (tx) => {
      const granted = await tx
        .updateTable('cofin_projects')
        .set({ status: 'repaying', loan_granted_at: now, updated_at: now })
        .where('id', '=', project.id)
        .where('status', '=', 'funded')
        .returning(['id'])
        .executeTakeFirst();
      if (!granted) return;
      await tx
        .insertInto('cofin_instalments')
        .values(
          schedule.map((s) => ({
            id: randomUUID(),
            project_id: project.id,
            number: s.number,
            due_on: s.dueOn,
            principal_cents: s.principalCents,
            interest_cents: s.interestCents,
          })),
        )
        .execute();
      await appendAudit(tx, {
        bankId: deps.bankId,
        ...SYSTEM,
        action: 'cofinancing.loan_granted',
        targetType: 'cofinancing_project',
        targetId: project.id,
        details: { loanCents: Number(project.target_cents), instalments: schedule.length, allocations: pledges.length },
      });
      await notifyInvestors(tx, deps.bankId, project.id, ['allocated'], {
        kind: 'cofinancing.funded',
        subject: `Projet financé : « ${project.title} »`,
        text: (firstName) =>
          `Bonjour ${firstName},\n\nLe projet « ${project.title} » a réuni ${euros(Number(project.target_cents))} : le prêt est accordé. ` +
          `Votre souscription a été débitée et vous recevrez votre part de chaque échéance, à partir du ${schedule[0]?.dueOn ?? ''}.\n`,
      });
    });
  }
  return projects.length;
}

async function settleFailed(deps: AppDeps, now: Date): Promise<number> {
  const db = deps.database.db;
  const pledges = await db
    .selectFrom('cofin_pledges as q')
    .innerJoin('cofin_projects as p', 'p.id', 'q.project_id')
    .select(['q.id', 'q.hold_id', 'q.project_id', 'p.title'])
    .where('p.bank_id', '=', deps.bankId)
    .where('p.status', '=', 'failed')
    .where('q.status', '=', 'active')
    .execute();
  const projects = new Map<string, string>();
  for (const p of pledges) {
    if (p.hold_id) await deps.coreBanking.releaseHold(deps.bankId, p.hold_id);
    projects.set(p.project_id, p.title);
  }
  for (const [projectId, title] of projects) {
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('cofin_pledges')
        .set({ status: 'released', settled_at: now })
        .where('project_id', '=', projectId)
        .where('status', '=', 'active')
        .execute();
      await notifyInvestors(tx, deps.bankId, projectId, ['released'], {
        kind: 'cofinancing.not_funded',
        subject: `Projet non financé : « ${title} »`,
        text: (firstName) =>
          `Bonjour ${firstName},\n\nLe projet « ${title} » n’a pas réuni la somme recherchée à sa date limite. ` +
          'Le montant réservé sur votre compte est libéré : il est de nouveau disponible.\n',
      });
      await appendAudit(tx, {
        bankId: deps.bankId,
        ...SYSTEM,
        action: 'cofinancing.reservations_released',
        targetType: 'cofinancing_project',
        targetId: projectId,
        details: { pledges: pledges.filter((p) => p.project_id === projectId).length },
      });
    });
  }
  return projects.size;
}

/** An instalment unpaid after its due date is late: the project too, and its investors are told. */
async function markLateInstalments(deps: AppDeps, now: Date): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const db = deps.database.db;
  const late = await db
    .selectFrom('cofin_instalments as i')
    .innerJoin('cofin_projects as p', 'p.id', 'i.project_id')
    .select(['i.id', 'i.number', 'p.id as project_id', 'p.title'])
    .where('p.bank_id', '=', deps.bankId)
    .where('p.status', 'in', ['repaying', 'late'])
    .where('i.status', '=', 'scheduled')
    .where('i.due_on', '<', today)
    .execute();
  for (const i of late) {
    await db.transaction().execute(async (tx) => {
      const marked = await tx
        .updateTable('cofin_instalments')
        .set({ status: 'late' })
        .where('id', '=', i.id)
        .where('status', '=', 'scheduled')
        .returning(['id'])
        .executeTakeFirst();
      if (!marked) return;
      await tx
        .updateTable('cofin_projects')
        .set({ status: 'late', updated_at: now })
        .where('id', '=', i.project_id)
        .where('status', '=', 'repaying')
        .execute();
      await appendAudit(tx, {
        bankId: deps.bankId,
        ...SYSTEM,
        action: 'cofinancing.instalment_late',
        targetType: 'cofinancing_project',
        targetId: i.project_id,
        details: { number: i.number },
      });
      await notifyInvestors(tx, deps.bankId, i.project_id, ['allocated'], {
        kind: 'cofinancing.late',
        subject: `Retard de remboursement : « ${i.title} »`,
        text: (firstName) =>
          `Bonjour ${firstName},\n\nL’échéance n° ${i.number} du prêt « ${i.title} » n’a pas été payée à sa date. ` +
          'La banque suit le dossier avec l’emprunteur et vous tiendra informé ; vos prochains versements pourraient être retardés.\n',
      });
    });
  }
  return late.length;
}

/** The deadline worker (worker processes only): a pass a minute is plenty for dates counted in days. */
export function createCofinancingWorker(deps: AppDeps): WorkLoop {
  const loop = createWorkLoop('cofinancing-deadlines', deps.logger, async () => {
    await processCofinancingDeadlines(deps);
    return 0;
  });
  return { ...loop, start: () => loop.start(60_000) };
}
