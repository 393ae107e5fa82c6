import { z } from 'zod';

/** Euros typed by a person become integer cents once, here; amounts never travel as floats. */
const cents = (what: string) => z.number().int(`${what} : un nombre entier de centimes`).positive(`${what} doit être positif`);

export const borrowerKindSchema = z.enum(['association', 'social_business', 'local_business']);
export const riskGradeSchema = z.enum(['A', 'B', 'C', 'D', 'E']);
export const projectStatusSchema = z.enum(['draft', 'published', 'funded', 'failed', 'repaying', 'repaid', 'late', 'defaulted']);
export type ProjectStatus = z.infer<typeof projectStatusSchema>;

const documentSchema = z.object({
  name: z.string().trim().min(1).max(200),
  url: z
    .string()
    .trim()
    .max(500)
    .regex(/^(https:\/\/|\/)/, 'Lien de document : https:// ou un chemin du site'),
});

const projectFields = {
  title: z.string().trim().min(3, 'Titre trop court').max(140),
  borrowerName: z.string().trim().min(2).max(140),
  borrowerKind: borrowerKindSchema,
  purpose: z.string().trim().min(3).max(500),
  story: z.string().trim().max(8000).default(''),
  amountSoughtCents: cents('Montant recherché'),
  bankShareCents: z.number().int().min(0),
  minPledgeCents: cents('Minimum par souscription'),
  maxPledgeCents: cents('Maximum par souscription'),
  durationMonths: z.number().int().min(1).max(360),
  rateBp: z.number().int().min(0, 'Taux : 0 % au moins (prêt solidaire)').max(2000),
  riskGrade: riskGradeSchema,
  deadlineAt: z.string().datetime({ offset: true, message: 'Date limite invalide' }),
  infoSheet: z.string().trim().max(20000).nullable().default(null),
  documents: z.array(documentSchema).max(20).default([]),
};

export const projectInputSchema = z
  .object(projectFields)
  .refine((p) => p.bankShareCents < p.amountSoughtCents, {
    message: 'La part de la banque doit laisser une part à financer',
    path: ['bankShareCents'],
  })
  .refine((p) => p.minPledgeCents <= p.maxPledgeCents, { message: 'Le minimum dépasse le maximum', path: ['minPledgeCents'] });
export type ProjectInput = z.input<typeof projectInputSchema>;

export const projectCriteriaInputSchema = z.object({
  criteria: z.array(z.object({ key: z.string().max(40), evidence: z.string().trim().min(10, 'Preuve trop courte').max(2000) })).max(20),
});

export const criterionInputSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Clé : lettres minuscules, chiffres, _'),
  label: z.string().trim().min(2).max(80),
  description: z.string().trim().max(500).default(''),
  active: z.boolean().default(true),
});

export const impactReportInputSchema = z.object({ title: z.string().trim().min(3).max(140), body: z.string().trim().min(10).max(8000) });

export const knowledgeTestInputSchema = z.object({ answers: z.array(z.number().int().min(0).max(5)).length(5) });
export const simulationInputSchema = z.object({
  annualIncomeCents: z.number().int().min(0).max(1e13),
  liquidAssetsCents: z.number().int().min(0).max(1e13),
  annualCommitmentsCents: z.number().int().min(0).max(1e13),
});

export const pledgeInputSchema = z.object({
  amountCents: cents('Montant'),
  accountId: z.string().uuid('Compte invalide'),
  /** Explicit consent to the specific warning, for a pledge above the large-pledge threshold. */
  largePledgeConsent: z.boolean().default(false),
});

export const paymentInputSchema = z.object({ receivedCents: z.number().int().min(0) });

export interface CriterionView {
  key: string;
  label: string;
  description: string;
  active: boolean;
}

export interface ProjectView {
  id: string;
  status: ProjectStatus;
  title: string;
  borrowerName: string;
  borrowerKind: z.infer<typeof borrowerKindSchema>;
  purpose: string;
  story: string;
  amountSoughtCents: number;
  bankShareCents: number;
  targetCents: number;
  raisedCents: number;
  investorCount: number;
  minPledgeCents: number;
  maxPledgeCents: number;
  durationMonths: number;
  rateBp: number;
  riskGrade: z.infer<typeof riskGradeSchema>;
  deadlineAt: string;
  infoSheet: string | null;
  documents: { name: string; url: string }[];
  criteria: { key: string; label: string; evidence: string }[];
  impactReports: { id: string; title: string; body: string; createdAt: string }[];
  topicUrl: string | null;
  publishedAt: string | null;
}

export interface StaffProjectView extends ProjectView {
  createdBy: string;
  createdByLabel: string;
  approvals: { reviewerId: string; reviewerLabel: string; approvedAt: string }[];
  /** What still stands between the project and its publication, in words. */
  publicationBlockers: string[];
  instalments: InstalmentView[];
}

export interface InstalmentView {
  id: string;
  number: number;
  dueOn: string;
  principalCents: number;
  interestCents: number;
  status: 'scheduled' | 'paid' | 'late' | 'defaulted';
  receivedCents: number;
}

export interface InvestorProfileView {
  knowledgePassed: boolean;
  simulated: boolean;
  netWorthCents: number | null;
  lossCapacityCents: number | null;
  riskAcknowledged: boolean;
  /** All three done: the client may pledge. */
  ready: boolean;
  largePledgeThresholdCents: number;
}

export interface KnowledgeQuestion {
  question: string;
  choices: string[];
}

export interface PledgeView {
  id: string;
  projectId: string;
  projectTitle: string;
  projectStatus: ProjectStatus;
  amountCents: number;
  status: 'reserving' | 'active' | 'withdrawn' | 'released' | 'allocated' | 'failed';
  createdAt: string;
  reflectionEndsAt: string;
  canWithdraw: boolean;
}

export interface InvestorDashboard {
  pledges: PledgeView[];
  investedCents: number;
  receivedCents: number;
  upcoming: { projectTitle: string; dueOn: string; amountCents: number }[];
  impact: { projectTitle: string; title: string; createdAt: string }[];
}

export interface StatementLine {
  projectTitle: string;
  instalmentNumber: number;
  dueOn: string;
  principalCents: number;
  interestCents: number;
  creditedAt: string | null;
}

export interface ReconciliationRow {
  projectId: string;
  title: string;
  status: ProjectStatus;
  loanCents: number;
  allocatedCents: number;
  receivedCents: number;
  distributedCents: number;
  differences: string[];
}
