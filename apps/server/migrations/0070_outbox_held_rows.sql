-- Outbox rows their writer publishes itself right after its commit (the ingest worker's): the
-- dispatcher leaves them alone until held_until, then takes them as any other row (the writer
-- died or its publish failed). Rows of other writers keep a null held_until.
alter table outbox add column if not exists held_until timestamptz;
