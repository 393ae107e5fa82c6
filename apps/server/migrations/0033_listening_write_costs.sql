-- Listening's write path, measured (bench:listening, docs/adr/012): counters are updated in place
-- many times, so each page keeps room for the new row versions and Postgres updates them without
-- touching their indexes (HOT updates).
alter table listening_rollups set (fillfactor = 70);
alter table listening_term_rollups set (fillfactor = 70);
alter table listening_author_rollups set (fillfactor = 70);
-- Every reader names its queries: the primary keys (bank, query, grain, bucket, …) serve them, and
-- these time indexes only cost writes.
drop index if exists listening_rollups_time_idx;
drop index if exists listening_term_rollups_time_idx;
-- Nothing looks matches up by mention alone (the primary key leads with the query).
drop index if exists mention_matches_mention_idx;
