-- The bank's rules, automatic and audited (DOMAIN.md rules 3, 4 and 8): outbound checks,
-- four-eyes approval of sensitive public answers, insults not answered, exposed personal data
-- hidden, and the bank's settings that drive them.

create table bank_settings (
  bank_id uuid primary key references banks(id),
  -- every public answer carries the sender's first name: {prenom}
  signature_template text not null default '— {prenom}',
  -- crisis mode: every public reply needs a second person's approval
  crisis_mode boolean not null default false,
  -- complaints whose sentiment score is at or below this need approval before a public answer
  complaint_approval_threshold real not null default -0.6,
  updated_at timestamptz not null default now()
);

alter table messages
  add column approval_state text check (approval_state in ('pending', 'approved', 'rejected')),
  add column approval_reason text,
  add column approved_by uuid references staff_users(id),
  add column approved_at timestamptz,
  add column approval_comment text,
  -- exposed personal data in a public inbound message: when we tried to hide it on the platform
  add column pii_hide_attempted_at timestamptz;

create index messages_pending_approval_idx on messages (bank_id, created_at) where approval_state = 'pending';
create index messages_public_pii_idx on messages (created_at) where pii_hide_attempted_at is null and visibility = 'public' and direction = 'inbound' and pii <> '[]'::jsonb;

alter table conversations
  -- why the bank does not answer (rule 4): an insult, with the detector's reason
  add column not_answered_reason text;
