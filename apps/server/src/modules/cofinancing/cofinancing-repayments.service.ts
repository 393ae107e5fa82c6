import type { ReconciliationRow } from '@agora/contracts/cofinancing.schema.ts';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { cofinErrors, euros } from './cofinancing.errors.ts';
import { instalmentShares } from './cofinancing-money.ts';
import { notifyInvestors } from './cofinancing-notify.ts';
import { readStaffProject } from './cofinancing-projects.service.ts';
import './cofinancing.tables.ts';

const actorLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;

/**
 * Records the borrower's payment of an instalment and distributes it to the investors pro rata
 * of what each lent (largest remainder: the shares add up to the instalment, to the cent). The
 * shares are written with the payment, then credited one by one through core banking, each
 * idempotent on its reference, so a pass that dies half-way is completed by `creditPending`.
 */
export async function recordPayment(deps: AppDeps, staff: StaffPrincipal, projectId: string, number: number, receivedCents: number) {
  const db = deps.database.db;
  await db.transaction().execute(async (tx) => {
    const project = await tx
      .selectFrom('cofin_projects')
      .select(['status', 'title'])
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', projectId)
      .forUpdate()
      .executeTakeFirst();
    if (!project) throw cofinErrors.projectNotFound();
    if (project.status !== 'repaying' && project.status !== 'late') throw cofinErrors.notRepaying();
    const instalment = await tx
      .selectFrom('cofin_instalments')
      .select(['id', 'status', 'principal_cents', 'interest_cents'])
      .where('project_id', '=', projectId)
      .where('number', '=', number)
      .executeTakeFirst();
    if (!instalment) throw cofinErrors.instalmentNotFound();
    if (instalment.status !== 'scheduled' && instalment.status !== 'late') throw cofinErrors.instalmentSettled();
    const principal = Number(instalment.principal_cents);
    const interest = Number(instalment.interest_cents);
    if (receivedCents !== principal + interest) throw cofinErrors.wrongAmount(principal + interest);
    const allocations = await tx
      .selectFrom('cofin_pledges')
      .select(['id', 'client_id', 'amount_cents'])
      .where('project_id', '=', projectId)
      .where('status', '=', 'allocated')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const shares = instalmentShares(
      principal,
      interest,
      allocations.map((a) => Number(a.amount_cents)),
    );
    await tx
      .updateTable('cofin_instalments')
      .set({ status: 'paid', received_cents: receivedCents, received_at: new Date() })
      .where('id', '=', instalment.id)
      .execute();
    if (allocations.length) {
      await tx
        .insertInto('cofin_distributions')
        .values(
          allocations.map((a, i) => ({
            instalment_id: instalment.id,
            pledge_id: a.id,
            client_id: a.client_id,
            principal_cents: shares.principal[i] ?? 0,
            interest_cents: shares.interest[i] ?? 0,
          })),
        )
        .execute();
    }
    const open = await tx
      .selectFrom('cofin_instalments')
      .select(['status'])
      .where('project_id', '=', projectId)
      .where('status', 'in', ['scheduled', 'late'])
      .execute();
    const status = open.length === 0 ? 'repaid' : open.some((o) => o.status === 'late') ? 'late' : 'repaying';
    await tx.updateTable('cofin_projects').set({ status, updated_at: new Date() }).where('id', '=', projectId).execute();
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: actorLabel(staff),
      action: 'cofinancing.instalment_received',
      targetType: 'cofinancing_project',
      targetId: projectId,
      details: { number, receivedCents, investors: allocations.length },
    });
  });
  await creditPending(deps);
  return readStaffProject(deps, projectId);
}

/** Credits every distribution not yet credited (idempotent per reference at the core-banking side). */
export async function creditPending(deps: AppDeps): Promise<number> {
  const db = deps.database.db;
  const pending = await db
    .selectFrom('cofin_distributions as d')
    .innerJoin('cofin_pledges as p', 'p.id', 'd.pledge_id')
    .select(['d.instalment_id', 'd.pledge_id', 'd.client_id', 'p.account_id', 'd.principal_cents', 'd.interest_cents'])
    .where('p.bank_id', '=', deps.bankId)
    .where('d.credited_at', 'is', null)
    .limit(1000)
    .execute();
  for (const d of pending) {
    const amount = Number(d.principal_cents) + Number(d.interest_cents);
    if (amount > 0) {
      await deps.coreBanking.credit({
        bankId: deps.bankId,
        clientId: d.client_id,
        accountId: d.account_id,
        amountCents: amount,
        reference: `cofin-repay-${d.instalment_id}-${d.pledge_id}`,
      });
    }
    await db
      .updateTable('cofin_distributions')
      .set({ credited_at: new Date() })
      .where('instalment_id', '=', d.instalment_id)
      .where('pledge_id', '=', d.pledge_id)
      .execute();
  }
  return pending.length;
}

