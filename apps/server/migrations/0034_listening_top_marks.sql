-- Top terms and top authors of a range without summing every counter of the range
-- (bench:listening, docs/adr/013). Over 90 days a query has hundreds of thousands of daily term
-- and author counters; its top 20 are among the few that were large in some month. Each term and
-- author also has a monthly counter (Paris months), and a mark is written once, when a monthly
-- counter first reaches a power of two from 8 up (8, 16, 32, …). A reader takes the keys marked
-- at a level high enough for the range, sums their daily (or hourly) counters exactly, and proves
-- that no unmarked key could rank: the result is exact, not sampled.
alter table listening_term_rollups drop constraint listening_term_rollups_grain_check;
alter table listening_term_rollups add constraint listening_term_rollups_grain_check check (grain in ('hour', 'day', 'month'));

create table listening_author_months (
  bank_id uuid not null,
  query_id uuid not null references listening_queries(id) on delete cascade,
  month timestamptz not null,
  author_key text not null,
  mentions integer not null default 0,
  primary key (bank_id, query_id, month, author_key)
) with (fillfactor = 70);

create table listening_term_marks (
  bank_id uuid not null,
  query_id uuid not null references listening_queries(id) on delete cascade,
  -- which counter reached the level: all mentions, or the negative ones (the "negative" view)
  measure text not null check (measure in ('mentions', 'negative')),
  level smallint not null,
  month timestamptz not null,
  term text not null,
  primary key (bank_id, query_id, measure, level, month, term)
);

create table listening_author_marks (
  bank_id uuid not null,
  query_id uuid not null references listening_queries(id) on delete cascade,
  level smallint not null,
  month timestamptz not null,
  author_key text not null,
  primary key (bank_id, query_id, level, month, author_key)
);

-- Influencers: authors are read in reach order and kept when they spoke in the range, which the
-- second index answers per author (its columns never change, so counter updates stay HOT).
create index listening_authors_reach_idx on listening_authors (bank_id, reach, author_key);
create index listening_author_rollups_author_idx on listening_author_rollups (bank_id, author_key, day);
