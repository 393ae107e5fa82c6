-- E-mail leaves through this table: whatever causes a mail (an appointment, an alert, an
-- invitation) queues it in its own transaction, so a mail is sent if and only if its cause
-- committed. The mail worker sends queued rows over SMTP; without SMTP (the demo) they are kept
-- and shown in the demo mail viewer.
create table outgoing_mail (
  id uuid primary key,
  bank_id uuid not null references banks(id),
  -- what the mail is about, e.g. 'appointment.reminder', 'listening.alert'
  kind text not null,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  status text not null default 'queued' check (status in ('queued', 'sent', 'kept', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outgoing_mail_due_idx on outgoing_mail (next_attempt_at) where status = 'queued';
create index outgoing_mail_recent_idx on outgoing_mail (bank_id, created_at desc);
