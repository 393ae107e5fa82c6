import type { Attachment } from '@agora/contracts/common.schema.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import type { AuthorRef, NormalizedItem } from '../connector.types.ts';

/** The parts of a v1.1 Tweet object the inbox needs (Account Activity still delivers v1.1 tweets). */
interface V1Media {
  type?: string;
  media_url_https?: string;
  video_info?: { variants?: { bitrate?: number; content_type?: string; url?: string }[] };
}
interface V1User {
  id_str?: string;
  name?: string;
  screen_name?: string;
  profile_image_url_https?: string;
}
interface V1Tweet {
  id_str?: string;
  text?: string;
  full_text?: string;
  extended_tweet?: { full_text?: string; extended_entities?: { media?: V1Media[] } };
  created_at?: string;
  timestamp_ms?: string;
  user?: V1User;
  in_reply_to_status_id_str?: string | null;
  retweeted_status?: unknown;
  is_quote_status?: boolean;
  quoted_status?: V1Tweet;
  entities?: { media?: V1Media[] };
  extended_entities?: { media?: V1Media[] };
}
interface DmEvent {
  type?: string;
  id?: string;
  created_timestamp?: string;
  message_create?: {
    sender_id?: string;
    target?: { recipient_id?: string };
    message_data?: { text?: string; attachment?: { type?: string; media?: V1Media } };
  };
}

/** Envelope keys that carry context, not events. */
const CONTEXT_KEYS = new Set(['for_user_id', 'users', 'apps', 'user_has_blocked', 'is_blocked_by', 'source', 'target']);

const stableId = (prefix: string, value: unknown) => `${prefix}:${sha256Hex(JSON.stringify(value) ?? '').slice(0, 32)}`;

/** Maps one Account Activity delivery to items; every event that is not a tweet or a DM is kept as `ignored`. */
export function mapXActivity(payload: Record<string, unknown>, accountId: string): NormalizedItem[] {
  const users = (payload.users ?? {}) as Record<string, V1User & { id?: string }>;
  const items: NormalizedItem[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (CONTEXT_KEYS.has(key)) continue;
    if (key === 'tweet_create_events' && Array.isArray(value)) {
      for (const tweet of value as V1Tweet[]) items.push(mapTweet(tweet, accountId));
    } else if (key === 'direct_message_events' && Array.isArray(value)) {
      for (const event of value as DmEvent[]) items.push(mapDirectMessage(event, users, accountId));
    } else {
      const events = Array.isArray(value) ? value : [value];
      for (const event of events) items.push({ kind: 'ignored', itemId: stableId(`x:${key}`, event), reason: `X ${key}: pas un message` });
    }
  }
  return items;
}

function mapTweet(tweet: V1Tweet, accountId: string): NormalizedItem {
  const id = tweet.id_str;
  if (!id) return { kind: 'ignored', itemId: stableId('x:tweet', tweet), reason: 'tweet sans id_str' };
  // A retweet repeats someone else's words: nothing to answer, and the original already reached us.
  if (tweet.retweeted_status) return { kind: 'ignored', itemId: `x:retweet:${id}`, reason: 'retweet' };
  const user = tweet.user ?? {};
  const media = tweet.extended_tweet?.extended_entities?.media ?? tweet.extended_entities?.media ?? tweet.entities?.media ?? [];
  return {
    kind: 'message',
    itemId: id,
    channel: 'x',
    conversationKind: 'public',
    // v1.1 payloads carry no conversation id: the thread is the tweet answered, or the tweet itself.
    // Joining longer chains (a reply to our reply) is left to ingest, which can look up threadKey
    // among known platformMessageIds.
    threadKey: tweet.in_reply_to_status_id_str ?? id,
    platformMessageId: id,
    replyToPlatformId: id,
    author: authorOf(user.id_str ?? 'inconnu', user),
    fromBank: user.id_str === accountId,
    body: withQuote(textOf(tweet), tweet.is_quote_status ? tweet.quoted_status : undefined),
    attachments: media.flatMap(toAttachment),
    createdAt: tweetTime(tweet),
  };
}

const textOf = (tweet: V1Tweet) => tweet.extended_tweet?.full_text ?? tweet.full_text ?? tweet.text ?? '';

/**
 * A quote post comments on someone else's post: the team needs both to answer, so the quoted
 * words follow the comment as a French-style quote line. The reply targets the quote post itself.
 */
function withQuote(text: string, quoted: V1Tweet | undefined): string {
  if (!quoted) return text;
  const who = quoted.user?.screen_name ? `@${quoted.user.screen_name}` : 'un autre compte';
  return `${text}\n\n> Citation de ${who} : « ${textOf(quoted)} »`;
}

