-- The outbox dispatcher claims rows for a while instead of holding them in a transaction across
-- the bus publish: a pass is two statements instead of four, and an empty pass one. A dispatcher
-- that dies mid-pass leaves its claim to expire; another publishes the rows (the bus drops the
-- duplicates by outbox id).
alter table outbox add column claimed_until timestamptz;
