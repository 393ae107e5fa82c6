import type { ProjectView, StaffProjectView } from '@agora/contracts/cofinancing.schema.ts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import type { TestDeps } from '../../platform/testing/test-app.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { type CofinancingWorld, projectInput, type Reviewers, staffSession, startCofinancingWorld } from './cofinancing.test-kit.ts';

describe.each(testDatabaseTargets())('co-financing projects: information sheet and four-eyes before publication, on $name', ({ open }) => {
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

  it('refuses publication without the information sheet, the criteria and two approvals by people other than the author', async () => {
    const created = await call('POST', '/api/staff/cofinancing/projects', staff.author, projectInput({ infoSheet: null, rateBp: 0 }));
    expect(created.statusCode, created.body).toBe(201);
    const project = created.json() as StaffProjectView;
    expect(project).toMatchObject({ status: 'draft', targetCents: 1_000_000, rateBp: 0 });
    expect(project.publicationBlockers).toHaveLength(3);
    const url = `/api/staff/cofinancing/projects/${project.id}`;

    // A draft is nobody's business outside the bank.
    expect((await call('GET', `/api/cofinancing/projects/${project.id}`, null)).statusCode).toBe(404);

    const refused = await call('POST', `${url}/publication`, staff.first);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'cofin_not_publishable' });
    expect(refused.json().error.message).toContain('fiche d’informations clés');

    // The author cannot be one of the four eyes; an agent cannot review at all; nobody approves twice.
    expect((await call('POST', `${url}/approvals`, staff.author)).statusCode).toBe(403);
    const agent = await staffSession(app, deps, 'agent');
    expect((await call('POST', `${url}/approvals`, agent)).statusCode).toBe(403);
    expect((await call('POST', `${url}/approvals`, staff.first)).statusCode).toBe(200);
    expect((await call('POST', `${url}/approvals`, staff.first)).json().error).toMatchObject({ code: 'cofin_already_approved' });

    // Adding the sheet is an edit: the approval given on the old text no longer counts.
    const edited = await call('PUT', url, staff.author, projectInput({ rateBp: 0 }));
    expect((edited.json() as StaffProjectView).approvals).toHaveLength(0);
    const unknown = await call('PUT', `${url}/criteria`, staff.author, {
      criteria: [{ key: 'astrology', evidence: 'Les astres sont favorables.' }],
    });
    expect(unknown.json().error).toMatchObject({ code: 'cofin_unknown_criterion' });
    await call('PUT', `${url}/criteria`, staff.author, {
      criteria: [
        { key: 'environment', evidence: '120 tonnes de déchets évitées par an (bilan 2025).' },
        { key: 'local_roots', evidence: 'Fournisseurs et salariés dans le 10e arrondissement.' },
      ],
    });
    await call('POST', `${url}/approvals`, staff.first);
    const oneOfTwo = await call('POST', `${url}/publication`, staff.first);
    expect(oneOfTwo.json().error.message).toContain('1 sur 2');

    const second = await call('POST', `${url}/approvals`, staff.second);
    expect((second.json() as StaffProjectView).publicationBlockers).toEqual([]);
    const published = await call('POST', `${url}/publication`, staff.second);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published' });

    // Public page: story, criteria with evidence, progress, deadline, the community discussion.
    const page = (await call('GET', `/api/cofinancing/projects/${project.id}`, null)).json() as ProjectView;
    expect(page).toMatchObject({ status: 'published', raisedCents: 0, targetCents: 1_000_000, investorCount: 0 });
    expect(page.criteria.map((c) => c.key)).toEqual(['environment', 'local_roots']);
    expect(page.topicUrl).toMatch(/^\/communaute\/t\//);
    expect(page).not.toHaveProperty('createdBy');
    expect(((await call('GET', '/api/cofinancing/projects', null)).json() as ProjectView[]).map((p) => p.id)).toContain(project.id);

    // Published means frozen: only impact reports are added afterwards.
    expect((await call('PUT', url, staff.author, projectInput())).json().error).toMatchObject({ code: 'cofin_not_editable' });

    const audit = await database.db.selectFrom('audit_log').select(['action']).where('target_id', '=', project.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['cofinancing.project_created', 'cofinancing.project_approved', 'cofinancing.project_published']),
    );
  });

  it('lets compliance configure the criteria grid: a new criterion is offered, a retired one no longer counts', async () => {
    const criterion = { key: 'finance_solidaire', label: 'Label Finansol', description: 'Produit labellisé.', active: true };
    expect((await call('PUT', '/api/staff/cofinancing/criteria', staff.author, criterion)).statusCode).toBe(403);
    const saved = await call('PUT', '/api/staff/cofinancing/criteria', staff.second, criterion);
    expect(saved.statusCode, saved.body).toBe(200);
    expect((saved.json() as { key: string }[]).map((c) => c.key)).toContain('finance_solidaire');
    const created = (await call('POST', '/api/staff/cofinancing/projects', staff.author, projectInput())).json() as StaffProjectView;
    const url = `/api/staff/cofinancing/projects/${created.id}/criteria`;
    expect(
      (await call('PUT', url, staff.author, { criteria: [{ key: 'finance_solidaire', evidence: 'Label obtenu en 2024.' }] })).statusCode,
    ).toBe(200);
    await call('PUT', '/api/staff/cofinancing/criteria', staff.second, { ...criterion, active: false });
    // Retired from the grid: the project's evidence for it no longer counts towards publication.
    const view = (await call('GET', `/api/staff/cofinancing/projects/${created.id}`, staff.first)).json() as StaffProjectView;
    expect(view.criteria).toEqual([]);
    expect(view.publicationBlockers.join(' ')).toContain('aucun critère');
    expect(((await call('GET', '/api/cofinancing/criteria', null)).json() as { key: string }[]).map((c) => c.key)).not.toContain(
      'finance_solidaire',
    );
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', '=', 'cofinancing.criterion_saved')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('keeps the staff screens to staff, clients out, and validates amounts as integer cents', async () => {
    expect((await call('GET', '/api/staff/cofinancing/projects', null)).statusCode).toBe(401);
    const agent = await staffSession(app, deps, 'agent');
    expect((await call('GET', '/api/staff/cofinancing/projects', agent)).statusCode).toBe(403);
    expect(
      (await call('POST', '/api/staff/cofinancing/projects', staff.author, projectInput({ amountSoughtCents: 12.5 }))).statusCode,
    ).toBe(400);
    const bankTooBig = await call('POST', '/api/staff/cofinancing/projects', staff.author, projectInput({ bankShareCents: 5_000_000 }));
    expect(bankTooBig.statusCode).toBe(400);
    expect((await call('GET', '/api/staff/cofinancing/reconciliation', staff.author)).statusCode).toBe(403);
    expect((await call('GET', '/api/staff/cofinancing/reconciliation', staff.second)).statusCode).toBe(200);
  });
});
