-- Listening hears the bank's own forum (issue 7): a public community post is a mention like any
-- public item, keyed forum:<post id> (the key an escalated post already has as an inbox message).
alter table mentions drop constraint mentions_source_check;
alter table mentions add constraint mentions_source_check check (source in ('message', 'x_stream', 'rss', 'forum'));
