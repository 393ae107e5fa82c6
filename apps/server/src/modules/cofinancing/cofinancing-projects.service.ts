import { randomUUID } from 'node:crypto';
import {
  type CriterionView,
  type criterionInputSchema,
  type ProjectInput,
  type ProjectView,
  projectCriteriaInputSchema,
  projectInputSchema,
  type StaffProjectView,
} from '@agora/contracts/cofinancing.schema.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { ensureSubjectTopic } from '../community/community-public.ts';
import { cofinErrors } from './cofinancing.errors.ts';
import './cofinancing.tables.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export const DEFAULT_CRITERIA: CriterionView[] = [
  {
    key: 'environment',
    label: 'Environnement',
    description: 'Effet mesurable sur le climat, la biodiversité ou les ressources.',
    active: true,
  },
  { key: 'social_utility', label: 'Utilité sociale', description: 'Emploi, insertion, accès aux droits, lien social.', active: true },
  { key: 'local_roots', label: 'Ancrage local', description: 'Activité, fournisseurs et bénéficiaires sur le territoire.', active: true },
  { key: 'governance', label: 'Gouvernance', description: 'Décisions partagées, transparence, écart de salaires limité.', active: true },
];

const actorLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;
const PROJECT_COLUMNS = [
  'id',
  'status',
  'title',
  'borrower_name',
  'borrower_kind',
  'purpose',
  'story',
  'amount_sought_cents',
  'bank_share_cents',
  'target_cents',
  'raised_cents',
  'min_pledge_cents',
  'max_pledge_cents',
  'duration_months',
  'rate_bp',
  'risk_grade',
  'deadline_at',
  'info_sheet',
  'documents',
  'topic_url',
  'published_at',
  'created_by',
  'created_by_label',
] as const;

/** The bank's criteria grid, created with the four default criteria on first read. */
export async function listCriteria(deps: AppDeps): Promise<CriterionView[]> {
  await deps.database.db
    .insertInto('cofin_criteria')
    .values(DEFAULT_CRITERIA.map((c, position) => ({ bank_id: deps.bankId, position, ...c })))
    .onConflict((oc) => oc.columns(['bank_id', 'key']).doNothing())
    .execute()
    .then(() => undefined);
  const rows = await deps.database.db
    .selectFrom('cofin_criteria')
    .select(['key', 'label', 'description', 'active'])
    .where('bank_id', '=', deps.bankId)
    .orderBy('position')
    .orderBy('key')
    .execute();
  return rows;
}

/** Adds or changes a criterion of the grid (admins, compliance). Audited. */
export async function saveCriterion(deps: AppDeps, staff: StaffPrincipal, input: z.infer<typeof criterionInputSchema>) {
  await listCriteria(deps);
  await deps.database.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('cofin_criteria')
      .values({
        bank_id: deps.bankId,
        key: input.key,
        label: input.label,
        description: input.description,
        active: input.active,
        position: 100,
      })
      .onConflict((oc) =>
        oc.columns(['bank_id', 'key']).doUpdateSet({ label: input.label, description: input.description, active: input.active }),
      )
      .execute();
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: actorLabel(staff),
      action: 'cofinancing.criterion_saved',
      targetType: 'cofinancing_criterion',
      targetId: input.key,
      details: { label: input.label, active: input.active },
    });
  });
  return listCriteria(deps);
}

function valuesOf(input: z.infer<typeof projectInputSchema>) {
  return {
    title: input.title,
    borrower_name: input.borrowerName,
    borrower_kind: input.borrowerKind,
    purpose: input.purpose,
    story: input.story,
    amount_sought_cents: input.amountSoughtCents,
    bank_share_cents: input.bankShareCents,
    target_cents: input.amountSoughtCents - input.bankShareCents,
    min_pledge_cents: input.minPledgeCents,
    max_pledge_cents: input.maxPledgeCents,
    duration_months: input.durationMonths,
    rate_bp: input.rateBp,
    risk_grade: input.riskGrade,
    deadline_at: input.deadlineAt,
    info_sheet: input.infoSheet && input.infoSheet.length > 0 ? input.infoSheet : null,
    documents: JSON.stringify(input.documents),
  };
}

