-- What each inbound message is about, how the client feels and what it must not expose
-- (packages/nlu), stored with the message. The conversation keeps its latest inbound
-- message's reading so that the inbox filters and badges never scan messages.

alter table messages
  add column language text,
  add column intent text,
  add column intent_confidence real,
  add column sentiment text check (sentiment in ('negative', 'neutral', 'positive')),
  add column sentiment_score real,
  add column insult boolean not null default false,
  add column insult_reason text,
  add column urgency text check (urgency in ('low', 'normal', 'high', 'critical')),
  add column rumour boolean not null default false,
  -- [{ type, start, end }] over the body, UTF-16 offsets, end exclusive
  add column pii jsonb not null default '[]';

alter table conversations
  add column intent text,
  add column sentiment text,
  add column urgency text,
  add column insult boolean not null default false,
  add column rumour boolean not null default false,
  add column language text;

create index conversations_intent_idx on conversations (bank_id, intent);
create index conversations_sentiment_idx on conversations (bank_id, sentiment);
create index conversations_urgency_idx on conversations (bank_id, urgency);
