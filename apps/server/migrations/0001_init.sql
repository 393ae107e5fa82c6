-- Foundation: the bank (tenant), staff, sessions, the social inbox, the ingest path and the audit log.
-- Every business table carries bank_id: each repository query filters on it.

create table banks (
  id uuid primary key,
  slug text not null unique,
  name text not null,
  created_at timestamptz not null default now()
);

create table teams (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  name text not null,
  kind text not null check (kind in ('social_care', 'advisors')),
  unique (bank_id, name)
);

create table staff_users (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  email text not null,
  display_name text not null,
  first_name text not null,
  role text not null check (role in ('agent', 'advisor', 'community_manager', 'supervisor', 'compliance', 'admin')),
  password_hash text,
  totp_secret text,
  totp_enabled boolean not null default false,
  active boolean not null default true,
  failed_login_count integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  unique (bank_id, email)
);
create unique index staff_users_email_idx on staff_users (email);

create table team_members (
  team_id uuid not null references teams(id) on delete cascade,
  user_id uuid not null references staff_users(id) on delete cascade,
  primary key (team_id, user_id)
);
create index team_members_user_idx on team_members (user_id);

-- Tokens are stored hashed: a database dump does not hand out live sessions or invitations.
create table staff_sessions (
  token_hash text primary key,
  user_id uuid not null references staff_users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  -- set while the password was right but the TOTP code is still awaited
  pending_totp boolean not null default false
);
create index staff_sessions_user_idx on staff_sessions (user_id);

create table staff_invitations (
  token_hash text primary key,
  user_id uuid not null references staff_users(id) on delete cascade,
  purpose text not null check (purpose in ('invite', 'reset')),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table login_ip_failures (
  ip text primary key,
  failures integer not null default 0,
  locked_until timestamptz,
  updated_at timestamptz not null default now()
);

create table clients (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  first_name text not null,
  last_name text not null,
  advisor_id uuid references staff_users(id),
  created_at timestamptz not null default now()
);
create index clients_advisor_idx on clients (advisor_id);

create table contacts (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  platform text not null,
  platform_user_id text not null,
  handle text,
  display_name text not null,
  profile_url text,
  avatar_url text,
  client_id uuid references clients(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (bank_id, platform, platform_user_id)
);

create table conversations (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  team_id uuid not null references teams(id),
  channel text not null,
  kind text not null check (kind in ('public', 'private')),
  -- the platform's thread: root post id for public threads, the contact's id for DMs
  thread_key text not null,
  contact_id uuid not null references contacts(id),
  status text not null default 'open' check (status in ('open', 'pending', 'resolved')),
  assignee_id uuid references staff_users(id),
  excerpt text not null default '',
  last_message_at timestamptz not null,
  last_inbound_at timestamptz,
  last_read_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (bank_id, channel, thread_key)
);
-- keyset pagination of the inbox: newest activity first, id breaks ties
create index conversations_inbox_idx on conversations (bank_id, last_message_at desc, id desc);
create index conversations_team_idx on conversations (bank_id, team_id, last_message_at desc);
create index conversations_contact_idx on conversations (contact_id);

create table messages (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  conversation_id uuid not null references conversations(id),
  direction text not null check (direction in ('inbound', 'outbound', 'note')),
  visibility text not null check (visibility in ('public', 'private', 'internal')),
  platform_message_id text,
  -- the platform id this message answers (comment id, tweet id): the reply API needs it
  reply_to_platform_id text,
  author_contact_id uuid references contacts(id),
  author_user_id uuid references staff_users(id),
  body text not null,
  attachments jsonb not null default '[]',
  -- French full-text search: the body, unaccented, stemmed by the french configuration
  search_vector tsvector not null,
  created_at timestamptz not null,
  delivery_status text check (delivery_status in ('sending', 'retrying', 'sent', 'failed')),
  delivery_error text,
  delivery_attempts integer not null default 0,
  next_attempt_at timestamptz,
  idempotency_key text unique
);
create unique index messages_platform_id_idx on messages (bank_id, conversation_id, platform_message_id) where platform_message_id is not null;
create index messages_conversation_idx on messages (conversation_id, created_at);
create index messages_search_idx on messages using gin (search_vector);
create index messages_delivery_idx on messages (next_attempt_at) where delivery_status in ('sending', 'retrying');

-- The raw delivery exactly as the platform sent it, keyed by the SHA-256 of its body:
-- a replayed delivery is the same row.
create table raw_deliveries (
  id bigserial primary key,
  platform text not null,
  body_sha256 text not null,
  body text not null,
  received_at timestamptz not null default now(),
  status text not null default 'new' check (status in ('new', 'done', 'ignored', 'failed')),
  attempts integer not null default 0,
  processed_at timestamptz,
  error text,
  unique (platform, body_sha256)
);
create index raw_deliveries_new_idx on raw_deliveries (id) where status = 'new';

-- Each item of a delivery, once: (platform, item id) makes a replay of an item a no-op even
-- when it comes inside a different delivery.
create table ingested_items (
  platform text not null,
  item_id text not null,
  raw_delivery_id bigint not null references raw_deliveries(id),
  outcome text not null check (outcome in ('message', 'ignored')),
  created_at timestamptz not null default now(),
  primary key (platform, item_id)
);

create table outbox (
  id bigserial primary key,
  topic text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_unpublished_idx on outbox (id) where published_at is null;

create table audit_log (
  id bigserial primary key,
  bank_id uuid,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_label text not null,
  action text not null,
  target_type text,
  target_id text,
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null
);
