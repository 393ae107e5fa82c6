import type { InvestorDashboard, ReconciliationRow, StaffProjectView, StatementLine } from '@agora/contracts/cofinancing.schema.ts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import type { TestDeps } from '../../platform/testing/test-app.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { type CofinancingWorld, publishedProject, type Reviewers, readyInvestor, startCofinancingWorld } from './cofinancing.test-kit.ts';
import { processCofinancingDeadlines } from './cofinancing-lifecycle.service.ts';

const DAY = 86_400_000;

describe.each(testDatabaseTargets())('co-financing at the deadline and over the loan’s life, on $name', ({ open }) => {
  let world: CofinancingWorld;
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;
  let staff: Reviewers;
  let call: CofinancingWorld['call'];

  beforeAll(async () => {
    world = await startCofinancingWorld(open);
    ({ database, deps, app, call, staff } = world);
  });
  afterAll(async () => world?.close());

  const balances = async (investor: Awaited<ReturnType<typeof readyInvestor>>) =>
    (
      (await call('GET', '/api/client/accounts', investor.session)).json() as { id: string; balanceCents: number; availableCents: number }[]
    ).find((a) => a.id === investor.accountId);
  const audited = async (projectId: string) =>
    (await database.db.selectFrom('audit_log').select(['action']).where('target_id', '=', projectId).execute()).map((a) => a.action);

  it('funded: allocations fixed, holds debited, loan granted with a schedule; each instalment shared to the cent, credited, reconciled', async () => {
    // Crowd part 1,000.01 € over 3 investors, 12 months at 3.5%: shares that do not divide evenly.
    const project = await publishedProject(app, staff, {
      amountSoughtCents: 300_001,
      bankShareCents: 200_000,
      durationMonths: 12,
      rateBp: 350,
    });
    const a = await readyInvestor(app, deps);
    const b = await readyInvestor(app, deps);
    const c = await readyInvestor(app, deps);
    const url = `/api/client/cofinancing/projects/${project.id}/pledges`;
    for (const [inv, amount] of [
      [a, 33_333],
      [b, 33_334],
      [c, 33_334],
    ] as const) {
      expect((await call('POST', url, inv.session, { amountCents: amount, accountId: inv.accountId })).statusCode).toBe(201);
    }
    // Before the deadline, or while a reflection period runs, nothing happens.
    expect(await processCofinancingDeadlines(deps)).toBe(0);
    await database.db
      .updateTable('cofin_projects')
      .set({ deadline_at: new Date(Date.now() - DAY) })
      .where('id', '=', project.id)
      .execute();
    expect(await processCofinancingDeadlines(deps)).toBe(0);
    await database.db
      .updateTable('cofin_pledges')
      .set({ reflection_ends_at: new Date(Date.now() - 1000) })
      .where('project_id', '=', project.id)
      .execute();
    expect(await processCofinancingDeadlines(deps)).toBeGreaterThan(0);

    const granted = (await call('GET', `/api/staff/cofinancing/projects/${project.id}`, staff.first)).json() as StaffProjectView;
    expect(granted.status).toBe('repaying');
    expect(granted.instalments).toHaveLength(12);
    expect(granted.instalments.reduce((s, i) => s + i.principalCents, 0)).toBe(100_001);
    expect(await balances(a)).toMatchObject({ balanceCents: 250_000 - 33_333, availableCents: 250_000 - 33_333 });
    expect(await audited(project.id)).toEqual(expect.arrayContaining(['cofinancing.project_funded', 'cofinancing.loan_granted']));
    // A second pass changes nothing (idempotent).
    await processCofinancingDeadlines(deps);
    expect(await balances(a)).toMatchObject({ balanceCents: 250_000 - 33_333 });

    const first = granted.instalments[0]!;
    const due = first.principalCents + first.interestCents;
    const paymentUrl = `/api/staff/cofinancing/projects/${project.id}/instalments/1/payment`;
    expect((await call('POST', paymentUrl, staff.author, { receivedCents: due })).statusCode).toBe(403);
    expect((await call('POST', paymentUrl, staff.first, { receivedCents: due - 1 })).json().error.code).toBe('cofin_wrong_amount');
    const paid = await call('POST', paymentUrl, staff.first, { receivedCents: due });
    expect(paid.statusCode, paid.body).toBe(200);
    expect((await call('POST', paymentUrl, staff.first, { receivedCents: due })).json().error.code).toBe('cofin_instalment_settled');

    const statements = await Promise.all(
      [a, b, c].map(async (inv) => (await call('GET', '/api/client/cofinancing/statement', inv.session)).json() as StatementLine[]),
    );
    const credited = statements.map((lines) => lines.reduce((s, l) => s + l.principalCents + l.interestCents, 0));
    expect(credited.reduce((s, x) => s + x, 0)).toBe(due);
    for (const lines of statements) expect(lines[0]?.creditedAt).not.toBeNull();
    expect((await balances(a))?.balanceCents).toBe(250_000 - 33_333 + (credited[0] ?? 0));

    const dashboard = (await call('GET', '/api/client/cofinancing/dashboard', b.session)).json() as InvestorDashboard;
    expect(dashboard.receivedCents).toBe(credited[1]);
    expect(dashboard.upcoming[0]?.dueOn).toBe(granted.instalments[1]?.dueOn);

    const report = (await call('GET', '/api/staff/cofinancing/reconciliation', staff.second)).json() as ReconciliationRow[];
    const row = report.find((r) => r.projectId === project.id);
    expect(row).toMatchObject({ loanCents: 100_001, allocatedCents: 100_001, receivedCents: due, distributedCents: due, differences: [] });

    // A distribution never credited is flagged.
    await database.db
      .updateTable('cofin_distributions')
      .set({ credited_at: null })
      .where('pledge_id', 'in', (eb) => eb.selectFrom('cofin_pledges').select('id').where('client_id', '=', c.client.clientId))
      .execute();
    const flagged = ((await call('GET', '/api/staff/cofinancing/reconciliation', staff.second)).json() as ReconciliationRow[]).find(
      (r) => r.projectId === project.id,
    );
    expect(flagged?.differences.join(' ')).toContain('reversés');

    // Instalment 2 unpaid after its due date: late, investors told; then default.
    const afterSecondDue = new Date(Date.parse(`${granted.instalments[1]!.dueOn}T00:00:00Z`) + 2 * DAY);
    await processCofinancingDeadlines(deps, afterSecondDue);
    const late = (await call('GET', `/api/staff/cofinancing/projects/${project.id}`, staff.first)).json() as StaffProjectView;
    expect(late.status).toBe('late');
    expect(late.instalments[1]?.status).toBe('late');
    const lateMail = await database.db.selectFrom('outgoing_mail').select(['to_address']).where('kind', '=', 'cofinancing.late').execute();
    expect(lateMail).toHaveLength(3);
    const defaulted = await call('POST', `/api/staff/cofinancing/projects/${project.id}/default`, staff.second);
    expect(defaulted.json()).toMatchObject({ status: 'defaulted' });
    expect(await database.db.selectFrom('outgoing_mail').select(['id']).where('kind', '=', 'cofinancing.default').execute()).toHaveLength(
      3,
    );
  });

  it('not funded: every reservation released, audited, investors told', async () => {
    const project = await publishedProject(app, staff);
    const a = await readyInvestor(app, deps);
    await call('POST', `/api/client/cofinancing/projects/${project.id}/pledges`, a.session, {
      amountCents: 12_345,
      accountId: a.accountId,
    });
    expect((await balances(a))?.availableCents).toBe(250_000 - 12_345);
    await database.db
      .updateTable('cofin_projects')
      .set({ deadline_at: new Date(Date.now() - DAY) })
      .where('id', '=', project.id)
      .execute();
    await database.db
      .updateTable('cofin_pledges')
      .set({ reflection_ends_at: new Date(Date.now() - 1000) })
      .where('project_id', '=', project.id)
      .execute();
    await processCofinancingDeadlines(deps);
    expect(await balances(a)).toMatchObject({ balanceCents: 250_000, availableCents: 250_000 });
    const pledges = (await call('GET', '/api/client/cofinancing/pledges', a.session)).json() as { status: string }[];
    expect(pledges.map((p) => p.status)).toEqual(['released']);
    expect(await audited(project.id)).toEqual(
      expect.arrayContaining(['cofinancing.project_not_funded', 'cofinancing.reservations_released']),
    );
    const pledgeAfter = await call('POST', `/api/client/cofinancing/projects/${project.id}/pledges`, a.session, {
      amountCents: 5_000,
      accountId: a.accountId,
    });
    expect(pledgeAfter.json().error.code).toBe('cofin_project_closed');
    const row = ((await call('GET', '/api/staff/cofinancing/reconciliation', staff.second)).json() as ReconciliationRow[]).find(
      (r) => r.projectId === project.id,
    );
    expect(row).toMatchObject({ status: 'failed', loanCents: 0, allocatedCents: 0, differences: [] });
  });
});
