-- Secure messaging (issue 6): threads between a client and their advisor (or a team of advisors),
-- their messages and attachments, and the one-time links that hand a social conversation over to
-- the secure space. Everything a client writes is sealed with the bank's data key
-- (platform/crypto/envelope.ts): subjects, bodies, file names and file contents are ciphertext
-- here, and each row names the data key that sealed it (key_id) so keys can be rotated.

create table secure_threads (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  client_id uuid not null references clients(id),
  -- null: the client's own advisor; else a team that answers with the advisor
  team_id uuid references teams(id),
  subject_sealed text not null,
  key_id text not null,
  -- the social conversation this thread continues (handoff), if any
  origin_conversation_id uuid references conversations(id),
  status text not null default 'open' check (status in ('open', 'closed')),
  last_message_at timestamptz not null,
  -- read receipts: each side's last reading of the thread
  client_read_at timestamptz,
  staff_read_at timestamptz,
  -- the thread's own SLA clock (modules/sla policies and calendars, channel 'secure'): the answer
  -- owed to the client since `response_since`, due at `response_due_at`; null once answered
  response_since timestamptz,
  response_due_at timestamptz,
  first_response_met_at timestamptz,
  created_at timestamptz not null default now()
);
create index secure_threads_client_idx on secure_threads (bank_id, client_id, last_message_at desc);
create index secure_threads_bank_idx on secure_threads (bank_id, last_message_at desc, id desc);

create table secure_messages (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  thread_id uuid not null references secure_threads(id),
  -- system: what the platform wrote (the context carried over from a social conversation)
  author_kind text not null check (author_kind in ('client', 'staff', 'system')),
  author_user_id uuid references staff_users(id),
  body_sealed text not null,
  key_id text not null,
  created_at timestamptz not null
);
create index secure_messages_thread_idx on secure_messages (thread_id, created_at, id);

-- Files: type sniffed from the bytes, contents and name sealed. An upload belongs to its thread
-- from the start; the message that carries it is set when it is sent.
create table secure_attachments (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  thread_id uuid not null references secure_threads(id),
  message_id uuid references secure_messages(id),
  uploaded_by_client uuid references clients(id),
  uploaded_by_user uuid references staff_users(id),
  content_type text not null,
  size_bytes integer not null,
  file_name_sealed text not null,
  -- iv || ciphertext || tag under the data key `key_id`
  data_sealed bytea not null,
  key_id text not null,
  created_at timestamptz not null default now()
);
create index secure_attachments_thread_idx on secure_attachments (thread_id, created_at);

-- A secure-space link inserted in a private social reply: single use, expiring, bound to the
-- conversation and contact it was written for. Only the token's hash is kept.
create table secure_handoff_links (
  token_hash text primary key,
  bank_id uuid not null references banks(id),
  conversation_id uuid not null references conversations(id),
  contact_id uuid not null references contacts(id),
  created_by uuid not null references staff_users(id),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by_client uuid references clients(id),
  thread_id uuid references secure_threads(id),
  created_at timestamptz not null default now()
);
create index secure_handoff_links_conversation_idx on secure_handoff_links (conversation_id);
