-- The dispatcher's two lists, each with its own index. Rows their writer publishes itself (held)
-- were in the one index of unpublished rows too, and each left a dead entry there once marked,
-- until autovacuum came by: at 500 messages a second, tens of thousands of entries that every
-- dispatcher pass walked. Now the dispatcher reads the rows nobody publishes (few) on every
-- pass, and the held rows whose hold has ended every few seconds only.
create index if not exists outbox_unheld_idx on outbox (id) where published_at is null and held_until is null;
create index if not exists outbox_held_idx on outbox (held_until) where published_at is null and held_until is not null;
drop index if exists outbox_unpublished_idx;