/** The borrower will not pay: the loan is in default, every open instalment too; investors are told. */
export async function declareDefault(deps: AppDeps, staff: StaffPrincipal, projectId: string) {
  await deps.database.db.transaction().execute(async (tx) => {
    const project = await tx
      .updateTable('cofin_projects')
      .set({ status: 'defaulted', updated_at: new Date() })
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', projectId)
      .where('status', 'in', ['repaying', 'late'])
      .returning(['title'])
      .executeTakeFirst();
    if (!project) throw cofinErrors.notRepaying();
    await tx
      .updateTable('cofin_instalments')
      .set({ status: 'defaulted' })
      .where('project_id', '=', projectId)
      .where('status', 'in', ['scheduled', 'late'])
      .execute();
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: actorLabel(staff),
      action: 'cofinancing.loan_defaulted',
      targetType: 'cofinancing_project',
      targetId: projectId,
    });
    await notifyInvestors(tx, deps.bankId, projectId, ['allocated'], {
      kind: 'cofinancing.default',
      subject: `Défaut de remboursement : « ${project.title} »`,
      text: (firstName) =>
        `Bonjour ${firstName},\n\nL’emprunteur du projet « ${project.title} » ne peut plus rembourser son prêt : il est déclaré en défaut. ` +
        'La banque engage le recouvrement ; les sommes éventuellement recouvrées vous seront reversées au prorata de votre part. ' +
        'Le capital restant dû peut être perdu en tout ou partie.\n',
    });
  });
  return readStaffProject(deps, projectId);
}

/**
 * The bank's reconciliation: for every closed project, the pledges allocated must equal the
 * amount lent, and the repayments received must equal what was distributed and credited; a hold
 * still open on a closed project is a difference too.
 */
export async function reconciliation(deps: AppDeps): Promise<ReconciliationRow[]> {
  const rows = await deps.database.db
    .selectFrom('cofin_projects as p')
    .select([
      'p.id',
      'p.title',
      'p.status',
      'p.target_cents',
      'p.loan_granted_at',
      sql<string>`(select coalesce(sum(amount_cents), 0) from cofin_pledges q where q.project_id = p.id and q.status = 'allocated')`.as(
        'allocated',
      ),
      sql<string>`(select count(*) from cofin_pledges q where q.project_id = p.id and q.status in ('active', 'reserving'))`.as(
        'open_holds',
      ),
      sql<string>`(select coalesce(sum(received_cents), 0) from cofin_instalments i where i.project_id = p.id)`.as('received'),
      sql<string>`(select coalesce(sum(d.principal_cents + d.interest_cents), 0) from cofin_distributions d join cofin_instalments i on i.id = d.instalment_id where i.project_id = p.id and d.credited_at is not null)`.as(
        'distributed',
      ),
    ])
    .where('p.bank_id', '=', deps.bankId)
    .where('p.status', 'not in', ['draft', 'published'])
    .orderBy('p.closed_at', 'desc')
    .execute();
  return rows.map((r) => {
    const loan = r.loan_granted_at ? Number(r.target_cents) : 0;
    const allocated = Number(r.allocated);
    const received = Number(r.received);
    const distributed = Number(r.distributed);
    const differences: string[] = [];
    if (allocated !== loan) differences.push(`souscriptions allouées ${euros(allocated)} ≠ montant prêté ${euros(loan)}`);
    if (received !== distributed) differences.push(`remboursements reçus ${euros(received)} ≠ reversés ${euros(distributed)}`);
    if (Number(r.open_holds) > 0) differences.push(`${r.open_holds} réservation(s) encore ouverte(s) sur un projet clos`);
    return {
      projectId: r.id,
      title: r.title,
      status: r.status,
      loanCents: loan,
      allocatedCents: allocated,
      receivedCents: received,
      distributedCents: distributed,
      differences,
    };
  });
}
