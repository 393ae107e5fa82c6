-- Envelope encryption: each bank has its own data key (AES-256), kept only wrapped by a master
-- key that never touches the database. Values encrypted with a data key carry its id, so an old
-- key stays readable after a new one becomes active (rotation), and a KMS can replace the master.
create table tenant_data_keys (
  id text primary key,
  bank_id uuid not null references banks(id),
  -- which master key wrapped this data key (a short hash of it, or a KMS key id)
  key_id text not null,
  wrapped_key text not null,
  created_at timestamptz not null default now(),
  active boolean not null default true
);
-- One active data key per bank: two processes creating it at once, one wins.
create unique index tenant_data_keys_active_idx on tenant_data_keys (bank_id) where active;
