-- Messenger and Instagram DMs carry only a page- or Instagram-scoped id: the person's name is
-- fetched afterwards from the platform's User Profile API by a worker, outside the ingest path.

alter table contacts
  -- set once the lookup is settled (name found, or the platform has none to give)
  add column profile_fetched_at timestamptz,
  add column profile_attempts int not null default 0,
  -- backoff between failed attempts; also the lease of the worker holding the lookup
  add column profile_next_attempt_at timestamptz;

-- The worker only ever looks at contacts still known by a bare id (named commenters never enter
-- this index, so its one-second poll stays cheap however many contacts there are).
create index contacts_profile_pending on contacts (profile_next_attempt_at)
  where profile_fetched_at is null and display_name = platform_user_id;
