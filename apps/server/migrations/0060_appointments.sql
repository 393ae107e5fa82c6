-- Appointments and virtual meetings (issue 6, part C).

-- The bank's branches and their opening hours ({ mon: [{ start: "09:00", end: "12:30" }], … },
-- wall-clock times in Europe/Paris, the business clock's shape).
create table branches (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  name text not null,
  address text not null,
  postal_code text not null,
  city text not null,
  phone text,
  weekly_hours jsonb not null,
  created_at timestamptz not null default now(),
  unique (bank_id, name)
);

-- An advisor's recurring week (same shape as branches.weekly_hours) and the branch where they
-- receive clients in person; absent: the advisor has published no availability yet.
create table advisor_availability (
  advisor_id uuid primary key references staff_users(id) on delete cascade,
  bank_id uuid not null references banks(id),
  branch_id uuid references branches(id),
  weekly_hours jsonb not null,
  updated_at timestamptz not null default now()
);

-- Exceptions to the week: a whole day off (no times) or a part of a day (start_minute, end_minute).
create table advisor_unavailabilities (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  advisor_id uuid not null references staff_users(id) on delete cascade,
  day date not null,
  start_minute int,
  end_minute int,
  label text not null default '',
  created_at timestamptz not null default now(),
  check ((start_minute is null and end_minute is null) or (start_minute >= 0 and end_minute <= 1440 and end_minute > start_minute))
);
create index advisor_unavailabilities_by_day on advisor_unavailabilities (advisor_id, day);

create table appointments (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  client_id uuid not null references clients(id),
  advisor_id uuid not null references staff_users(id),
  branch_id uuid references branches(id),
  mode text not null check (mode in ('branch', 'phone', 'video')),
  subject text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'booked' check (status in ('booked', 'cancelled')),
  cancelled_at timestamptz,
  cancelled_by text check (cancelled_by in ('client', 'advisor')),
  reschedule_count int not null default 0,
  reminder_day_sent_at timestamptz,
  reminder_hour_sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
-- No double booking: slots sit on a fixed 30-minute grid (the service refuses any other start),
-- so two live appointments of one advisor, or of one client, overlap exactly when they start
-- together. A partial unique index says so in both PGlite and Postgres, under any concurrency
-- (ADR 030).
create unique index appointments_advisor_slot on appointments (advisor_id, starts_at) where status = 'booked';
create unique index appointments_client_slot on appointments (client_id, starts_at) where status = 'booked';
create index appointments_by_client on appointments (client_id, starts_at);
create index appointments_reminders on appointments (starts_at) where status = 'booked';

-- The client's in-app notices about their appointments (confirmation, change, reminder).
create table appointment_notices (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  client_id uuid not null references clients(id),
  appointment_id uuid not null references appointments(id),
  kind text not null,
  text text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index appointment_notices_by_client on appointment_notices (client_id, created_at desc);