/** A project enters from the lending pipeline as a draft. */
export async function createProject(deps: AppDeps, staff: StaffPrincipal, raw: ProjectInput): Promise<StaffProjectView> {
  const input = projectInputSchema.parse(raw);
  const id = randomUUID();
  await deps.database.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('cofin_projects')
      .values({ id, bank_id: deps.bankId, created_by: staff.userId, created_by_label: actorLabel(staff), ...valuesOf(input) })
      .execute();
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: actorLabel(staff),
      action: 'cofinancing.project_created',
      targetType: 'cofinancing_project',
      targetId: id,
      details: { title: input.title, amountSoughtCents: input.amountSoughtCents },
    });
  });
  return readStaffProject(deps, id);
}

/**
 * Edits a draft. Any change clears the approvals given so far: reviewers approved what they read,
 * not what it became.
 */
export async function updateProject(deps: AppDeps, staff: StaffPrincipal, id: string, raw: ProjectInput): Promise<StaffProjectView> {
  const input = projectInputSchema.parse(raw);
  await deps.database.db.transaction().execute(async (tx) => {
    const current = await lockProject(tx, deps.bankId, id);
    if (current.status !== 'draft') throw cofinErrors.notEditable();
    await tx
      .updateTable('cofin_projects')
      .set({ ...valuesOf(input), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await tx.deleteFrom('cofin_approvals').where('project_id', '=', id).execute();
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: actorLabel(staff),
      action: 'cofinancing.project_edited',
      targetType: 'cofinancing_project',
      targetId: id,
      details: { approvalsCleared: true },
    });
  });
  return readStaffProject(deps, id);
}

/** Which criteria of the grid the project meets, each with its evidence. Clears approvals too. */
export async function setProjectCriteria(deps: AppDeps, staff: StaffPrincipal, id: string, raw: unknown): Promise<StaffProjectView> {
  const { criteria } = projectCriteriaInputSchema.parse(raw);
  const grid = new Set((await listCriteria(deps)).filter((c) => c.active).map((c) => c.key));
  for (const c of criteria) if (!grid.has(c.key)) throw cofinErrors.unknownCriterion(c.key);
  await deps.database.db.transaction().execute(async (tx) => {
    const current = await lockProject(tx, deps.bankId, id);
    if (current.status !== 'draft') throw cofinErrors.notEditable();
    await tx.deleteFrom('cofin_project_criteria').where('project_id', '=', id).execute();
    if (criteria.length) {
      await tx
        .insertInto('cofin_project_criteria')
        .values(criteria.map((c) => ({ project_id: id, criterion_key: c.key, evidence: c.evidence })))
        .execute();
    }
    await tx.deleteFrom('cofin_approvals').where('project_id', '=', id).execute();
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: actorLabel(staff),
      action: 'cofinancing.criteria_set',
      targetType: 'cofinancing_project',
      targetId: id,
      details: { criteria: criteria.map((c) => c.key) },
    });
  });
  return readStaffProject(deps, id);
}

/** One reviewer's approval. Four-eyes: two distinct reviewers, neither of them the author. */
export async function approveProject(deps: AppDeps, staff: StaffPrincipal, id: string): Promise<StaffProjectView> {
  await deps.database.db.transaction().execute(async (tx) => {
    const current = await lockProject(tx, deps.bankId, id);
    if (current.status !== 'draft') throw cofinErrors.notEditable();
    if (current.created_by === staff.userId) throw cofinErrors.authorCannotApprove();
    const inserted = await tx
      .insertInto('cofin_approvals')
      .values({ project_id: id, reviewer_id: staff.userId, reviewer_label: actorLabel(staff) })
      .onConflict((oc) => oc.columns(['project_id', 'reviewer_id']).doNothing())
      .returning(['reviewer_id'])
      .executeTakeFirst();
    if (!inserted) throw cofinErrors.alreadyApproved();
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: actorLabel(staff),
      action: 'cofinancing.project_approved',
      targetType: 'cofinancing_project',
      targetId: id,
    });
  });
  return readStaffProject(deps, id);
}

