-- Passkeys (WebAuthn) as the client's second factor beside TOTP, and the TOTP time step last
-- accepted, so that a code cannot be used twice (issue 6).
alter table client_accounts add column totp_last_step bigint;

create table client_passkeys (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  client_id uuid not null references clients(id),
  -- base64url credential id, as the browser sends it back at sign-in
  credential_id text not null unique,
  -- COSE public key, base64url
  public_key text not null,
  sign_count bigint not null default 0,
  transports jsonb not null default '[]',
  device_type text not null check (device_type in ('singleDevice', 'multiDevice')),
  backed_up boolean not null default false,
  name text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index client_passkeys_client_idx on client_passkeys (client_id);

-- Challenges handed to a browser, kept server-side and spent once: registration (a signed-in
-- client, after re-authentication) or sign-in (nobody known yet: no client). Only the hash of the
-- challenge is kept; the browser's signed clientDataJSON carries the challenge back.
create table client_webauthn_challenges (
  challenge_hash text primary key,
  bank_id uuid not null references banks(id),
  client_id uuid references clients(id),
  purpose text not null check (purpose in ('register', 'login')),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index client_webauthn_challenges_expiry_idx on client_webauthn_challenges (expires_at);
