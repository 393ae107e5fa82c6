-- The client's secure space (issue 6): a client record gains what the bank knows to reach them,
-- and an account with two factors. Staff and clients never share a table, a cookie or a session.
alter table clients add column email text;
alter table clients add column phone text;
alter table clients add column birth_date date;
-- A client signs in with their e-mail: unique per bank, compared lower-cased.
create unique index clients_email_idx on clients (bank_id, lower(email)) where email is not null;

create table client_accounts (
  client_id uuid primary key references clients(id),
  bank_id uuid not null references banks(id),
  password_hash text,
  totp_secret text,
  totp_enabled boolean not null default false,
  -- invited: a one-time activation link exists; active: password and a second factor are set
  status text not null default 'invited' check (status in ('invited', 'active', 'disabled')),
  failed_login_count integer not null default 0,
  locked_until timestamptz,
  activated_at timestamptz,
  created_at timestamptz not null default now()
);

-- Sessions of the secure space: short idle clock (minutes), rotated at sign-in, and a
-- re-authentication time for sensitive actions (contact details, linking an identity).
create table client_sessions (
  token_hash text primary key,
  client_id uuid not null references clients(id),
  bank_id uuid not null references banks(id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  reauthenticated_at timestamptz not null default now()
);
create index client_sessions_client_idx on client_sessions (client_id);

-- One-time links: activation of a new account, or a password reset. Only the hash is kept.
create table client_invitations (
  token_hash text primary key,
  client_id uuid not null references clients(id),
  bank_id uuid not null references banks(id),
  purpose text not null check (purpose in ('activate', 'reset')),
  created_by uuid references staff_users(id),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index client_invitations_client_idx on client_invitations (client_id);