function mapDirectMessage(event: DmEvent, users: Record<string, V1User>, accountId: string): NormalizedItem {
  const create = event.message_create;
  if (event.type !== 'message_create' || !create || !event.id) {
    return {
      kind: 'ignored',
      itemId: event.id ? `x:dm-event:${event.id}` : stableId('x:dm-event', event),
      reason: `DM ${event.type ?? 'sans type'}`,
    };
  }
  const senderId = create.sender_id ?? 'inconnu';
  const fromBank = senderId === accountId;
  const attachment = create.message_data?.attachment?.media;
  return {
    kind: 'message',
    itemId: event.id,
    channel: 'x_dm',
    conversationKind: 'private',
    threadKey: fromBank ? (create.target?.recipient_id ?? 'inconnu') : senderId,
    platformMessageId: event.id,
    replyToPlatformId: null,
    author: authorOf(senderId, users[senderId] ?? {}),
    fromBank,
    body: create.message_data?.text ?? '',
    attachments: attachment ? toAttachment(attachment) : [],
    createdAt: millisToIso(event.created_timestamp),
  };
}

function authorOf(id: string, user: V1User): AuthorRef {
  return {
    platformUserId: id,
    handle: user.screen_name ?? null,
    displayName: user.name ?? user.screen_name ?? id,
    profileUrl: user.screen_name ? `https://x.com/${user.screen_name}` : null,
    avatarUrl: user.profile_image_url_https ?? null,
  };
}

function toAttachment(media: V1Media): Attachment[] {
  if (media.type === 'photo' && media.media_url_https) return [{ type: 'image', url: media.media_url_https, name: null }];
  if (media.type === 'video' || media.type === 'animated_gif') {
    // The best MP4 variant plays everywhere; the thumbnail is the fallback.
    const mp4 = (media.video_info?.variants ?? [])
      .filter((v) => v.content_type === 'video/mp4' && v.url)
      .sort((a, b) => (b.bitrate ?? 0) - (a.bitrate ?? 0))[0];
    const url = mp4?.url ?? media.media_url_https;
    return url ? [{ type: 'video', url, name: null }] : [];
  }
  return [];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Twitter's "Wed Oct 10 20:19:24 +0000 2018", parsed explicitly rather than trusting Date.parse on a non-standard format. */
export function parseTwitterDate(value: string): string | null {
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/.exec(value);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1] ?? '');
  if (month < 0) return null;
  const offsetMinutes = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8]));
  const utc = Date.UTC(Number(m[9]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

function tweetTime(tweet: V1Tweet): string {
  if (tweet.timestamp_ms) return millisToIso(tweet.timestamp_ms);
  return (tweet.created_at && parseTwitterDate(tweet.created_at)) || new Date().toISOString();
}

/** Falls back to the time of reception when the platform gives no usable time. */
function millisToIso(value: string | undefined): string {
  const ms = Number(value);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : new Date().toISOString();
}

/** The parts of an X API v2 filtered-stream line the inbox needs: `{ data, includes, matching_rules }`. */
interface V2Post {
  id?: string;
  text?: string;
  author_id?: string;
  conversation_id?: string;
  created_at?: string;
  referenced_tweets?: { type?: string; id?: string }[];
  note_tweet?: { text?: string };
}
interface V2User {
  id?: string;
  name?: string;
  username?: string;
  profile_image_url?: string;
}
export interface XStreamLine {
  data?: V2Post;
  includes?: { users?: V2User[]; tweets?: (V2Post & { author_id?: string })[] };
  matching_rules?: { id?: string; tag?: string }[];
}

/**
 * A post matched by the bank's filtered-stream rules: about the bank without addressing it. It
 * becomes a public message the team may answer; the thread is its conversation (or the post).
 */
export function mapXStreamPost(line: XStreamLine, accountId: string): NormalizedItem {
  const post = line.data ?? {};
  if (!post.id) return { kind: 'ignored', itemId: stableId('x:stream', line), reason: 'post sans id' };
  if (post.referenced_tweets?.some((r) => r.type === 'retweeted'))
    return { kind: 'ignored', itemId: `x:retweet:${post.id}`, reason: 'retweet' };
  const authorId = post.author_id ?? 'inconnu';
  const user = line.includes?.users?.find((u) => u.id === authorId) ?? {};
  const quotedId = post.referenced_tweets?.find((r) => r.type === 'quoted')?.id;
  const quoted = quotedId ? line.includes?.tweets?.find((t) => t.id === quotedId) : undefined;
  const quotedAuthor = quoted ? line.includes?.users?.find((u) => u.id === quoted.author_id) : undefined;
  const text = post.note_tweet?.text ?? post.text ?? '';
  return {
    kind: 'message',
    // The same tweet id as the Account Activity would give: a post that also mentions the bank
    // arrives once whichever way comes first.
    itemId: post.id,
    channel: 'x',
    conversationKind: 'public',
    threadKey: post.conversation_id ?? post.id,
    platformMessageId: post.id,
    replyToPlatformId: post.id,
    author: {
      platformUserId: authorId,
      handle: user.username ?? null,
      displayName: user.name ?? user.username ?? authorId,
      profileUrl: user.username ? `https://x.com/${user.username}` : null,
      avatarUrl: user.profile_image_url ?? null,
    },
    fromBank: authorId === accountId,
    body: quoted ? withQuote(text, { text: quoted.note_tweet?.text ?? quoted.text, user: { screen_name: quotedAuthor?.username } }) : text,
    attachments: [],
    createdAt:
      post.created_at && Number.isFinite(Date.parse(post.created_at)) ? new Date(post.created_at).toISOString() : new Date().toISOString(),
  };
}
