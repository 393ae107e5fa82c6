-- Reliable answers (issue 5): the approved answers library with its versions and uses, in-app
-- notifications (@mentions in notes), conversation tags, macros and the CSAT survey.

create table answers (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  owner_id uuid references staff_users(id),
  -- the newest version (any state) and the one offered in the composer (null: never published)
  latest_version integer not null default 1,
  published_version integer,
  usage_count integer not null default 0,
  -- the demo bank's seeded answers, so that seeding at every start adds nothing twice
  seed_key text,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (bank_id, seed_key)
);

-- Each edit is a new version; a version goes draft → submitted → approved → published, and is
-- approved by a second person (never its author). Older published versions become superseded.
create table answer_versions (
  answer_id uuid not null references answers(id) on delete cascade,
  version integer not null,
  title text not null,
  body text not null,
  language text not null check (language in ('fr', 'en')),
  -- empty array: every channel
  channels jsonb not null default '[]',
  intents jsonb not null default '[]',
  tags jsonb not null default '[]',
  valid_from timestamptz,
  valid_until timestamptz,
  pinned boolean not null default false,
  state text not null default 'draft' check (state in ('draft', 'submitted', 'approved', 'published', 'superseded', 'rejected')),
  author_id uuid references staff_users(id),
  created_at timestamptz not null default now(),
  submitted_at timestamptz,
  approved_by uuid references staff_users(id),
  approved_at timestamptz,
  published_at timestamptz,
  review_comment text,
  primary key (answer_id, version)
);

create table answer_uses (
  answer_id uuid not null references answers(id) on delete cascade,
  version integer not null,
  message_id uuid not null primary key,
  conversation_id uuid not null references conversations(id),
  user_id uuid references staff_users(id),
  used_at timestamptz not null default now()
);

create table notifications (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  user_id uuid not null references staff_users(id) on delete cascade,
  kind text not null,
  conversation_id uuid references conversations(id),
  -- the note that mentioned the user: a replayed bus event notifies once
  message_id uuid,
  text text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (user_id, message_id)
);
create index notifications_user_idx on notifications (user_id, created_at desc);

create table conversation_tags (
  conversation_id uuid not null references conversations(id),
  bank_id uuid not null references banks(id),
  tag text not null,
  created_by uuid references staff_users(id),
  created_at timestamptz not null default now(),
  primary key (conversation_id, tag)
);
create index conversation_tags_tag_idx on conversation_tags (bank_id, tag);

create table macros (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  name text not null,
  -- [{ type: 'add_tag', tag } | { type: 'set_status', status } | { type: 'assign_team', teamId } | ...]
  actions jsonb not null,
  created_by uuid references staff_users(id),
  created_at timestamptz not null default now(),
  archived_at timestamptz
);

create table csat_settings (
  bank_id uuid primary key references banks(id),
  enabled boolean not null default true,
  updated_at timestamptz not null default now()
);

-- One survey per resolution; the person's next message answers it (score 1–5 + comment).
create table csat_responses (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  conversation_id uuid not null references conversations(id),
  survey_message_id uuid not null,
  sent_at timestamptz not null,
  -- 'waiting' until the next inbound message: 'answered' with a score, or 'closed' without one
  state text not null default 'waiting' check (state in ('waiting', 'answered', 'closed')),
  score integer check (score between 1 and 5),
  comment text,
  response_message_id uuid,
  answered_at timestamptz
);
create index csat_conversation_idx on csat_responses (conversation_id, sent_at desc);
