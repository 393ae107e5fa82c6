-- Listening and e-reputation (issue 7): boolean queries over every public item (connectors, the
-- X filtered stream, RSS/Atom feeds), mentions with their reading, rollups that dashboards read
-- instead of mentions, weak-signal alerts and their outgoing webhooks. See docs/adr/010.

create table listening_queries (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  name text not null,
  -- brand: the bank's own names; competitor: share of voice; topic: anything else followed
  kind text not null check (kind in ('brand', 'competitor', 'topic')),
  expression text not null,
  -- how readily the detectors alert on this query
  sensitivity text not null default 'balanced' check (sensitivity in ('fewer', 'balanced', 'more')),
  active boolean not null default true,
  created_by uuid references staff_users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (bank_id, name)
);

-- One public item, once, whichever way it came: the key is the platform's own id of the item
-- (x:<tweet id>, facebook:<comment id>, rss:<guid hash>), so a post seen by the stream and later
-- answered as a conversation stays one mention.
create table mentions (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  item_key text not null,
  source text not null check (source in ('message', 'x_stream', 'rss')),
  channel text not null,
  -- the conversation once the team answers (or the one it came from)
  conversation_id uuid references conversations(id),
  -- a stream post kept as X sent it: "answer" replays it through the ingest path
  raw text,
  url text,
  author_key text not null,
  author_name text not null,
  author_handle text,
  author_reach integer not null default 0,
  engagement integer not null default 0,
  title text,
  body text not null,
  language text,
  intent text,
  sentiment text,
  sentiment_score real,
  urgency text,
  rumour boolean not null default false,
  rating smallint,
  query_ids jsonb not null default '[]',
  published_at timestamptz not null,
  received_at timestamptz not null default now(),
  answered_at timestamptz,
  unique (bank_id, item_key)
);
create index mentions_time_idx on mentions (bank_id, published_at desc, id desc);
create index mentions_conversation_idx on mentions (conversation_id) where conversation_id is not null;

-- Which queries a mention matched: drill-down from a chart to its mentions.
create table mention_matches (
  bank_id uuid not null,
  query_id uuid not null references listening_queries(id) on delete cascade,
  mention_id uuid not null references mentions(id) on delete cascade,
  published_at timestamptz not null,
  primary key (query_id, mention_id)
);
create index mention_matches_time_idx on mention_matches (bank_id, query_id, published_at desc, mention_id);

-- Counters kept up to date as mentions arrive; dashboards never scan mentions.
create table listening_rollups (
  bank_id uuid not null,
  query_id uuid not null references listening_queries(id) on delete cascade,
  grain text not null check (grain in ('minute', 'hour', 'day')),
  bucket timestamptz not null,
  channel text not null,
  sentiment text not null,
  intent text not null,
  mentions integer not null default 0,
  rumours integer not null default 0,
  reach bigint not null default 0,
  engagement bigint not null default 0,
  rating_sum integer not null default 0,
  rating_count integer not null default 0,
  answerable integer not null default 0,
  answered integer not null default 0,
  primary key (bank_id, query_id, grain, bucket, channel, sentiment, intent)
);
create index listening_rollups_time_idx on listening_rollups (bank_id, grain, bucket);

create table listening_term_rollups (
  bank_id uuid not null,
  query_id uuid not null references listening_queries(id) on delete cascade,
  grain text not null check (grain in ('hour', 'day')),
  bucket timestamptz not null,
  term text not null,
  mentions integer not null default 0,
  negative integer not null default 0,
  primary key (bank_id, query_id, grain, bucket, term)
);
create index listening_term_rollups_time_idx on listening_term_rollups (bank_id, grain, bucket);

create table listening_author_rollups (
  bank_id uuid not null,
  query_id uuid not null references listening_queries(id) on delete cascade,
  day timestamptz not null,
  author_key text not null,
  mentions integer not null default 0,
  negative integer not null default 0,
  engagement bigint not null default 0,
  primary key (bank_id, query_id, day, author_key)
);

create table listening_authors (
  bank_id uuid not null,
  author_key text not null,
  channel text not null,
  name text not null,
  handle text,
  url text,
  reach integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (bank_id, author_key)
);

-- Items received from the X stream and the feeds, claimed in batches by the listening worker.
create table listening_intake (
  id bigserial primary key,
  bank_id uuid not null,
  source text not null check (source in ('x_stream', 'rss')),
  item_key text not null,
  body text not null,
  received_at timestamptz not null default now(),
  unique (bank_id, item_key)
);

create table listening_feeds (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  url text not null,
  title text,
  active boolean not null default true,
  poll_seconds integer not null default 900,
  etag text,
  last_modified text,
  next_poll_at timestamptz not null default now(),
  last_polled_at timestamptz,
  last_status integer,
  last_error text,
  failures integer not null default 0,
  items_seen integer not null default 0,
  created_at timestamptz not null default now(),
  unique (bank_id, url)
);

-- The listening worker's place in the committed events it consumes (restart catch-up).
create table listening_cursor (
  bank_id uuid primary key,
  -- the last pass that consumed events: a restart re-reads the outbox from a little before it
  last_pass_at timestamptz,
  last_detection_at timestamptz
);

create table listening_alerts (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  query_id uuid not null references listening_queries(id) on delete cascade,
  kind text not null check (kind in ('volume_spike', 'term_burst', 'negative_surge', 'rumour_surge')),
  -- one alert per signal and window: a second detection of the same wave updates it
  dedupe_key text not null,
  term text,
  window_start timestamptz not null,
  window_end timestamptz not null,
  observed real not null,
  expected real not null,
  score real not null,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  suggests_crisis boolean not null default false,
  summary jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid references staff_users(id),
  unique (bank_id, dedupe_key)
);
create index listening_alerts_recent_idx on listening_alerts (bank_id, created_at desc);

create table listening_webhooks (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  url text not null,
  -- HMAC-SHA256 key, encrypted with the bank's data key (platform/crypto/envelope.ts)
  secret_encrypted text not null,
  active boolean not null default true,
  created_by uuid references staff_users(id),
  created_at timestamptz not null default now(),
  unique (bank_id, url)
);

create table listening_webhook_deliveries (
  id uuid primary key,
  bank_id uuid not null,
  webhook_id uuid not null references listening_webhooks(id) on delete cascade,
  alert_id uuid not null references listening_alerts(id) on delete cascade,
  event_id text not null,
  payload text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (webhook_id, event_id)
);
create index listening_webhook_due_idx on listening_webhook_deliveries (next_attempt_at) where status = 'pending';
