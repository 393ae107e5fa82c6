-- Failed sign-ins for e-mail addresses that have no account, counted like an account's
-- (staff_users.failed_login_count): the lockout answer must not reveal which addresses exist.
-- Keyed by the SHA-256 of the lower-cased address, so the table is no list of guessed e-mails.
create table login_email_failures (
  email_hash text primary key,
  failures integer not null default 0,
  locked_until timestamptz,
  updated_at timestamptz not null default now()
);

-- Invitations and reset links are looked up by user when a new one supersedes the old ones.
create index staff_invitations_user_idx on staff_invitations (user_id);
