import type { Attachment } from '@agora/contracts/common.schema.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import type { AuthorRef, NormalizedItem } from '../connector.types.ts';

/** The bank's own ids on Meta: what it writes comes back to us as echoes. */
export interface MetaAccountIds {
  pageId: string;
  instagramId: string;
}

interface MetaEntry {
  id?: string;
  time?: number | string;
  changes?: MetaChange[];
  messaging?: MessagingEvent[];
  field?: string;
  value?: Record<string, unknown>;
}
interface MetaChange {
  field?: string;
  value?: Record<string, unknown>;
}
interface MessagingEvent {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: {
    mid?: string;
    text?: string;
    is_echo?: boolean;
    attachments?: { type?: string; payload?: { url?: string; title?: string } }[];
    /** Instagram: the person answered one of the bank's stories. */
    reply_to?: { story?: { url?: string; id?: string }; mid?: string };
  };
}
interface FeedValue {
  item?: string;
  verb?: string;
  from?: { id?: string; name?: string };
  post_id?: string;
  comment_id?: string;
  parent_id?: string;
  message?: string;
  created_time?: number | string;
  photo?: string;
  video?: string;
  /** On `item: photo`, the photo's URL. */
  link?: string;
}
interface InstagramCommentValue {
  id?: string;
  text?: string;
  parent_id?: string;
  from?: { id?: string; username?: string };
  media?: { id?: string };
}

export interface MetaDelivery {
  object?: unknown;
  entry: MetaEntry[];
}

/** Hash of what was delivered: re-delivery of the same unknown event gets the same id and dedupes. */
const stableId = (prefix: string, value: unknown) => `${prefix}:${sha256Hex(JSON.stringify(value) ?? '').slice(0, 32)}`;

export function mapMetaDelivery(delivery: MetaDelivery, ids: MetaAccountIds): NormalizedItem[] {
  const object = delivery.object;
  const items: NormalizedItem[] = [];
  for (const entry of delivery.entry) {
    if (object === 'page') {
      for (const change of entry.changes ?? []) items.push(mapPageChange(change, entry, ids.pageId));
      for (const event of entry.messaging ?? []) items.push(mapMessaging(event, 'messenger', ids.pageId, entry));
      if (!entry.changes && !entry.messaging) items.push(ignored(entry, 'page', 'entrée de Page sans changes ni messaging'));
    } else if (object === 'instagram') {
      // Meta documents two shapes: changes[] (Graph webhooks) and field/value directly in the entry
      // (Instagram Platform examples, Business Login for Instagram).
      const changes = entry.changes ?? (entry.field ? [{ field: entry.field, value: entry.value }] : []);
      for (const change of changes) items.push(mapInstagramChange(change, entry, ids.instagramId));
      for (const event of entry.messaging ?? []) items.push(mapMessaging(event, 'instagram_dm', ids.instagramId, entry));
      if (changes.length === 0 && !entry.messaging) items.push(ignored(entry, 'instagram', 'entrée Instagram sans contenu connu'));
    } else {
      items.push(ignored(entry, `objet ${String(object)}`, `objet Meta non pris en charge : ${String(object)}`));
    }
  }
  return items;
}

function ignored(value: unknown, what: string, reason: string): NormalizedItem {
  return { kind: 'ignored', itemId: stableId(`meta:${what}`, value), reason };
}

const POST_ITEMS = new Set(['post', 'status', 'photo', 'video']);

/**
 * Feed verbs that change an item we may hold. Meta's enum is {add, block, edit, edited, delete,
 * follow, hide, mute, remove, unblock, unhide, update}; `edited` and `remove` are what comment
 * and post deliveries carry, `edit`/`delete` are taken as synonyms.
 */
const FEED_CHANGES: Record<string, 'edited' | 'deleted' | 'hidden' | 'unhidden'> = {
  edited: 'edited',
  edit: 'edited',
  remove: 'deleted',
  delete: 'deleted',
  hide: 'hidden',
  unhide: 'unhidden',
};