/** Publishes a draft that has its information sheet, its criteria and two approvals. */
export async function publishProject(deps: AppDeps, staff: StaffPrincipal, id: string, now = new Date()): Promise<StaffProjectView> {
  const before = await readStaffProject(deps, id, now);
  if (before.status !== 'draft') throw cofinErrors.notEditable();
  if (before.publicationBlockers.length) throw cofinErrors.notPublishable(before.publicationBlockers);
  await deps.database.db.transaction().execute(async (tx) => {
    const published = await tx
      .updateTable('cofin_projects')
      .set({ status: 'published', published_at: now, updated_at: now })
      .where('bank_id', '=', deps.bankId)
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .returning(['id'])
      .executeTakeFirst();
    if (!published) throw cofinErrors.notEditable();
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: actorLabel(staff),
      action: 'cofinancing.project_published',
      targetType: 'cofinancing_project',
      targetId: id,
      details: { approvals: before.approvals.map((a) => a.reviewerLabel), targetCents: before.targetCents },
    });
  });
  await openDiscussion(deps, id, before.title, before.purpose);
  return readStaffProject(deps, id);
}

/** Comments live in the community: one topic per project (its subject), created at publication. */
async function openDiscussion(deps: AppDeps, id: string, title: string, purpose: string) {
  try {
    const topic = await ensureSubjectTopic(deps, {
      subject: { type: 'cofinancing_project', id },
      title: `Co-financement : ${title}`.slice(0, 140),
      body: `Questions et commentaires sur le projet « ${title} » : ${purpose}`,
      categorySlug: 'vie-de-la-banque',
    });
    await deps.database.db.updateTable('cofin_projects').set({ topic_url: topic.url }).where('id', '=', id).execute();
  } catch (error) {
    // The project is published either way; the discussion can be opened again by a later publish read.
    deps.logger.warn({ err: error, projectId: id }, 'co-financing discussion not opened');
  }
}

export async function addImpactReport(deps: AppDeps, staff: StaffPrincipal, id: string, input: { title: string; body: string }) {
  const project = await readStaffProject(deps, id);
  if (project.status === 'draft' || project.status === 'failed') throw cofinErrors.notRepaying();
  await deps.database.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('cofin_impact_reports')
      .values({ id: randomUUID(), project_id: id, title: input.title, body: input.body })
      .execute();
    await appendAudit(tx, {
      bankId: deps.bankId,
      actorId: staff.userId,
      actorLabel: actorLabel(staff),
      action: 'cofinancing.impact_reported',
      targetType: 'cofinancing_project',
      targetId: id,
      details: { title: input.title },
    });
  });
  return readStaffProject(deps, id);
}

