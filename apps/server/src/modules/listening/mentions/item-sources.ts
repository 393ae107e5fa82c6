import { analyze, mask, type PiiSpan } from '@agora/nlu/analyze.ts';
import type { Connector } from '../../../connectors/connector.types.ts';
import { sha256Hex } from '../../../platform/crypto.ts';
import type { PublicCommunityPost } from '../../community/community-public.ts';
import type { ListeningExecutor } from '../listening.tables.ts';
import type { PublicItem } from './public-item.ts';

/** Channels whose public items the bank can answer through a reply API. */
const ANSWERABLE = new Set(['facebook', 'instagram', 'x', 'trustpilot', 'google_play', 'app_store']);

/**
 * Inbound public messages of the inbox (comments, posts, mentions, reviews) as public items.
 * Their reading (language, intent, sentiment…) was made at ingest and is not made again.
 */
export async function publicItemsOfMessages(db: ListeningExecutor, bankId: string, messageIds: string[]): Promise<PublicItem[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .innerJoin('contacts', 'contacts.id', 'messages.author_contact_id')
    .select([
      'messages.id',
      'messages.platform_message_id',
      'messages.body',
      'messages.title',
      'messages.rating',
      'messages.created_at',
      'messages.language',
      'messages.intent',
      'messages.sentiment',
      'messages.sentiment_score',
      'messages.urgency',
      'messages.rumour',
      'messages.pii',
      'conversations.id as conversation_id',
      'conversations.channel',
      'contacts.platform',
      'contacts.platform_user_id',
      'contacts.handle',
      'contacts.display_name',
      'contacts.profile_url',
    ])
    .where('messages.bank_id', '=', bankId)
    .where('messages.id', 'in', messageIds)
    .where('messages.direction', '=', 'inbound')
    .where('messages.visibility', '=', 'public')
    .execute();
  const authorKeys = [...new Set(rows.map((r) => `${r.platform}:${r.platform_user_id}`))];
  const reach = new Map(
    authorKeys.length
      ? (
          await db
            .selectFrom('listening_authors')
            .select(['author_key', 'reach'])
            .where('bank_id', '=', bankId)
            .where('author_key', 'in', authorKeys)
            .execute()
        ).map((a) => [a.author_key, a.reach])
      : [],
  );
  return rows.map((r) => {
    const authorKey = `${r.platform}:${r.platform_user_id}`;
    return {
      itemKey: `${r.channel}:${r.platform_message_id ?? r.id}`,
      source: 'message' as const,
      channel: r.channel,
      conversationId: r.conversation_id,
      raw: null,
      url: null,
      author: { key: authorKey, name: r.display_name, handle: r.handle, url: r.profile_url, reach: reach.get(authorKey) ?? 0 },
      engagement: 0,
      title: r.title,
      // Lists never show personal data, even to staff: the stored mention is masked.
      body: mask(r.body, (typeof r.pii === 'string' ? JSON.parse(r.pii) : r.pii) as PiiSpan[]),
      language: r.language,
      intent: r.intent,
      sentiment: r.sentiment,
      sentimentScore: r.sentiment_score,
      urgency: r.urgency,
      rumour: r.rumour,
      rating: r.rating,
      publishedAt: r.created_at,
      answerable: ANSWERABLE.has(r.channel),
      addressedToBank: true,
    };
  });
}

interface StreamMetrics {
  data?: { id?: string; public_metrics?: Record<string, number> };
  includes?: { users?: { id?: string; public_metrics?: { followers_count?: number } }[] };
}

/**
 * A post of the X filtered stream (not addressed to the bank) as a public item: the X connector
 * maps it as it would for the inbox; followers and engagement come from the post's public metrics.
 */
