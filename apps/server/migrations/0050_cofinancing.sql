-- Co-financing (issue 9): clients co-finance, beside the bank, loans to projects that meet ethical
-- criteria, under the EU crowdfunding rules (Regulation 2020/1503). Amounts are integer cents.

-- The bank's ethical criteria grid (environment, social utility, local roots, governance…).
create table cofin_criteria (
  bank_id uuid not null references banks(id),
  key text not null,
  label text not null,
  description text not null default '',
  position integer not null default 0,
  active boolean not null default true,
  primary key (bank_id, key)
);

create table cofin_projects (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  status text not null default 'draft'
    check (status in ('draft', 'published', 'funded', 'failed', 'repaying', 'repaid', 'late', 'defaulted')),
  title text not null,
  borrower_name text not null,
  borrower_kind text not null check (borrower_kind in ('association', 'social_business', 'local_business')),
  purpose text not null,
  story text not null default '',
  amount_sought_cents bigint not null check (amount_sought_cents > 0),
  bank_share_cents bigint not null check (bank_share_cents >= 0),
  -- The crowd's part: what clients may pledge (amount sought less the bank's share).
  target_cents bigint not null check (target_cents > 0),
  raised_cents bigint not null default 0,
  min_pledge_cents bigint not null,
  max_pledge_cents bigint not null,
  duration_months integer not null check (duration_months between 1 and 360),
  -- Annual rate in basis points; 0 for a solidarity loan.
  rate_bp integer not null check (rate_bp between 0 and 2000),
  risk_grade text not null check (risk_grade in ('A', 'B', 'C', 'D', 'E')),
  deadline_at timestamptz not null,
  -- The key investment information sheet (art. 23): required before publication.
  info_sheet text,
  documents jsonb not null default '[]',
  topic_url text,
  created_by uuid not null references staff_users(id),
  created_by_label text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  closed_at timestamptz,
  loan_granted_at timestamptz,
  -- Never more raised than the crowd's part, whatever the concurrency (also checked by the update).
  check (raised_cents >= 0 and raised_cents <= target_cents),
  check (min_pledge_cents > 0 and min_pledge_cents <= max_pledge_cents)
);
create index cofin_projects_bank_idx on cofin_projects (bank_id, status, deadline_at);

create table cofin_project_criteria (
  project_id uuid not null references cofin_projects(id) on delete cascade,
  criterion_key text not null,
  evidence text not null,
  primary key (project_id, criterion_key)
);

-- Four-eyes: two distinct reviewers, neither the author. Editing the project clears them.
create table cofin_approvals (
  project_id uuid not null references cofin_projects(id) on delete cascade,
  reviewer_id uuid not null references staff_users(id),
  reviewer_label text not null,
  approved_at timestamptz not null default now(),
  primary key (project_id, reviewer_id)
);

create table cofin_impact_reports (
  id uuid primary key,
  project_id uuid not null references cofin_projects(id) on delete cascade,
  title text not null,
  body text not null,
  created_at timestamptz not null default now()
);

-- What a client proved before a first pledge (art. 21): knowledge test, loss-bearing simulation,
-- risk warning acknowledged (Delegated Regulation 2022/2114).
create table cofin_investor_profiles (
  bank_id uuid not null references banks(id),
  client_id uuid not null references clients(id),
  knowledge_passed_at timestamptz,
  knowledge_score integer,
  net_worth_cents bigint,
  loss_capacity_cents bigint,
  simulated_at timestamptz,
  risk_acknowledged_at timestamptz,
  primary key (bank_id, client_id)
);

create table cofin_pledges (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  project_id uuid not null references cofin_projects(id),
  client_id uuid not null references clients(id),
  account_id uuid not null,
  amount_cents bigint not null check (amount_cents > 0),
  -- reserving: capacity taken, hold being placed; active: held, counted; withdrawn (reflection),
  -- released (project not funded or hold refused), allocated (loan granted).
  status text not null default 'reserving' check (status in ('reserving', 'active', 'withdrawn', 'released', 'allocated', 'failed')),
  hold_id text,
  large_pledge_consent boolean not null default false,
  reflection_ends_at timestamptz not null,
  created_at timestamptz not null default now(),
  settled_at timestamptz
);
create index cofin_pledges_project_idx on cofin_pledges (project_id, status);
create index cofin_pledges_client_idx on cofin_pledges (bank_id, client_id);

-- The crowd tranche's amortisation schedule (constant instalments; straight principal at 0%).
create table cofin_instalments (
  id uuid primary key,
  project_id uuid not null references cofin_projects(id) on delete cascade,
  number integer not null,
  due_on date not null,
  principal_cents bigint not null,
  interest_cents bigint not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'paid', 'late', 'defaulted')),
  received_cents bigint not null default 0,
  received_at timestamptz,
  unique (project_id, number)
);

-- Each investor's share of a received instalment, credited to their account.
create table cofin_distributions (
  instalment_id uuid not null references cofin_instalments(id) on delete cascade,
  pledge_id uuid not null references cofin_pledges(id),
  client_id uuid not null references clients(id),
  principal_cents bigint not null,
  interest_cents bigint not null,
  credited_at timestamptz,
  primary key (instalment_id, pledge_id)
);
create index cofin_distributions_client_idx on cofin_distributions (client_id);