function mapPageChange(change: MetaChange, entry: MetaEntry, pageId: string): NormalizedItem {
  if (change.field !== 'feed' || !change.value)
    return ignored({ entry: entry.id, change }, 'page', `champ de Page non pris en charge : ${change.field}`);
  const value = change.value as FeedValue;
  const isPost = POST_ITEMS.has(value.item ?? '');
  const changeKind = value.verb ? FEED_CHANGES[value.verb] : undefined;
  if ((!isPost && value.item !== 'comment') || (value.verb !== 'add' && !changeKind)) {
    // Reactions, shares, likes, blocks and follows are kept (for the record) but not handled.
    return ignored({ entry: entry.id, change }, 'feed', `feed ${value.item ?? '?'} ${value.verb ?? '?'} : pas traité`);
  }
  const postId = value.post_id;
  const messageId = isPost ? postId : value.comment_id;
  if (!postId || !messageId) return ignored({ entry: entry.id, change }, 'feed', 'feed sans post_id ou comment_id');
  if (changeKind) {
    // The notification time names the change: two edits of one comment are two changes, while a
    // re-delivery of the same notification carries the same time and dedupes.
    const time = entry.time ?? value.created_time;
    return {
      kind: 'update',
      itemId: `${messageId}:${changeKind}:${time ?? 'inconnu'}`,
      channel: 'facebook',
      threadKey: postId,
      platformMessageId: messageId,
      change: changeKind,
      ...(changeKind === 'edited' ? { body: value.message ?? '' } : {}),
      at: toIso(time),
    };
  }
  const from = value.from ?? {};
  const photo = value.photo ?? (value.item === 'photo' ? value.link : undefined);
  return {
    kind: 'message',
    itemId: messageId,
    channel: 'facebook',
    conversationKind: 'public',
    threadKey: postId,
    platformMessageId: messageId,
    // The comment itself, even when it answers another comment (parent_id): a private reply sent
    // to the parent would reach another person, and Graph files a public reply to a reply under
    // the same top-level comment anyway.
    replyToPlatformId: messageId,
    author: facebookAuthor(from.id ?? entry.id ?? 'inconnu', from.name),
    fromBank: from.id === pageId,
    body: value.message ?? '',
    attachments: [
      ...(photo ? [{ type: 'image' as const, url: photo, name: null }] : []),
      ...(value.video ? [{ type: 'video' as const, url: value.video, name: null }] : []),
    ],
    createdAt: toIso(value.created_time ?? entry.time),
  };
}

/** Thread key of the media where someone @mentioned the bank: replies go through /{ig-user}/mentions. */
export const MENTION_THREAD_PREFIX = 'mention:';

/**
 * `mentions`: someone @mentioned the bank in a caption (`media_id` only) or in a comment
 * (`media_id` + `comment_id`) on media that is not ours. The notification carries ids only; the
 * text must be read with GET /{ig-user-id}?fields=mentioned_comment / mentioned_media, so the
 * message says so until then.
 */
function mapInstagramMention(change: MetaChange, entry: MetaEntry): NormalizedItem {
  const value = (change.value ?? {}) as { media_id?: string; comment_id?: string };
  if (!value.media_id) return ignored({ entry: entry.id, change }, 'instagram', 'mention Instagram sans media_id');
  const id = value.comment_id ?? value.media_id;
  return {
    kind: 'message',
    itemId: `mention:${id}`,
    channel: 'instagram',
    conversationKind: 'public',
    threadKey: `${MENTION_THREAD_PREFIX}${value.media_id}`,
    platformMessageId: id,
    replyToPlatformId: value.comment_id ?? null,
    // Who mentioned us is not in the notification: one contact per mention, never merged with others.
    author: {
      platformUserId: `mention:${id}`,
      handle: null,
      displayName: 'Mention Instagram',
      profileUrl: null,
      avatarUrl: null,
    },
    fromBank: false,
    body: value.comment_id
      ? 'La banque a été mentionnée dans un commentaire Instagram (texte à consulter sur Instagram).'
      : 'La banque a été mentionnée dans la légende d’une publication Instagram (texte à consulter sur Instagram).',
    attachments: [],
    createdAt: toIso(entry.time),
  };
}

