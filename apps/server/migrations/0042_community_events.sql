-- Virtual events (a real-estate fair, a live conference): schedule, registrations and reminders,
-- a live page with the stream link, and live Q&A kept for the replay.

create table community_events (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  -- an event for one group's members only, or for the whole community
  group_id uuid references community_groups(id),
  slug text not null,
  title text not null,
  description_md text not null default '',
  description_html text not null default '',
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  stream_url text,
  replay_url text,
  status text not null default 'scheduled' check (status in ('scheduled', 'live', 'ended', 'cancelled')),
  created_by uuid references staff_users(id),
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  unique (bank_id, slug)
);
create index community_events_upcoming_idx on community_events (bank_id, starts_at);

create table community_event_registrations (
  event_id uuid not null references community_events(id) on delete cascade,
  member_id uuid not null references community_members(id) on delete cascade,
  registered_at timestamptz not null default now(),
  -- each reminder once: the worker sets these in the transaction that queues the mail
  reminded_day_at timestamptz,
  reminded_hour_at timestamptz,
  primary key (event_id, member_id)
);

create table community_event_questions (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  event_id uuid not null references community_events(id),
  member_id uuid not null references community_members(id),
  body text not null,
  status text not null default 'visible' check (status in ('visible', 'held', 'hidden')),
  held_reason text,
  masked_types jsonb not null default '[]',
  vote_count integer not null default 0,
  answer_md text,
  answer_html text,
  answered_by uuid references staff_users(id),
  answered_by_name text,
  answered_at timestamptz,
  created_at timestamptz not null default now()
);
create index community_event_questions_event_idx on community_event_questions (event_id, vote_count desc, created_at);

create table community_event_question_votes (
  question_id uuid not null references community_event_questions(id) on delete cascade,
  member_id uuid not null references community_members(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (question_id, member_id)
);
