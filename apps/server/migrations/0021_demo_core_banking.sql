-- The demo's stand-in for the bank's core-banking system (connectors/core-banking): accounts and
-- holds (amounts reserved, e.g. a co-financing pledge). A real bank plugs its own system behind
-- the same interface and these tables stay empty.
create table demo_core_accounts (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  client_id uuid not null references clients(id),
  label text not null,
  kind text not null check (kind in ('current', 'savings', 'loan')),
  iban text not null,
  balance_cents bigint not null,
  currency text not null default 'EUR',
  created_at timestamptz not null default now()
);
create index demo_core_accounts_client_idx on demo_core_accounts (bank_id, client_id);

create table demo_core_holds (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  account_id uuid not null references demo_core_accounts(id),
  amount_cents bigint not null check (amount_cents > 0),
  -- the caller's reference (e.g. the pledge id): holding twice with it is holding once
  reference text not null,
  status text not null default 'held' check (status in ('held', 'released', 'captured')),
  created_at timestamptz not null default now(),
  settled_at timestamptz,
  unique (bank_id, reference)
);
create index demo_core_holds_account_idx on demo_core_holds (account_id) where status = 'held';

-- Credits (e.g. a repayment paid to an investor), once per reference.
create table demo_core_credits (
  bank_id uuid not null references banks(id),
  reference text not null,
  account_id uuid not null references demo_core_accounts(id),
  amount_cents bigint not null check (amount_cents > 0),
  created_at timestamptz not null default now(),
  primary key (bank_id, reference)
);