async function lockProject(tx: Executor, bankId: string, id: string) {
  const row = await tx
    .selectFrom('cofin_projects')
    .select(['id', 'status', 'created_by'])
    .where('bank_id', '=', bankId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw cofinErrors.projectNotFound();
  return row;
}

/** The public view of a project (what clients and visitors read). Null for drafts and unknown ids. */
export async function readPublicProject(deps: AppDeps, id: string): Promise<ProjectView | null> {
  const view = await readProjectRow(deps, id);
  if (!view || view.status === 'draft') return null;
  const { createdBy: _c, createdByLabel: _l, ...rest } = view;
  return rest;
}

export async function listPublicProjects(deps: AppDeps): Promise<ProjectView[]> {
  const ids = await deps.database.db
    .selectFrom('cofin_projects')
    .select(['id'])
    .where('bank_id', '=', deps.bankId)
    .where('status', '!=', 'draft')
    .orderBy(sql`case when status = 'published' then 0 else 1 end`)
    .orderBy('deadline_at', 'desc')
    .limit(100)
    .execute();
  const views = await Promise.all(ids.map((r) => readPublicProject(deps, r.id)));
  return views.filter((v): v is ProjectView => v !== null);
}

export async function listStaffProjects(deps: AppDeps): Promise<StaffProjectView[]> {
  const ids = await deps.database.db
    .selectFrom('cofin_projects')
    .select(['id'])
    .where('bank_id', '=', deps.bankId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return Promise.all(ids.map((r) => readStaffProject(deps, r.id)));
}

export async function readStaffProject(deps: AppDeps, id: string, now = new Date()): Promise<StaffProjectView> {
  const view = await readProjectRow(deps, id);
  if (!view) throw cofinErrors.projectNotFound();
  const db = deps.database.db;
  const approvals = await db
    .selectFrom('cofin_approvals')
    .select(['reviewer_id', 'reviewer_label', 'approved_at'])
    .where('project_id', '=', id)
    .orderBy('approved_at')
    .execute();
  const instalments = await db
    .selectFrom('cofin_instalments')
    .select(['id', 'number', 'due_on', 'principal_cents', 'interest_cents', 'status', 'received_cents'])
    .where('project_id', '=', id)
    .orderBy('number')
    .execute();
  const blockers: string[] = [];
  if (view.status === 'draft') {
    if (!view.infoSheet) blockers.push('la fiche d’informations clés sur l’investissement manque');
    if (view.criteria.length === 0) blockers.push('aucun critère éthique n’est justifié');
    const reviewers = approvals.filter((a) => a.reviewer_id !== view.createdBy).length;
    if (reviewers < 2) blockers.push(`il faut deux approbations distinctes (${reviewers} sur 2)`);
    if (new Date(view.deadlineAt).getTime() <= now.getTime()) blockers.push('la date limite est passée');
  }
  return {
    ...view,
    approvals: approvals.map((a) => ({
      reviewerId: a.reviewer_id,
      reviewerLabel: a.reviewer_label,
      approvedAt: a.approved_at.toISOString(),
    })),
    publicationBlockers: blockers,
    instalments: instalments.map((i) => ({
      id: i.id,
      number: i.number,
      dueOn: typeof i.due_on === 'string' ? i.due_on.slice(0, 10) : i.due_on.toISOString().slice(0, 10),
      principalCents: Number(i.principal_cents),
      interestCents: Number(i.interest_cents),
      status: i.status,
      receivedCents: Number(i.received_cents),
    })),
  };
}

async function readProjectRow(deps: AppDeps, id: string): Promise<(ProjectView & { createdBy: string; createdByLabel: string }) | null> {
  const db = deps.database.db;
  const row = await db
    .selectFrom('cofin_projects')
    .select(PROJECT_COLUMNS)
    .where('bank_id', '=', deps.bankId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const criteria = await db
    .selectFrom('cofin_project_criteria as pc')
    .innerJoin('cofin_criteria as c', (j) => j.onRef('c.key', '=', 'pc.criterion_key').on('c.bank_id', '=', deps.bankId))
    .select(['pc.criterion_key', 'c.label', 'pc.evidence'])
    .where('pc.project_id', '=', id)
    .where('c.active', '=', true)
    .orderBy('c.position')
    .execute();
  const reports = await db
    .selectFrom('cofin_impact_reports')
    .select(['id', 'title', 'body', 'created_at'])
    .where('project_id', '=', id)
    .orderBy('created_at', 'desc')
    .execute();
  const investors = await db
    .selectFrom('cofin_pledges')
    .select(sql<string>`count(distinct client_id)`.as('n'))
    .where('project_id', '=', id)
    .where('status', 'in', ['active', 'allocated'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    borrowerName: row.borrower_name,
    borrowerKind: row.borrower_kind,
    purpose: row.purpose,
    story: row.story,
    amountSoughtCents: Number(row.amount_sought_cents),
    bankShareCents: Number(row.bank_share_cents),
    targetCents: Number(row.target_cents),
    raisedCents: Number(row.raised_cents),
    investorCount: Number(investors.n),
    minPledgeCents: Number(row.min_pledge_cents),
    maxPledgeCents: Number(row.max_pledge_cents),
    durationMonths: row.duration_months,
    rateBp: row.rate_bp,
    riskGrade: row.risk_grade,
    deadlineAt: row.deadline_at.toISOString(),
    infoSheet: row.info_sheet,
    documents: row.documents,
    criteria: criteria.map((c) => ({ key: c.criterion_key, label: c.label, evidence: c.evidence })),
    impactReports: reports.map((r) => ({ id: r.id, title: r.title, body: r.body, createdAt: r.created_at.toISOString() })),
    topicUrl: row.topic_url,
    publishedAt: row.published_at?.toISOString() ?? null,
    createdBy: row.created_by,
    createdByLabel: row.created_by_label,
  };
}
