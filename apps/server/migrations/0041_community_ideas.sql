-- The ideas space: an idea is a topic of the 'ideas' category (its comments are posts, moderated
-- like any other); its status, votes and the bank's official responses live here.

create table community_ideas (
  topic_id uuid primary key references community_topics(id),
  bank_id uuid not null references banks(id),
  status text not null default 'new'
    check (status in ('new', 'under_review', 'planned', 'in_progress', 'launched', 'declined', 'already_exists')),
  vote_count integer not null default 0,
  -- an 'already_exists' idea points at the one it duplicates; its votes were carried over there
  merged_into_topic_id uuid references community_topics(id),
  -- for launched ideas: what changed for the clients, shown on "De vos idées à nos projets"
  what_changed text,
  status_changed_at timestamptz not null default now(),
  launched_at timestamptz,
  created_at timestamptz not null default now()
);
create index community_ideas_status_idx on community_ideas (bank_id, status, vote_count desc);

create table community_idea_votes (
  topic_id uuid not null references community_ideas(topic_id) on delete cascade,
  member_id uuid not null references community_members(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (topic_id, member_id)
);
create index community_idea_votes_member_idx on community_idea_votes (member_id);

create table community_idea_status_changes (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  topic_id uuid not null references community_ideas(topic_id),
  from_status text not null,
  to_status text not null,
  response_md text not null,
  response_html text not null,
  staff_id uuid references staff_users(id),
  staff_name text not null,
  created_at timestamptz not null default now()
);
create index community_idea_status_changes_topic_idx on community_idea_status_changes (topic_id, created_at);