export function publicItemOfStreamPost(x: Connector | undefined, raw: string): PublicItem | null {
  if (!x) return null;
  const item = x.parse(Buffer.from(raw, 'utf8')).find((i) => i.kind === 'message');
  if (!item || item.kind !== 'message' || item.fromBank) return null;
  const line = JSON.parse(raw) as StreamMetrics;
  const user = line.includes?.users?.find((u) => u.id === item.author.platformUserId);
  const metrics = line.data?.public_metrics ?? {};
  const analysis = analyze(item.body, { channel: 'x' });
  return {
    itemKey: `x:${item.platformMessageId}`,
    source: 'x_stream',
    channel: 'x',
    conversationId: null,
    raw,
    url: item.author.handle ? `https://x.com/${item.author.handle}/status/${item.platformMessageId}` : null,
    author: {
      key: `x:${item.author.platformUserId}`,
      name: item.author.displayName,
      handle: item.author.handle,
      url: item.author.profileUrl,
      reach: Math.max(0, Math.round(user?.public_metrics?.followers_count ?? 0)),
    },
    engagement: ['like_count', 'retweet_count', 'reply_count', 'quote_count'].reduce((sum, k) => sum + Math.max(0, metrics[k] ?? 0), 0),
    title: null,
    body: mask(item.body, analysis.pii),
    language: analysis.language,
    intent: analysis.intent,
    sentiment: analysis.sentiment,
    sentimentScore: analysis.sentimentScore,
    urgency: analysis.urgency,
    rumour: analysis.rumour,
    rating: null,
    publishedAt: new Date(item.createdAt),
    answerable: true,
  };
}

/** An item of a news site or blog feed, as the feed poller stored it. */
export interface FeedEntry {
  feedUrl: string;
  feedTitle: string | null;
  id: string;
  title: string | null;
  link: string | null;
  summary: string;
  author: string | null;
  publishedAt: string | null;
}

export const feedItemKey = (feedUrl: string, entryId: string) => `rss:${sha256Hex(`${feedUrl}\u0000${entryId}`).slice(0, 40)}`;

export function publicItemOfFeedEntry(raw: string, receivedAt: Date): PublicItem {
  const entry = JSON.parse(raw) as FeedEntry;
  const text = [entry.title, entry.summary].filter(Boolean).join('\n');
  const analysis = analyze(text, {});
  const host = (() => {
    try {
      return new URL(entry.link ?? entry.feedUrl).hostname.replace(/^www\./, '');
    } catch {
      return 'flux';
    }
  })();
  const published = entry.publishedAt ? new Date(entry.publishedAt) : receivedAt;
  return {
    itemKey: feedItemKey(entry.feedUrl, entry.id),
    source: 'rss',
    channel: 'rss',
    conversationId: null,
    raw: null,
    url: entry.link,
    author: { key: `rss:${host}`, name: entry.feedTitle ?? host, handle: null, url: entry.link ? `https://${host}` : null, reach: 0 },
    engagement: 0,
    title: entry.title,
    body: mask(entry.summary, analyze(entry.summary, {}).pii),
    language: analysis.language,
    intent: analysis.intent,
    sentiment: analysis.sentiment,
    sentimentScore: analysis.sentimentScore,
    urgency: analysis.urgency,
    rumour: analysis.rumour,
    rating: null,
    // A feed that dates an item in the future (time zone slips) is believed only up to now.
    publishedAt: Number.isNaN(published.getTime()) || published > receivedAt ? receivedAt : published,
    answerable: false,
  };
}

/**
 * A public post of the bank's forum as a public item. The key is the one an escalated post
 * already has as an inbox message (`forum:<post id>`), so a post seen both ways stays one mention.
 * The bank's own answers ("Conseiller officiel") are not mentions: the bank does not listen to
 * itself, as the X stream drops the bank's own posts. A post on the bank's forum is written to the
 * bank, like a comment on its Page: it counts for the brand queries even without the bank's name.
 */
export function publicItemOfForumPost(post: PublicCommunityPost): PublicItem | null {
  if (post.fromBank) return null;
  const analysis = analyze(`${post.topicTitle}\n${post.text}`, { channel: 'forum' });
  return {
    itemKey: `forum:${post.postId}`,
    source: 'forum',
    channel: 'forum',
    conversationId: null,
    raw: null,
    url: post.url,
    // Pseudonyms are unique per bank (case-insensitively): the member's stable name on the forum.
    author: { key: `forum:~${post.author.toLowerCase()}`, name: post.author, handle: post.author, url: null, reach: 0 },
    engagement: 0,
    title: post.topicTitle,
    body: post.text,
    language: analysis.language,
    intent: analysis.intent,
    sentiment: analysis.sentiment,
    sentimentScore: analysis.sentimentScore,
    urgency: analysis.urgency,
    rumour: analysis.rumour,
    rating: null,
    publishedAt: new Date(post.publishedAt),
    // Answered in the topic itself (or through the inbox once escalated), not from listening.
    answerable: false,
    addressedToBank: true,
  };
}
