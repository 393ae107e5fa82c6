import type { ProjectView, ReconciliationRow } from '@agora/contracts/cofinancing.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps } from '../../platform/testing/test-app.ts';
import { buildActiveClient } from '../../platform/testing/test-clients.ts';
import { openPGliteTestDatabase } from '../../platform/testing/test-database.ts';
import { ensureCommunityCategories } from '../community/community-setup.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { seedDemoCofinancing } from './cofinancing-demo.seed.ts';
import { listPublicProjects } from './cofinancing-projects.service.ts';
import { reconciliation } from './cofinancing-repayments.service.ts';

describe('the demo co-financing seed', () => {
  let database: Database;
  let deps: AppDeps;

  beforeAll(async () => {
    database = await openPGliteTestDatabase();
    deps = await buildTestDeps(database);
    await ensureCommunityCategories(deps, deps.bankId);
    for (const [email, role] of [
      ['conseillere@banque-exemple.fr', 'advisor'],
      ['superviseure@banque-exemple.fr', 'supervisor'],
      ['conformite@banque-exemple.fr', 'compliance'],
    ] as const) {
      await createStaffUser(deps, { email, password: 'mot de passe du personnel', displayName: role, firstName: role, role, teamIds: [] });
    }
    for (let i = 0; i < 12; i++) await buildActiveClient(database, deps.bankId, { withAccounts: true });
    await database.db.updateTable('demo_core_accounts').set({ balance_cents: 3_000_000 }).where('kind', '=', 'savings').execute();
  });
  afterAll(() => database?.close());

  it('seeds projects in four states, consistent with the reconciliation, once', async () => {
    expect(await seedDemoCofinancing(deps)).toEqual({ seeded: true });
    const projects: ProjectView[] = await listPublicProjects(deps);
    expect(projects.map((p) => p.status).sort()).toEqual(['failed', 'published', 'repaying']);
    const raising = projects.find((p) => p.status === 'published');
    expect(raising?.raisedCents).toBe(1_300_000);
    const drafts = await database.db.selectFrom('cofin_projects').select(['status']).where('status', '=', 'draft').execute();
    expect(drafts).toHaveLength(1);
    const report: ReconciliationRow[] = await reconciliation(deps);
    for (const row of report) expect(row.differences).toEqual([]);
    expect(report.find((r) => r.status === 'repaying')?.receivedCents).toBeGreaterThan(0);
    expect(await seedDemoCofinancing(deps)).toEqual({ seeded: false });
  });
});
