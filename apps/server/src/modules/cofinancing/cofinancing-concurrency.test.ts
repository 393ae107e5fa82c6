import type { ProjectView } from '@agora/contracts/cofinancing.schema.ts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, buildTestServer, type TestDeps } from '../../platform/testing/test-app.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { caller, publishedProject, readyInvestor, registerForCofinancingTests, reviewers } from './cofinancing.test-kit.ts';

const SIMULTANEOUS = 500;
const INVESTORS = 20;
const PLEDGE_CENTS = 1_000;
const LAST_EUROS_CENTS = 25 * PLEDGE_CENTS;

describe.each(testDatabaseTargets())('the target is never exceeded under concurrency, on $name', ({ open }) => {
  let database: Database;
  let deps: TestDeps;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await open();
    deps = await buildTestDeps(database);
    app = await buildTestServer(deps, (a) => registerForCofinancingTests(a, deps));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it(`${SIMULTANEOUS} simultaneous pledges on the last euros: exactly funded, the others refused with a clear message and nothing held`, async () => {
    const call = caller(app);
    const staff = await reviewers(app, deps);
    // Target 1,000 €: a first investor takes 750 €, leaving 250 € (25 pledges of 10 €).
    const project = await publishedProject(app, staff, { amountSoughtCents: 200_000, bankShareCents: 100_000, maxPledgeCents: 100_000 });
    const big = await readyInvestor(app, deps, 100_000_000);
    const first = await call('POST', `/api/client/cofinancing/projects/${project.id}/pledges`, big.session, {
      amountCents: 100_000 - LAST_EUROS_CENTS,
      accountId: big.accountId,
    });
    expect(first.statusCode, first.body).toBe(201);

    const investors: Awaited<ReturnType<typeof readyInvestor>>[] = [];
    for (let i = 0; i < INVESTORS; i++) investors.push(await readyInvestor(app, deps));
    const responses = await Promise.all(
      Array.from({ length: SIMULTANEOUS }, (_, i) => {
        const investor = investors[i % INVESTORS]!;
        return call('POST', `/api/client/cofinancing/projects/${project.id}/pledges`, investor.session, {
          amountCents: PLEDGE_CENTS,
          accountId: investor.accountId,
        });
      }),
    );
    const accepted = responses.filter((r) => r.statusCode === 201);
    const refused = responses.filter((r) => r.statusCode !== 201);
    expect(accepted).toHaveLength(LAST_EUROS_CENTS / PLEDGE_CENTS);
    expect(refused).toHaveLength(SIMULTANEOUS - LAST_EUROS_CENTS / PLEDGE_CENTS);
    for (const r of refused) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('cofin_target_reached');
      expect(r.json().error.message).toContain('entièrement financé');
    }

    const page = (await call('GET', `/api/cofinancing/projects/${project.id}`, null)).json() as ProjectView;
    expect(page.raisedCents).toBe(page.targetCents);
    // The counter, the pledges and the bank's holds all say the same.
    const pledged = await database.db
      .selectFrom('cofin_pledges')
      .select(sql<string>`coalesce(sum(amount_cents), 0)`.as('cents'))
      .where('project_id', '=', project.id)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    expect(Number(pledged.cents)).toBe(page.targetCents);
    const held = await database.db
      .selectFrom('demo_core_holds')
      .select(sql<string>`coalesce(sum(amount_cents), 0)`.as('cents'))
      .where('bank_id', '=', deps.bankId)
      .where('status', '=', 'held')
      .executeTakeFirstOrThrow();
    expect(Number(held.cents)).toBe(page.targetCents);
    const refusedRows = await database.db
      .selectFrom('cofin_pledges')
      .select(['id'])
      .where('project_id', '=', project.id)
      .where('status', '!=', 'active')
      .execute();
    expect(refusedRows).toHaveLength(0);
  }, 240_000);
});
