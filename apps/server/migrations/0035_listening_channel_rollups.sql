-- The listening counters without the intent dimension (docs/adr/013). A view that does not filter
-- by intent (most of them, and the detectors) summed seven intents per channel and sentiment:
-- this table holds that sum, so those views read a seventh of the rows.
create table listening_channel_rollups (
  bank_id uuid not null,
  query_id uuid not null references listening_queries(id) on delete cascade,
  grain text not null check (grain in ('minute', 'hour', 'day')),
  bucket timestamptz not null,
  channel text not null,
  sentiment text not null,
  mentions integer not null default 0,
  rumours integer not null default 0,
  reach bigint not null default 0,
  engagement bigint not null default 0,
  rating_sum integer not null default 0,
  rating_count integer not null default 0,
  answerable integer not null default 0,
  answered integer not null default 0,
  primary key (bank_id, query_id, grain, bucket, channel, sentiment)
) with (fillfactor = 70);

-- Counters kept before this table: summed once from the detailed ones.
insert into listening_channel_rollups (bank_id, query_id, grain, bucket, channel, sentiment, mentions, rumours, reach,
  engagement, rating_sum, rating_count, answerable, answered)
select bank_id, query_id, grain, bucket, channel, sentiment, sum(mentions), sum(rumours), sum(reach), sum(engagement),
  sum(rating_sum), sum(rating_count), sum(answerable), sum(answered)
from listening_rollups
group by bank_id, query_id, grain, bucket, channel, sentiment;
