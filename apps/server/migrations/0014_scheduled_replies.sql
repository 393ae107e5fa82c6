-- Send later (issue 5): a reply may wait for a chosen time (e.g. the team's opening). It is stored
-- with delivery_status null until the scheduling loop hands it to the delivery worker; a
-- cancelled one stays in the thread (greyed) and is never sent.
alter table messages add column scheduled_at timestamptz;
alter table messages add column scheduled_cancelled_at timestamptz;
alter table messages add column scheduled_cancelled_by uuid references staff_users(id);

-- The scheduling loop's pick: due, not cancelled, not yet handed over.
create index messages_scheduled_due_idx on messages (scheduled_at)
  where scheduled_at is not null and delivery_status is null and scheduled_cancelled_at is null;
