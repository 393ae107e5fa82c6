-- Every channel the bank's clients use: reviews (rating, title), edits and deletions kept in the
-- archive, moderation state, pollers' cursors, channel settings with encrypted credentials, and
-- the in-flight marker that keeps a reply from being posted twice after a crash.

alter table messages
  add column rating smallint check (rating between 1 and 5),
  add column title text,
  add column edited_at timestamptz,
  add column deleted_at timestamptz,
  add column hidden_at timestamptz,
  -- earlier versions of an edited message: [{ body, rating, title, replacedAt }]
  add column edit_history jsonb not null default '[]',
  -- set when a platform call starts, cleared when its outcome is committed: still set on the next
  -- claim means the process died in between, so the platform is asked before any retry
  add column delivery_in_flight boolean not null default false,
  add column platform_tag text;

alter table ingested_items drop constraint ingested_items_outcome_check;
alter table ingested_items add constraint ingested_items_outcome_check check (outcome in ('message', 'update', 'ignored'));

-- Where each poller stopped; written in the same transaction as the pages it fetched.
create table poll_cursors (
  platform text primary key,
  cursor text,
  last_polled_at timestamptz,
  -- one process polls a platform at a time: it holds the lease while the HTTP calls run
  leased_until timestamptz,
  last_error text,
  last_error_at timestamptz
);

-- Channel settings: credentials encrypted at rest (AES-256-GCM), shown masked; health figures.
create table channels (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  platform text not null,
  display_name text not null,
  status text not null default 'active' check (status in ('active', 'paused')),
  credentials_ciphertext text,
  credentials_key_id text,
  -- the last characters of each credential, for the masked display
  credentials_hint jsonb not null default '{}',
  last_event_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  token_expires_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (bank_id, platform)
);
