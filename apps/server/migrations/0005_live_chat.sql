-- The bank's own live chat: anonymous visitors kept by a cookie (its token stored hashed), their
-- pre-chat answers, and the files they send (kept in the database: one backup holds everything).

create table live_chat_visitors (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  token_hash text not null unique,
  language text not null default 'fr' check (language in ('fr', 'en')),
  name text,
  email text,
  topic text,
  prechat_done boolean not null default false,
  first_message_at timestamptz,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create index live_chat_visitors_bank_idx on live_chat_visitors (bank_id, created_at);

create table live_chat_uploads (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  visitor_id uuid not null references live_chat_visitors(id),
  -- sniffed from the content, never taken from the sender's claim
  content_type text not null,
  file_name text not null,
  size_bytes integer not null,
  data bytea not null,
  created_at timestamptz not null default now()
);
create index live_chat_uploads_visitor_idx on live_chat_uploads (visitor_id, created_at);
