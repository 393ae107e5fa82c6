-- A query created or edited is applied to the last 30 days of stored items (issue 7): the request
-- is written with the query's change and worked off in the background by the listening worker.
create table listening_backfills (
  query_id uuid primary key references listening_queries(id) on delete cascade,
  bank_id uuid not null,
  requested_at timestamptz not null default now()
);
-- Backfill and dashboards read a query's matches by mention too (re-matching, deletions).
create index if not exists mention_matches_mention_idx on mention_matches (mention_id);
