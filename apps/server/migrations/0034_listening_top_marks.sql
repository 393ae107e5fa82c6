-- Top terms and top authors of a range without summing every counter of the range
-- (bench:listening, docs/adr/013). Over 90 days a query has hundreds of thousands of daily term
-- and author counters; its top 20 are among the few that were large in some month. Each term and
-- author also has a monthly counter (Paris months), and a mark is written once, when a monthly
-- counter first reaches a power of two from 8 up (8, 16, 32, …). A reader takes the keys marked
-- at a level high enough for the range, sums their counters exactly (whole months from the
-- monthly ones, the rest from days or hours), and proves that no unmarked key could rank: the
-- result is exact, not sampled.
alter table listening_term_rollups drop constraint listening_term_rollups_grain_check;
alter table listening_term_rollups add constraint listening_term_rollups_grain_check check (grain in ('hour', 'day', 'month'));

create table listening_author_months (
  bank_id uuid not null,
  query_id uuid not null references listening_queries(id) on delete cascade,
  month timestamptz not null,
  author_key text not null,
  mentions integer not null default 0,
  engagement bigint not null default 0,
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

-- Counters kept before this migration get their months and marks at once: a missing mark would
-- hide a term from the top lists.
insert into listening_term_rollups (bank_id, query_id, grain, bucket, term, mentions, negative)
select bank_id, query_id, 'month', date_trunc('month', bucket at time zone 'Europe/Paris') at time zone 'Europe/Paris', term,
  sum(mentions), sum(negative)
from listening_term_rollups where grain = 'day'
group by 1, 2, 4, 5;

insert into listening_author_months (bank_id, query_id, month, author_key, mentions, engagement)
select bank_id, query_id, date_trunc('month', day at time zone 'Europe/Paris') at time zone 'Europe/Paris', author_key, sum(mentions),
  sum(engagement)
from listening_author_rollups
group by 1, 2, 3, 4;

insert into listening_term_marks (bank_id, query_id, measure, level, month, term)
select r.bank_id, r.query_id, m.measure, l.level, r.bucket, r.term
from listening_term_rollups r
cross join lateral (values ('mentions', r.mentions), ('negative', r.negative)) as m(measure, total)
cross join lateral generate_series(3, floor(ln(m.total::float8) / ln(2::float8) + 1e-9)::int) as l(level)
where r.grain = 'month' and m.total >= 8;

insert into listening_author_marks (bank_id, query_id, level, month, author_key)
select r.bank_id, r.query_id, l.level, r.month, r.author_key
from listening_author_months r
cross join lateral generate_series(3, floor(ln(r.mentions::float8) / ln(2::float8) + 1e-9)::int) as l(level)
where r.mentions >= 8;
