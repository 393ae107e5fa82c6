import type { ColumnType } from 'kysely';

// Co-financing's own tables (migration 0050), declared into the DB interface below.
type DefaultedTs = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Json<T> = ColumnType<T, string | undefined, string>;
// bigint columns come back as strings from pg and as numbers from PGlite: read them with Number().
type Cents = ColumnType<string | number, number, number>;
type DefaultedCents = ColumnType<string | number, number | undefined, number>;

export type ProjectStatus = 'draft' | 'published' | 'funded' | 'failed' | 'repaying' | 'repaid' | 'late' | 'defaulted';
export type BorrowerKind = 'association' | 'social_business' | 'local_business';
export type PledgeStatus = 'reserving' | 'active' | 'withdrawn' | 'released' | 'allocated' | 'failed';
export type InstalmentStatus = 'scheduled' | 'paid' | 'late' | 'defaulted';

export interface CofinCriteriaTable {
  bank_id: string;
  key: string;
  label: string;
  description: Defaulted<string>;
  position: Defaulted<number>;
  active: Defaulted<boolean>;
}

export interface CofinProjectsTable {
  id: string;
  bank_id: string;
  status: Defaulted<ProjectStatus>;
  title: string;
  borrower_name: string;
  borrower_kind: BorrowerKind;
  purpose: string;
  story: Defaulted<string>;
  amount_sought_cents: Cents;
  bank_share_cents: Cents;
  target_cents: Cents;
  raised_cents: DefaultedCents;
  min_pledge_cents: Cents;
  max_pledge_cents: Cents;
  duration_months: number;
  rate_bp: number;
  risk_grade: 'A' | 'B' | 'C' | 'D' | 'E';
  deadline_at: ColumnType<Date, Date | string, Date | string>;
  info_sheet: Opt<string>;
  documents: Json<{ name: string; url: string }[]>;
  topic_url: Opt<string>;
  created_by: string;
  created_by_label: string;
  created_at: DefaultedTs;
  updated_at: DefaultedTs;
  published_at: NullableTs;
  closed_at: NullableTs;
  loan_granted_at: NullableTs;
}

export interface CofinProjectCriteriaTable {
  project_id: string;
  criterion_key: string;
  evidence: string;
}

export interface CofinApprovalsTable {
  project_id: string;
  reviewer_id: string;
  reviewer_label: string;
  approved_at: DefaultedTs;
}

export interface CofinImpactReportsTable {
  id: string;
  project_id: string;
  title: string;
  body: string;
  created_at: DefaultedTs;
}

export interface CofinInvestorProfilesTable {
  bank_id: string;
  client_id: string;
  knowledge_passed_at: NullableTs;
  knowledge_score: Opt<number>;
  net_worth_cents: ColumnType<string | number | null, number | null | undefined, number | null>;
  loss_capacity_cents: ColumnType<string | number | null, number | null | undefined, number | null>;
  simulated_at: NullableTs;
  risk_acknowledged_at: NullableTs;
}

export interface CofinPledgesTable {
  id: string;
  bank_id: string;
  project_id: string;
  client_id: string;
  account_id: string;
  amount_cents: Cents;
  status: Defaulted<PledgeStatus>;
  hold_id: Opt<string>;
  large_pledge_consent: Defaulted<boolean>;
  reflection_ends_at: ColumnType<Date, Date | string, Date | string>;
  created_at: DefaultedTs;
  settled_at: NullableTs;
}

export interface CofinInstalmentsTable {
  id: string;
  project_id: string;
  number: number;
  due_on: ColumnType<Date | string, string, string>;
  principal_cents: Cents;
  interest_cents: Cents;
  status: Defaulted<InstalmentStatus>;
  received_cents: DefaultedCents;
  received_at: NullableTs;
}

export interface CofinDistributionsTable {
  instalment_id: string;
  pledge_id: string;
  client_id: string;
  principal_cents: Cents;
  interest_cents: Cents;
  credited_at: NullableTs;
}

declare module '../../platform/db/db.types.ts' {
  interface DB {
    cofin_criteria: CofinCriteriaTable;
    cofin_projects: CofinProjectsTable;
    cofin_project_criteria: CofinProjectCriteriaTable;
    cofin_approvals: CofinApprovalsTable;
    cofin_impact_reports: CofinImpactReportsTable;
    cofin_investor_profiles: CofinInvestorProfilesTable;
    cofin_pledges: CofinPledgesTable;
    cofin_instalments: CofinInstalmentsTable;
    cofin_distributions: CofinDistributionsTable;
  }
}
