import type { InvestorDashboard, PledgeView, ProjectView } from '@agora/contracts/cofinancing.schema.ts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import type { TestDeps } from '../../platform/testing/test-app.ts';
import { buildActiveClient, signInClient } from '../../platform/testing/test-clients.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { type CofinancingWorld, publishedProject, type Reviewers, readyInvestor, startCofinancingWorld } from './cofinancing.test-kit.ts';

describe.each(testDatabaseTargets())(
  'investing in co-financing: checks before a first pledge, reservations, reflection period, on $name',
  ({ open }) => {
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

    const available = async (session: Awaited<ReturnType<typeof readyInvestor>>['session'], accountId: string) =>
      ((await call('GET', '/api/client/accounts', session)).json() as { id: string; availableCents: number }[]).find(
        (a) => a.id === accountId,
      )?.availableCents;
    const raised = async (projectId: string) =>
      ((await call('GET', `/api/cofinancing/projects/${projectId}`, null)).json() as ProjectView).raisedCents;

    it('asks for the knowledge test, the loss simulation and the risk warning before the first pledge', async () => {
      const project = await publishedProject(app, staff);
      const client = await buildActiveClient(database, deps.bankId, { withAccounts: true });
      const session = await signInClient(app, client);
      const accountId = ((await call('GET', '/api/client/accounts', session)).json() as { id: string }[])[0]?.id ?? '';
      const url = `/api/client/cofinancing/projects/${project.id}/pledges`;
      const early = await call('POST', url, session, { amountCents: 5_000, accountId });
      expect(early.statusCode).toBe(409);
      expect(early.json().error).toMatchObject({ code: 'cofin_investor_not_ready' });

      const test = (await call('GET', '/api/client/cofinancing/knowledge-test', session)).json();
      expect(test.questions).toHaveLength(5);
      expect(JSON.stringify(test)).not.toContain('answer');
      expect(test.riskWarning).toContain('perdre tout ou partie');
      // The simulation and the warning come after a passed test.
      expect((await call('POST', '/api/client/cofinancing/risk-acknowledgement', session)).json().error.code).toBe('cofin_knowledge_first');
      const failed = (await call('POST', '/api/client/cofinancing/knowledge-test', session, { answers: [0, 0, 1, 1, 0] })).json();
      expect(failed).toMatchObject({ passed: false, score: 3 });
      expect((await call('POST', '/api/client/cofinancing/knowledge-test', session, { answers: [1, 1, 1, 1, 0] })).json()).toMatchObject({
        passed: true,
      });
      const simulated = (
        await call('POST', '/api/client/cofinancing/simulation', session, {
          annualIncomeCents: 3_600_000,
          liquidAssetsCents: 2_400_000,
          annualCommitmentsCents: 1_000_000,
        })
      ).json();
      // Net worth 50,000 €: loss capacity 10% = 5,000 €; consent threshold max(1,000 €, 5%) = 2,500 €.
      expect(simulated).toMatchObject({
        netWorthCents: 5_000_000,
        lossCapacityCents: 500_000,
        largePledgeThresholdCents: 250_000,
        ready: false,
      });
      expect((await call('POST', '/api/client/cofinancing/risk-acknowledgement', session)).json()).toMatchObject({ ready: true });
      expect((await call('POST', url, session, { amountCents: 5_000, accountId })).statusCode).toBe(201);
    });

    it('reserves the amount, enforces min and max, asks explicit consent above the threshold, and never spends what is not there', async () => {
      const project = await publishedProject(app, staff, { minPledgeCents: 2_000, maxPledgeCents: 300_000 });
      const { session, accountId } = await readyInvestor(app, deps, 2_000_000);
      const url = `/api/client/cofinancing/projects/${project.id}/pledges`;
      expect(await available(session, accountId)).toBe(250_000);

      expect((await call('POST', url, session, { amountCents: 1_500, accountId })).json().error.code).toBe('cofin_below_minimum');
      expect((await call('POST', url, session, { amountCents: 300_001, accountId })).json().error.code).toBe('cofin_above_maximum');
      expect((await call('POST', url, session, { amountCents: 20.5, accountId })).statusCode).toBe(400);

      // Threshold for a 20,000 € net worth: max(1,000 €, 1,000 €) = 1,000 €.
      const large = await call('POST', url, session, { amountCents: 150_000, accountId });
      expect(large.statusCode).toBe(409);
      expect(large.json().error.code).toBe('cofin_large_pledge_consent_required');
      expect(large.json().error.message).toContain('perdre tout');
      expect(await available(session, accountId)).toBe(250_000);
      const consented = await call('POST', url, session, { amountCents: 150_000, accountId, largePledgeConsent: true });
      expect(consented.statusCode, consented.body).toBe(201);
      expect(await available(session, accountId)).toBe(100_000);
      expect(await raised(project.id)).toBe(150_000);

      // More than the account holds: refused, nothing reserved, the project's counter given back.
      const broke = await call('POST', url, session, { amountCents: 100_500, accountId, largePledgeConsent: true });
      expect(broke.json().error.code).toBe('cofin_insufficient_funds');
      expect(await raised(project.id)).toBe(150_000);

      // Someone else's account cannot be used.
      const other = await readyInvestor(app, deps);
      expect((await call('POST', url, session, { amountCents: 5_000, accountId: other.accountId })).json().error.code).toBe(
        'cofin_unknown_account',
      );
      expect(await raised(project.id)).toBe(150_000);
      const mail = await database.db.selectFrom('outgoing_mail').select(['subject']).where('kind', '=', 'cofinancing.pledge').execute();
      expect(mail.some((m) => m.subject.includes('1\u202f500 €'))).toBe(true);
    });

    it('lets a client withdraw within 4 calendar days without reason, releasing the hold; not after, and never another client’s pledge', async () => {
      const project = await publishedProject(app, staff);
      const julie = await readyInvestor(app, deps);
      const marc = await readyInvestor(app, deps);
      const url = `/api/client/cofinancing/projects/${project.id}/pledges`;
      const first = (await call('POST', url, julie.session, { amountCents: 40_000, accountId: julie.accountId })).json() as PledgeView;
      const second = (await call('POST', url, julie.session, { amountCents: 10_000, accountId: julie.accountId })).json() as PledgeView;
      expect(first.canWithdraw).toBe(true);
      const days = (Date.parse(first.reflectionEndsAt) - Date.parse(first.createdAt)) / 86_400_000;
      expect(days).toBe(4);
      expect(await available(julie.session, julie.accountId)).toBe(200_000);

      expect((await call('POST', `/api/client/cofinancing/pledges/${first.id}/withdrawal`, marc.session)).statusCode).toBe(404);
      const withdrawn = await call('POST', `/api/client/cofinancing/pledges/${first.id}/withdrawal`, julie.session);
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', canWithdraw: false });
      expect(await available(julie.session, julie.accountId)).toBe(240_000);
      expect(await raised(project.id)).toBe(10_000);
      expect((await call('POST', `/api/client/cofinancing/pledges/${first.id}/withdrawal`, julie.session)).json().error.code).toBe(
        'cofin_already_withdrawn',
      );

      // Four days later the second pledge stands.
      await database.db
        .updateTable('cofin_pledges')
        .set({ reflection_ends_at: new Date(Date.now() - 1000) })
        .where('id', '=', second.id)
        .execute();
      const late = await call('POST', `/api/client/cofinancing/pledges/${second.id}/withdrawal`, julie.session);
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('cofin_reflection_over');
      expect(await raised(project.id)).toBe(10_000);

      const dashboard = (await call('GET', '/api/client/cofinancing/dashboard', julie.session)).json() as InvestorDashboard;
      expect(dashboard.pledges.map((p) => p.status).sort()).toEqual(['active', 'withdrawn']);
      expect(dashboard.investedCents).toBe(10_000);
      // Marc's space shows nothing of Julie's.
      expect(((await call('GET', '/api/client/cofinancing/dashboard', marc.session)).json() as InvestorDashboard).pledges).toEqual([]);
      expect((await call('GET', '/api/client/cofinancing/dashboard', staff.first)).statusCode).toBe(401);

      // The client 360 (a bank-wide viewer) shows both pledges in the timeline, with their state.
      const timeline = (await call('GET', `/api/clients/${julie.client.clientId}/timeline`, staff.first)).json() as {
        items: { kind: string; body: string }[];
      };
      const pledges = timeline.items.filter((i) => i.kind === 'cofinancing_pledge');
      expect(pledges).toHaveLength(2);
      expect(pledges.map((p) => p.body).join(' ')).toContain('retirée pendant le délai de réflexion');
    });
  },
);