function mapInstagramChange(change: MetaChange, entry: MetaEntry, instagramId: string): NormalizedItem {
  if (change.field === 'mentions') return mapInstagramMention(change, entry);
  if ((change.field !== 'comments' && change.field !== 'live_comments') || !change.value) {
    return ignored({ entry: entry.id, change }, 'instagram', `champ Instagram non pris en charge : ${change.field}`);
  }
  const value = change.value as InstagramCommentValue;
  const mediaId = value.media?.id;
  if (!value.id || !mediaId) return ignored({ entry: entry.id, change }, 'instagram', 'commentaire Instagram sans id ou media.id');
  const from = value.from ?? {};
  const username = from.username ?? null;
  return {
    kind: 'message',
    itemId: value.id,
    channel: 'instagram',
    conversationKind: 'public',
    threadKey: mediaId,
    platformMessageId: value.id,
    // Its own id, not parent_id, for the same reason as on Facebook: private replies go to the author.
    replyToPlatformId: value.id,
    author: {
      platformUserId: from.id ?? 'inconnu',
      handle: username,
      displayName: username ?? from.id ?? 'inconnu',
      profileUrl: username ? `https://www.instagram.com/${username}` : null,
      avatarUrl: null,
    },
    fromBank: from.id === instagramId,
    body: value.text ?? '',
    attachments: [],
    createdAt: toIso(entry.time),
  };
}

function mapMessaging(event: MessagingEvent, channel: 'messenger' | 'instagram_dm', ownId: string, entry: MetaEntry): NormalizedItem {
  const message = event.message;
  if (!message?.mid) {
    const kind = Object.keys(event).find((k) => !['sender', 'recipient', 'timestamp'].includes(k)) ?? 'inconnu';
    return ignored({ entry: entry.id, event }, channel, `${channel} ${kind} : pas un message`);
  }
  const senderId = event.sender?.id ?? 'inconnu';
  const fromBank = message.is_echo === true || senderId === ownId;
  return {
    kind: 'message',
    itemId: message.mid,
    channel,
    conversationKind: 'private',
    threadKey: fromBank ? (event.recipient?.id ?? 'inconnu') : senderId,
    platformMessageId: message.mid,
    replyToPlatformId: null,
    // Page- and Instagram-scoped ids have no public profile page, and messaging events carry no name.
    author: { platformUserId: senderId, handle: null, displayName: senderId, profileUrl: null, avatarUrl: null },
    fromBank,
    body: message.text ?? '',
    attachments: [
      ...(message.attachments ?? []).flatMap(toAttachment),
      // The story the person answers, by its CDN link (Meta forbids keeping the media itself).
      ...(message.reply_to?.story?.url ? [{ type: 'image' as const, url: message.reply_to.story.url, name: 'Story de la banque' }] : []),
    ],
    createdAt: toIso(event.timestamp ?? entry.time),
  };
}

const ATTACHMENT_TYPES = new Set(['image', 'video', 'audio', 'file']);

function toAttachment(attachment: { type?: string; payload?: { url?: string; title?: string } }): Attachment[] {
  const url = attachment.payload?.url;
  // Someone mentioned the bank in their story: shown from Meta's CDN link while it lasts (24 h).
  if (attachment.type === 'story_mention' && url) return [{ type: 'image', url, name: 'Mention dans une story' }];
  if (!attachment.type || !ATTACHMENT_TYPES.has(attachment.type) || !url) return [];
  return [{ type: attachment.type as Attachment['type'], url, name: attachment.payload?.title ?? null }];
}

function facebookAuthor(id: string, name: string | undefined): AuthorRef {
  return { platformUserId: id, handle: null, displayName: name ?? id, profileUrl: `https://www.facebook.com/${id}`, avatarUrl: null };
}

/** Meta mixes seconds (feed) and milliseconds (messaging); placeholders fall back to the time of reception. */
function toIso(value: number | string | undefined): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (n === undefined || !Number.isFinite(n) || n <= 0) return new Date().toISOString();
  return new Date(n > 1e12 ? n : n * 1000).toISOString();
}
