-- Who answers (issue 5): each staff member's availability, capacity and skills, and each team's
-- routing options. A staff member without a row is offline: nobody receives conversations
-- before saying they are available.

create table staff_routing (
  user_id uuid primary key references staff_users(id) on delete cascade,
  bank_id uuid not null references banks(id),
  status text not null default 'offline' check (status in ('available', 'away', 'offline')),
  -- open conversations assigned at most, automatic assignment only (a person may still take more)
  capacity integer not null default 10 check (capacity between 0 and 200),
  -- ties between equally loaded colleagues go to whoever received one least recently
  last_assigned_at timestamptz,
  status_changed_at timestamptz not null default now()
);

create table staff_skills (
  user_id uuid not null references staff_users(id) on delete cascade,
  bank_id uuid not null references banks(id),
  kind text not null check (kind in ('language', 'product')),
  value text not null,
  primary key (user_id, kind, value)
);

create table team_routing (
  team_id uuid primary key references teams(id) on delete cascade,
  bank_id uuid not null references banks(id),
  auto_assign boolean not null default true,
  -- only the assignee may reply; a supervisor takes over to answer
  only_assignee_replies boolean not null default false,
  -- a second reply to the same inbound message within this window asks for confirmation
  reply_guard_seconds integer not null default 120 check (reply_guard_seconds between 0 and 3600),
  updated_at timestamptz not null default now()
);

-- The queue (unassigned open conversations, oldest first) and each person's load.
create index conversations_queue_idx on conversations (bank_id, last_inbound_at) where assignee_id is null and status <> 'resolved';
create index conversations_assignee_load_idx on conversations (assignee_id) where status <> 'resolved';
