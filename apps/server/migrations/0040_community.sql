-- Community (issue 8): members (clients through their secure-space account, prospects through a
-- lighter account of their own), the forum (categories, topics, posts, votes, follows, uploads),
-- moderation (flags, the queue), notifications, badges and groups. Every table carries bank_id.

-- The bank's community rules: trust thresholds, limits, the unanswered-question delay (zod defaults
-- in community-settings.ts fill what a bank has not set).
create table community_settings (
  bank_id uuid primary key references banks(id),
  settings jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

-- Prospects: people who are not (yet) clients. No access to the secure space: their own accounts,
-- sessions (cookie agora_community) and e-mail verification (ADR 035).
create table community_prospects (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  email text not null,
  password_hash text not null,
  email_verified_at timestamptz,
  status text not null default 'active' check (status in ('active', 'disabled')),
  failed_login_count integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  unique (bank_id, email)
);

create table community_prospect_sessions (
  token_hash text primary key,
  prospect_id uuid not null references community_prospects(id) on delete cascade,
  bank_id uuid not null references banks(id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index community_prospect_sessions_prospect_idx on community_prospect_sessions (prospect_id);

create table community_email_verifications (
  token_hash text primary key,
  prospect_id uuid not null references community_prospects(id) on delete cascade,
  bank_id uuid not null references banks(id),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

-- One member per person: a client (their secure-space account) or a prospect. Only the pseudonym
-- is ever shown in public (rule 3); the e-mail is where notifications and digests go.
create table community_members (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  kind text not null check (kind in ('client', 'prospect')),
  client_id uuid unique references clients(id),
  prospect_id uuid unique references community_prospects(id),
  pseudonym text not null,
  -- lowercase, unaccented: "Élodie" and "elodie" are the same pseudonym
  pseudonym_key text not null,
  email text,
  trust_level smallint not null default 0 check (trust_level between 0 and 3),
  -- set when staff chose the level by hand: the automatic promotion leaves it alone
  trust_level_manual boolean not null default false,
  reputation integer not null default 0,
  approved_posts integer not null default 0,
  accepted_answers integer not null default 0,
  is_ambassador boolean not null default false,
  ambassador_since timestamptz,
  silenced_until timestamptz,
  digest text not null default 'daily' check (digest in ('daily', 'off')),
  last_digest_at timestamptz,
  created_at timestamptz not null default now(),
  check ((kind = 'client') = (client_id is not null) and (kind = 'prospect') = (prospect_id is not null)),
  unique (bank_id, pseudonym_key)
);

create table community_badges (
  member_id uuid not null references community_members(id) on delete cascade,
  badge text not null,
  granted_at timestamptz not null default now(),
  primary key (member_id, badge)
);

create table community_categories (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  slug text not null,
  name text not null,
  description text not null default '',
  position integer not null default 0,
  -- 'ideas': the ideas space; its topics are ideas
  kind text not null default 'forum' check (kind in ('forum', 'ideas')),
  created_at timestamptz not null default now(),
  unique (bank_id, slug)
);

-- Groups by interest or segment; open, or by invitation. Their topics are for their members only.
create table community_groups (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  slug text not null,
  name text not null,
  description text not null default '',
  kind text not null default 'interest' check (kind in ('interest', 'segment')),
  visibility text not null default 'open' check (visibility in ('open', 'invitation')),
  created_at timestamptz not null default now(),
  unique (bank_id, slug)
);

create table community_group_members (
  group_id uuid not null references community_groups(id) on delete cascade,
  member_id uuid not null references community_members(id) on delete cascade,
  joined_at timestamptz not null default now(),
  primary key (group_id, member_id)
);
create index community_group_members_member_idx on community_group_members (member_id);

create table community_group_invitations (
  group_id uuid not null references community_groups(id) on delete cascade,
  member_id uuid not null references community_members(id) on delete cascade,
  invited_by uuid references staff_users(id),
  created_at timestamptz not null default now(),
  primary key (group_id, member_id)
);

create table community_topics (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  category_id uuid not null references community_categories(id),
  group_id uuid references community_groups(id),
  kind text not null check (kind in ('question', 'discussion', 'idea', 'announcement')),
  slug text not null,
  title text not null,
  author_member_id uuid references community_members(id),
  author_staff_id uuid references staff_users(id),
  status text not null default 'published' check (status in ('published', 'held', 'hidden', 'deleted')),
  pinned boolean not null default false,
  accepted_post_id uuid,
  reply_count integer not null default 0,
  -- a reply by someone else than the asker (member or staff): the question is answered
  answered_at timestamptz,
  last_posted_at timestamptz not null,
  -- an external object this discussion belongs to (e.g. a co-financing project): one topic each
  subject_type text,
  subject_id text,
  -- unanswered past the bank's delay: handed to the social-care inbox (channel 'forum')
  escalated_at timestamptz,
  search_vector tsvector not null,
  created_at timestamptz not null,
  updated_at timestamptz not null default now(),
  -- a member's, a staff member's, or the bank's own (a topic opened for an external subject)
  check (author_member_id is null or author_staff_id is null),
  unique (bank_id, subject_type, subject_id)
);
create index community_topics_latest_idx on community_topics (bank_id, last_posted_at desc, id desc);
create index community_topics_category_idx on community_topics (category_id, last_posted_at desc);
create index community_topics_unanswered_idx on community_topics (bank_id, created_at) where kind = 'question' and answered_at is null and escalated_at is null;
create index community_topics_search_idx on community_topics using gin (search_vector);

create table community_posts (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  topic_id uuid not null references community_topics(id),
  -- position in the topic: 1 is the opening post
  number integer not null,
  author_member_id uuid references community_members(id),
  author_staff_id uuid references staff_users(id),
  -- the staff member's first name, kept as shown ("Conseiller officiel" + first name)
  author_staff_name text,
  -- personal data is masked before anything is stored: no original is kept
  body_md text not null,
  body_html text not null,
  status text not null default 'published' check (status in ('published', 'held', 'hidden', 'deleted')),
  held_reason text,
  masked_types jsonb not null default '[]',
  is_wiki boolean not null default false,
  vote_count integer not null default 0,
  reply_to_post_id uuid references community_posts(id),
  -- the inbox reply this post delivers (its idempotency key): posted once whatever the retries
  external_key text unique,
  search_vector tsvector not null,
  created_at timestamptz not null,
  published_at timestamptz,
  edited_at timestamptz,
  edited_by text,
  check ((author_member_id is null) <> (author_staff_id is null and author_staff_name is null)),
  unique (topic_id, number)
);
create index community_posts_topic_idx on community_posts (topic_id, number);
create index community_posts_author_idx on community_posts (author_member_id, created_at desc);
create index community_posts_search_idx on community_posts using gin (search_vector);
alter table community_topics add constraint community_topics_accepted_fk foreign key (accepted_post_id) references community_posts(id);

create table community_post_votes (
  post_id uuid not null references community_posts(id) on delete cascade,
  member_id uuid not null references community_members(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (post_id, member_id)
);

create table community_follows (
  member_id uuid not null references community_members(id) on delete cascade,
  target_type text not null check (target_type in ('topic', 'category')),
  target_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (member_id, target_type, target_id)
);
create index community_follows_target_idx on community_follows (target_type, target_id);

-- Images in posts, kept in the database (one backup holds everything); type sniffed from content.
create table community_uploads (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  member_id uuid references community_members(id),
  staff_id uuid references staff_users(id),
  content_type text not null,
  size_bytes integer not null,
  data bytea not null,
  created_at timestamptz not null default now()
);

create table community_flags (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  post_id uuid not null references community_posts(id),
  member_id uuid not null references community_members(id),
  reason text not null check (reason in ('insult', 'spam', 'personal_data', 'off_topic', 'illegal', 'other')),
  note text,
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  unique (post_id, member_id)
);

-- The moderation queue: one open item per post at most; every decision is also in the audit log.
create table community_moderation_items (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  post_id uuid not null references community_posts(id),
  reason text not null check (reason in ('insult', 'new_member', 'flags', 'personal_data', 'links')),
  detail text not null default '',
  status text not null default 'open' check (status in ('open', 'resolved')),
  decision text,
  decided_by uuid references staff_users(id),
  decided_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index community_moderation_open_idx on community_moderation_items (post_id) where status = 'open';
create index community_moderation_queue_idx on community_moderation_items (bank_id, status, created_at);

create table community_notifications (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  member_id uuid not null references community_members(id) on delete cascade,
  kind text not null,
  -- what the notification says, already in words (French; the e-mail digest reuses it)
  text text not null,
  url text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  emailed_at timestamptz
);
create index community_notifications_member_idx on community_notifications (member_id, created_at desc);
create index community_notifications_digest_idx on community_notifications (bank_id, created_at) where read_at is null and emailed_at is null;
