-- The advisor's workstation (issue 6): notes written on a client, the client's segment by habit
-- (rule 12), the days a client used the secure space, and the social identities an admin unlinked.

-- A client's social identities are found from the client: the 360 and the timeline start there.
create index contacts_client_idx on contacts (client_id) where client_id is not null;

-- Internal notes on the client record itself (notes on one conversation stay messages of it).
create table client_notes (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  client_id uuid not null references clients(id),
  author_id uuid not null references staff_users(id),
  body text not null check (length(body) between 1 and 4000),
  created_at timestamptz not null default now()
);
-- keyset pagination of the timeline: newest first, id breaks ties
create index client_notes_client_idx on client_notes (client_id, created_at desc, id desc);

-- Social, web or silent, from the client's channel use over the last months (see DOMAIN.md rule
-- 12 and modules/clients/client-segment.service.ts). `dirty` asks the segment worker to recompute
-- soon; rows older than a day are recomputed anyway, since the window slides.
create table client_segments (
  client_id uuid primary key references clients(id),
  bank_id uuid not null references banks(id),
  segment text not null check (segment in ('social', 'web', 'silent')),
  social_count integer not null default 0,
  web_count integer not null default 0,
  computed_at timestamptz not null default now(),
  dirty boolean not null default false
);
create index client_segments_dirty_idx on client_segments (bank_id) where dirty;
create index client_segments_computed_idx on client_segments (bank_id, computed_at);

-- The days a client signed in to the secure space: one "web" occasion a day at most.
create table client_space_visits (
  client_id uuid not null references clients(id),
  bank_id uuid not null references banks(id),
  day date not null,
  primary key (client_id, day)
);

-- Social identities an admin unlinked from a client (a wrong handoff, a shared account): the
-- link is restored from here, and both moves are in the audit log.
create table client_identity_unlinks (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  client_id uuid not null references clients(id),
  contact_id uuid not null references contacts(id),
  reason text not null,
  unlinked_by uuid not null references staff_users(id),
  unlinked_at timestamptz not null default now(),
  relinked_by uuid references staff_users(id),
  relinked_at timestamptz
);
create index client_identity_unlinks_client_idx on client_identity_unlinks (client_id, unlinked_at desc);
