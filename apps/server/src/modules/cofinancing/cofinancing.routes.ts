import {
  criterionInputSchema,
  impactReportInputSchema,
  knowledgeTestInputSchema,
  paymentInputSchema,
  pledgeInputSchema,
  projectInputSchema,
  simulationInputSchema,
} from '@agora/contracts/cofinancing.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { clientOf, requireClient } from '../../platform/auth/client-principal.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import { cofinErrors } from './cofinancing.errors.ts';
import {
  acknowledgeRiskWarning,
  knowledgeQuestions,
  RISK_WARNING,
  readInvestorProfile,
  simulateLossCapacity,
  takeKnowledgeTest,
} from './cofinancing-investor.service.ts';
import { clientStatement, investorDashboard, listClientPledges, pledge, withdrawPledge } from './cofinancing-pledges.service.ts';
import {
  addImpactReport,
  approveProject,
  createProject,
  listCriteria,
  listPublicProjects,
  listStaffProjects,
  publishProject,
  readPublicProject,
  readStaffProject,
  saveCriterion,
  setProjectCriteria,
  updateProject,
} from './cofinancing-projects.service.ts';
import { declareDefault, reconciliation, recordPayment } from './cofinancing-repayments.service.ts';

/** Who builds projects from the lending pipeline. */
const EDITORS: readonly Role[] = ['advisor', 'supervisor', 'admin'];
/** Who may be one of the two reviewers (never the author: checked by the service). */
const REVIEWERS: readonly Role[] = ['supervisor', 'compliance', 'admin'];
/** Repayments, defaults and the reconciliation report: the back office. */
const BACK_OFFICE: readonly Role[] = ['supervisor', 'compliance', 'admin'];
const READERS: readonly Role[] = [...new Set([...EDITORS, ...REVIEWERS])];

const idParams = z.object({ id: z.string().uuid('Identifiant invalide') });
const instalmentParams = z.object({ id: z.string().uuid('Identifiant invalide'), number: z.coerce.number().int().min(1).max(360) });
const PLEDGE_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };

export async function registerCofinancingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // ---- public: the project pages (published and closed projects; never drafts) ----
  app.get('/api/cofinancing/projects', async () => listPublicProjects(deps));
  app.get('/api/cofinancing/projects/:id', async (request) => {
    const view = await readPublicProject(deps, parseWith(idParams, request.params).id);
    if (!view) throw cofinErrors.projectNotFound();
    return view;
  });
  app.get('/api/cofinancing/criteria', async () => (await listCriteria(deps)).filter((c) => c.active));

  // ---- staff ----
  const readers = { preHandler: requireStaff(READERS) };
  const editors = { preHandler: requireStaff(EDITORS) };
  const reviewers = { preHandler: requireStaff(REVIEWERS) };
  const backOffice = { preHandler: requireStaff(BACK_OFFICE) };
  app.get('/api/staff/cofinancing/projects', readers, async () => listStaffProjects(deps));
  app.get('/api/staff/cofinancing/projects/:id', readers, async (request) =>
    readStaffProject(deps, parseWith(idParams, request.params).id),
  );
  app.post('/api/staff/cofinancing/projects', editors, async (request, reply) =>
    reply.status(201).send(await createProject(deps, principalOf(request), parseWith(projectInputSchema, request.body))),
  );
  app.put('/api/staff/cofinancing/projects/:id', editors, async (request) =>
    updateProject(deps, principalOf(request), parseWith(idParams, request.params).id, parseWith(projectInputSchema, request.body)),
  );
  app.put('/api/staff/cofinancing/projects/:id/criteria', editors, async (request) =>
    setProjectCriteria(deps, principalOf(request), parseWith(idParams, request.params).id, request.body),
  );
  app.post('/api/staff/cofinancing/projects/:id/approvals', reviewers, async (request) =>
    approveProject(deps, principalOf(request), parseWith(idParams, request.params).id),
  );
  app.post('/api/staff/cofinancing/projects/:id/publication', reviewers, async (request) =>
    publishProject(deps, principalOf(request), parseWith(idParams, request.params).id),
  );
  app.post('/api/staff/cofinancing/projects/:id/impact-reports', editors, async (request, reply) =>
    reply
      .status(201)
      .send(
        await addImpactReport(
          deps,
          principalOf(request),
          parseWith(idParams, request.params).id,
          parseWith(impactReportInputSchema, request.body),
        ),
      ),
  );
  app.post('/api/staff/cofinancing/projects/:id/instalments/:number/payment', backOffice, async (request) => {
    const { id, number } = parseWith(instalmentParams, request.params);
    return recordPayment(deps, principalOf(request), id, number, parseWith(paymentInputSchema, request.body).receivedCents);
  });
  app.post('/api/staff/cofinancing/projects/:id/default', backOffice, async (request) =>
    declareDefault(deps, principalOf(request), parseWith(idParams, request.params).id),
  );
  app.get('/api/staff/cofinancing/reconciliation', backOffice, async () => reconciliation(deps));
  app.get('/api/staff/cofinancing/criteria', readers, async () => listCriteria(deps));
  app.put('/api/staff/cofinancing/criteria', { preHandler: requireStaff(['admin', 'compliance']) }, async (request) =>
    saveCriterion(deps, principalOf(request), parseWith(criterionInputSchema, request.body)),
  );

  // ---- the client's secure space (no client id in any URL: the session says who) ----
  const client = { preHandler: requireClient };
  app.get('/api/client/cofinancing/profile', client, async (request) => readInvestorProfile(deps, clientOf(request)));
  app.get('/api/client/cofinancing/knowledge-test', client, async () => ({ questions: knowledgeQuestions(), riskWarning: RISK_WARNING }));
  app.post('/api/client/cofinancing/knowledge-test', client, async (request) =>
    takeKnowledgeTest(deps, clientOf(request), parseWith(knowledgeTestInputSchema, request.body).answers),
  );
  app.post('/api/client/cofinancing/simulation', client, async (request) =>
    simulateLossCapacity(deps, clientOf(request), parseWith(simulationInputSchema, request.body)),
  );
  app.post('/api/client/cofinancing/risk-acknowledgement', client, async (request) => acknowledgeRiskWarning(deps, clientOf(request)));
  app.get('/api/client/cofinancing/pledges', client, async (request) => listClientPledges(deps, clientOf(request)));
  app.post('/api/client/cofinancing/projects/:id/pledges', { ...client, config: PLEDGE_LIMIT }, async (request, reply) => {
    const created = await pledge(
      deps,
      clientOf(request),
      parseWith(idParams, request.params).id,
      parseWith(pledgeInputSchema, request.body),
    );
    return reply.status(201).send(created);
  });
  app.post('/api/client/cofinancing/pledges/:id/withdrawal', client, async (request) =>
    withdrawPledge(deps, clientOf(request), parseWith(idParams, request.params).id),
  );
  app.get('/api/client/cofinancing/dashboard', client, async (request) => investorDashboard(deps, clientOf(request)));
  app.get('/api/client/cofinancing/statement', client, async (request) => clientStatement(deps, clientOf(request)));
}
