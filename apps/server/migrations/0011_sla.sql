-- Service levels: each team's business calendar, the bank's SLA policies per channel and urgency,
-- the SLA clock of each conversation and the escalations supervisors see.

create table team_calendars (
  team_id uuid primary key references teams(id) on delete cascade,
  bank_id uuid not null references banks(id),
  time_zone text not null default 'Europe/Paris',
  -- { mon: [{ start: '09:00', end: '18:00' }], ... }
  weekly_hours jsonb not null,
  -- date-holidays country whose public holidays close the team; null for none
  holiday_country text,
  -- [{ from: 'YYYY-MM-DD', to: 'YYYY-MM-DD', label }]
  closures jsonb not null default '[]',
  updated_at timestamptz not null default now()
);

-- '*' means any channel / any urgency: the most specific row wins (see sla-policy.service.ts).
create table sla_policies (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  channel text not null default '*',
  urgency text not null default '*',
  first_response_minutes integer not null check (first_response_minutes > 0),
  next_response_minutes integer not null check (next_response_minutes > 0),
  resolution_minutes integer not null check (resolution_minutes > 0),
  unique (bank_id, channel, urgency)
);

create table conversation_sla (
  conversation_id uuid primary key references conversations(id),
  bank_id uuid not null references banks(id),
  applicable boolean not null default true,
  not_applicable_reason text,
  started_at timestamptz not null,
  -- the response owed now: 'first' or 'next', null once answered
  response_kind text check (response_kind in ('first', 'next')),
  response_since timestamptz,
  response_minutes integer,
  response_warn_at timestamptz,
  response_due_at timestamptz,
  response_warned_at timestamptz,
  response_breached_at timestamptz,
  first_response_due_at timestamptz,
  first_response_met_at timestamptz,
  last_response_met_at timestamptz,
  resolution_since timestamptz,
  resolution_minutes integer,
  resolution_warn_at timestamptz,
  resolution_due_at timestamptz,
  resolution_warned_at timestamptz,
  resolution_breached_at timestamptz,
  resolution_met_at timestamptz,
  -- waiting on the client: [{ from, to }] ('to' null while it lasts); the clock skips these
  pauses jsonb not null default '[]',
  paused_at timestamptz,
  -- open minutes left on the clock shown while paused (response owed, else resolution)
  paused_remaining_minutes real,
  -- the out-of-hours acknowledgement sent for the opening it announced (one per closure period)
  acknowledged_for timestamptz,
  updated_at timestamptz not null default now()
);
create index conversation_sla_response_due_idx on conversation_sla (response_due_at) where response_breached_at is null and paused_at is null;
create index conversation_sla_resolution_due_idx on conversation_sla (resolution_due_at) where resolution_breached_at is null and paused_at is null;

create table sla_escalations (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  conversation_id uuid not null references conversations(id),
  team_id uuid not null references teams(id),
  target text not null check (target in ('first', 'next', 'resolution')),
  level text not null check (level in ('warning', 'breach')),
  due_at timestamptz not null,
  created_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid references staff_users(id),
  -- one escalation per target instance and level, even when two workers check at once
  unique (conversation_id, target, level, due_at)
);
create index sla_escalations_bank_idx on sla_escalations (bank_id, created_at desc);
