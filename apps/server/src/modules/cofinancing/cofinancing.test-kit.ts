import type { ProjectInput, StaffProjectView } from '@agora/contracts/cofinancing.schema.ts';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, buildTestServer, freshTestIp, type SignedIn, signIn, type TestDeps } from '../../platform/testing/test-app.ts';
import { buildActiveClient, signInClient, type TestClient } from '../../platform/testing/test-clients.ts';
import { registerClient360Routes } from '../clients/client-360.routes.ts';
import { registerClientSpaceRoutes } from '../clients/client-space.routes.ts';
import { registerClientRoutes } from '../clients/clients.routes.ts';
import { ensureCommunityCategories } from '../community/community-setup.ts';
import { registerStaffRoutes } from '../staff/staff.routes.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { registerCofinancingRoutes } from './cofinancing.routes.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Everything the co-financing tests reach over HTTP: staff, clients, the secure space, co-financing. */
export async function registerForCofinancingTests(app: FastifyInstance, deps: TestDeps) {
  await ensureCommunityCategories(deps, deps.bankId);
  await registerStaffRoutes(app, deps);
  await registerClientRoutes(app, deps);
  await registerClientSpaceRoutes(app, deps);
  await registerClient360Routes(app, deps);
  await registerCofinancingRoutes(app, deps);
}

export function caller(app: FastifyInstance) {
  return (method: Method, url: string, session: SignedIn | null, payload?: object) =>
    app.inject({
      method,
      url,
      headers: session?.headers ?? { origin: 'http://agora.test' },
      remoteAddress: freshTestIp(),
      ...(payload ? { payload } : {}),
    });
}

let staffCounter = 0;
export async function staffSession(
  app: FastifyInstance,
  deps: TestDeps,
  role: 'advisor' | 'supervisor' | 'compliance' | 'admin' | 'agent',
) {
  const n = ++staffCounter;
  const email = `cofin-${role}-${n}-${deps.bankId.slice(0, 6)}@banque.test`;
  await createStaffUser(deps, {
    email,
    password: 'mot de passe du personnel',
    displayName: `${role} ${n}`,
    firstName: role,
    role,
    teamIds: [],
  });
  return signIn(app, email, 'mot de passe du personnel');
}

export function projectInput(overrides: Partial<ProjectInput> = {}): ProjectInput {
  return {
    title: 'La Recyclerie du Faubourg',
    borrowerName: 'Association La Recyclerie',
    borrowerKind: 'association',
    purpose: 'Agrandir l’atelier de réparation de vélos et embaucher deux personnes en insertion.',
    story: 'Depuis 2019, la Recyclerie répare et revend des vélos.',
    amountSoughtCents: 5_000_000,
    bankShareCents: 4_000_000,
    minPledgeCents: 1_000,
    maxPledgeCents: 500_000,
    durationMonths: 24,
    rateBp: 250,
    riskGrade: 'B',
    deadlineAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
    infoSheet: 'Fiche d’informations clés : emprunteur, projet, risques, frais, droits de l’investisseur.',
    documents: [{ name: 'Statuts', url: 'https://exemple.fr/statuts.pdf' }],
    ...overrides,
  };
}

export interface Reviewers {
  author: SignedIn;
  first: SignedIn;
  second: SignedIn;
}

export async function reviewers(app: FastifyInstance, deps: TestDeps): Promise<Reviewers> {
  return {
    author: await staffSession(app, deps, 'advisor'),
    first: await staffSession(app, deps, 'supervisor'),
    second: await staffSession(app, deps, 'compliance'),
  };
}

/** A project created, justified, approved by two reviewers and published: returns its view. */
export async function publishedProject(
  app: FastifyInstance,
  staff: Reviewers,
  overrides: Partial<ProjectInput> = {},
): Promise<StaffProjectView> {
  const call = caller(app);
  const created = await call('POST', '/api/staff/cofinancing/projects', staff.author, projectInput(overrides));
  expect(created.statusCode, created.body).toBe(201);
  const id = (created.json() as StaffProjectView).id;
  const criteria = await call('PUT', `/api/staff/cofinancing/projects/${id}/criteria`, staff.author, {
    criteria: [{ key: 'social_utility', evidence: 'Deux emplois en insertion, conventionnés par la DDETS.' }],
  });
  expect(criteria.statusCode, criteria.body).toBe(200);
  for (const reviewer of [staff.first, staff.second]) {
    const approved = await call('POST', `/api/staff/cofinancing/projects/${id}/approvals`, reviewer);
    expect(approved.statusCode, approved.body).toBe(200);
  }
  const published = await call('POST', `/api/staff/cofinancing/projects/${id}/publication`, staff.first);
  expect(published.statusCode, published.body).toBe(200);
  return published.json() as StaffProjectView;
}

export const RIGHT_ANSWERS = [1, 1, 1, 1, 0];

/** A signed-in client with demo accounts who passed the test, ran the simulation and acknowledged the warning. */
export async function readyInvestor(app: FastifyInstance, deps: TestDeps, netWorthCents = 4_000_000) {
  const client: TestClient = await buildActiveClient(deps.database, deps.bankId, { withAccounts: true });
  const session = await signInClient(app, client);
  const call = caller(app);
  expect((await call('POST', '/api/client/cofinancing/knowledge-test', session, { answers: RIGHT_ANSWERS })).json()).toMatchObject({
    passed: true,
  });
  const simulated = await call('POST', '/api/client/cofinancing/simulation', session, {
    annualIncomeCents: netWorthCents,
    liquidAssetsCents: 0,
    annualCommitmentsCents: 0,
  });
  expect(simulated.statusCode, simulated.body).toBe(200);
  expect((await call('POST', '/api/client/cofinancing/risk-acknowledgement', session)).json()).toMatchObject({ ready: true });
  const accounts = (await call('GET', '/api/client/accounts', session)).json() as { id: string; kind: string; availableCents: number }[];
  const current = accounts.find((a) => a.kind === 'current');
  if (!current) throw new Error('no current account');
  return { client, session, accountId: current.id };
}

export interface CofinancingWorld {
  database: Database;
  deps: TestDeps;
  app: FastifyInstance;
  call: ReturnType<typeof caller>;
  staff: Reviewers;
  close(): Promise<void>;
}

/** A fresh database, the co-financing routes and their neighbours, and the staff who review. */
export async function startCofinancingWorld(open: () => Promise<Database>): Promise<CofinancingWorld> {
  const database = await open();
  const deps = await buildTestDeps(database);
  const app = await buildTestServer(deps, (a) => registerForCofinancingTests(a, deps));
  return {
    database,
    deps,
    app,
    call: caller(app),
    staff: await reviewers(app, deps),
    async close() {
      await app.close();
      await database.close();
    },
  };
}
