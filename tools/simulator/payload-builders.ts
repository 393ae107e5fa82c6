/**
 * Webhook bodies exactly as Meta and X deliver them (see the vendor samples in the shared
 * platform-payloads folder). Pure functions: the caller chooses ids and times, so tests and the
 * demo seed can build deterministic traffic and backdate it.
 */

export interface MetaAuthor {
  id: string;
  name: string;
}

export interface ImageAttachment {
  url: string;
}

/** Meta's `time`/`created_time` on feed changes are Unix seconds; Messenger timestamps are ms. */
const unixSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

export function buildPageFeedPost(input: { pageId: string; postId: string; author: MetaAuthor; message: string; at: Date }) {
  return {
    object: 'page',
    entry: [
      {
        id: input.pageId,
        time: unixSeconds(input.at),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: input.author.id, name: input.author.name },
              item: 'post',
              post_id: input.postId,
              verb: 'add',
              created_time: unixSeconds(input.at),
              is_hidden: false,
              message: input.message,
            },
          },
        ],
      },
    ],
  };
}

/**
 * A comment on a Page post. `parentId` is the post id for a top-level comment, or the comment
 * id it answers for a reply in the same thread.
 */
export function buildPageFeedComment(input: {
  pageId: string;
  postId: string;
  commentId: string;
  parentId?: string;
  author: MetaAuthor;
  message: string;
  at: Date;
}) {
  return {
    object: 'page',
    entry: [
      {
        id: input.pageId,
        time: unixSeconds(input.at),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: input.author.id, name: input.author.name },
              post: { id: input.postId, status_type: 'added_photos', is_published: true },
              message: input.message,
              post_id: input.postId,
              comment_id: input.commentId,
              parent_id: input.parentId ?? input.postId,
              created_time: unixSeconds(input.at),
              item: 'comment',
              verb: 'add',
            },
          },
        ],
      },
    ],
  };
}

interface DirectMessageInput {
  /** The bank's Page id (Messenger) or Instagram account id (Instagram DM). */
  recipientId: string;
  /** Page-scoped (PSID) or Instagram-scoped (IGSID) id of the sender. */
  senderId: string;
  mid: string;
  text: string;
  at: Date;
  attachments?: ImageAttachment[];
}

function messagingEntry(input: DirectMessageInput) {
  const message: Record<string, unknown> = { mid: input.mid, text: input.text };
  if (input.attachments?.length) {
    message.attachments = input.attachments.map((a) => ({ type: 'image', payload: { url: a.url } }));
  }
  return {
    id: input.recipientId,
    time: input.at.getTime(),
    messaging: [
      {
        sender: { id: input.senderId },
        recipient: { id: input.recipientId },
        timestamp: input.at.getTime(),
        message,
      },
    ],
  };
}

export function buildMessengerMessage(input: DirectMessageInput) {
  return { object: 'page', entry: [messagingEntry(input)] };
}

export function buildInstagramDirectMessage(input: DirectMessageInput) {
  return { object: 'instagram', entry: [messagingEntry(input)] };
}

export function buildInstagramComment(input: {
  instagramId: string;
  mediaId: string;
  commentId: string;
  author: { id: string; username: string };
  text: string;
  at: Date;
}) {
  return {
    object: 'instagram',
    entry: [
      {
        id: input.instagramId,
        time: unixSeconds(input.at),
        changes: [
          {
            field: 'comments',
            value: {
              from: { id: input.author.id, username: input.author.username },
              media: { id: input.mediaId, media_product_type: 'FEED' },
              id: input.commentId,
              text: input.text,
            },
          },
        ],
      },
    ],
  };
}

export interface XUser {
  id: string;
  screenName: string;
  name: string;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** X v1.1 `created_at`: 'Wed Oct 10 20:19:24 +0000 2018', always UTC. */
export function formatXDate(at: Date): string {
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  return `${WEEKDAYS[at.getUTCDay()]} ${MONTHS[at.getUTCMonth()]} ${pad(at.getUTCDate())} ${time} +0000 ${at.getUTCFullYear()}`;
}

const avatarOf = (user: XUser) => `https://pbs.twimg.com/profile_images/${user.id}/avatar_normal.jpg`;

/**
 * A tweet mentioning the bank account, delivered by the Account Activity API. The text starts
 * with the @mention as X writes it; `inReplyTo` continues a public thread.
 */
export function buildXMention(input: {
  accountId: string;
  accountScreenName: string;
  tweetId: string;
  author: XUser;
  text: string;
  at: Date;
  inReplyTo?: { statusId: string; screenName: string; userId: string };
}) {
  const mention = `@${input.accountScreenName}`;
  const text = input.text.includes(mention) ? input.text : `${mention} ${input.text}`;
  const start = text.indexOf(mention);
  return {
    for_user_id: input.accountId,
    tweet_create_events: [
      {
        created_at: formatXDate(input.at),
        id: Number(input.tweetId),
        id_str: input.tweetId,
        text,
        source: '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
        truncated: false,
        in_reply_to_status_id: input.inReplyTo ? Number(input.inReplyTo.statusId) : null,
        in_reply_to_status_id_str: input.inReplyTo?.statusId ?? null,
        in_reply_to_user_id_str: input.inReplyTo?.userId ?? input.accountId,
        in_reply_to_screen_name: input.inReplyTo?.screenName ?? input.accountScreenName,
        user: {
          id: Number(input.author.id),
          id_str: input.author.id,
          name: input.author.name,
          screen_name: input.author.screenName,
          profile_image_url_https: avatarOf(input.author),
        },
        entities: {
          hashtags: [],
          urls: [],
          symbols: [],
          user_mentions: [
            {
              screen_name: input.accountScreenName,
              name: 'Banque Exemple',
              id: Number(input.accountId),
              id_str: input.accountId,
              indices: [start, start + mention.length],
            },
          ],
        },
        timestamp_ms: String(input.at.getTime()),
        lang: 'fr',
      },
    ],
  };
}

export function buildXDirectMessage(input: {
  accountId: string;
  accountScreenName: string;
  dmId: string;
  sender: XUser;
  text: string;
  at: Date;
}) {
  return {
    for_user_id: input.accountId,
    direct_message_events: [
      {
        type: 'message_create',
        id: input.dmId,
        created_timestamp: String(input.at.getTime()),
        message_create: {
          target: { recipient_id: input.accountId },
          sender_id: input.sender.id,
          message_data: { text: input.text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } },
        },
      },
    ],
    users: {
      [input.sender.id]: {
        id: input.sender.id,
        name: input.sender.name,
        screen_name: input.sender.screenName,
        protected: false,
        verified: false,
        profile_image_url_https: avatarOf(input.sender),
      },
      [input.accountId]: {
        id: input.accountId,
        name: 'Banque Exemple',
        screen_name: input.accountScreenName,
        protected: false,
        verified: true,
        profile_image_url_https: 'https://pbs.twimg.com/profile_images/banque-exemple_normal.jpg',
      },
    },
  };
}

/**
 * A change to an existing Page comment: `edited` carries the new words, `remove` a deletion,
 * `hide` a comment hidden by the Page (the mapper keeps each in the archive, marked).
 */
export function buildPageFeedCommentChange(input: {
  pageId: string;
  postId: string;
  commentId: string;
  author: MetaAuthor;
  verb: 'edited' | 'remove' | 'hide';
  message?: string;
  at: Date;
}) {
  return {
    object: 'page',
    entry: [
      {
        id: input.pageId,
        time: unixSeconds(input.at),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: input.author.id, name: input.author.name },
              post_id: input.postId,
              comment_id: input.commentId,
              parent_id: input.postId,
              created_time: unixSeconds(input.at),
              item: 'comment',
              verb: input.verb,
              ...(input.message !== undefined ? { message: input.message } : {}),
            },
          },
        ],
      },
    ],
  };
}

/** Someone @mentioned the bank on their own media (caption) or in a comment: ids only, as Meta sends. */
export function buildInstagramMention(input: { instagramId: string; mediaId: string; commentId?: string; at: Date }) {
  return {
    object: 'instagram',
    entry: [
      {
        id: input.instagramId,
        time: unixSeconds(input.at),
        changes: [{ field: 'mentions', value: { media_id: input.mediaId, ...(input.commentId ? { comment_id: input.commentId } : {}) } }],
      },
    ],
  };
}

/** A Trustpilot `service-review-created` webhook delivery (documented sample in the Trustpilot fixtures). */
export function buildTrustpilotReviewCreated(input: {
  reviewId: string;
  stars: number;
  title: string;
  text: string;
  language: string;
  createdAt: string;
  consumer: { id: string; name: string };
}) {
  return {
    events: [
      {
        eventName: 'service-review-created',
        version: '1',
        eventData: {
          id: input.reviewId,
          language: input.language,
          title: input.title,
          text: input.text,
          stars: input.stars,
          createdAt: input.createdAt,
          isVerified: true,
          link: `https://api.trustpilot.com/v1/reviews/${input.reviewId}`,
          consumer: {
            id: input.consumer.id,
            name: input.consumer.name,
            link: `https://api.trustpilot.com/v1/consumers/${input.consumer.id}`,
          },
          tags: [],
        },
      },
    ],
  };
}

/** An X API v2 filtered-stream post (`data` + `includes.users`): about the bank, not addressed to it. */
export function buildXStreamPost(input: {
  tweetId: string;
  author: XUser;
  text: string;
  at: Date;
  /** The author's followers and the post's likes / reposts, as X's public_metrics give them. */
  followers?: number;
  likes?: number;
  reposts?: number;
}) {
  return {
    data: {
      id: input.tweetId,
      text: input.text,
      author_id: input.author.id,
      conversation_id: input.tweetId,
      created_at: input.at.toISOString(),
      public_metrics: { like_count: input.likes ?? 0, retweet_count: input.reposts ?? 0, reply_count: 0, quote_count: 0 },
    },
    includes: {
      users: [
        {
          id: input.author.id,
          name: input.author.name,
          username: input.author.screenName,
          public_metrics: { followers_count: input.followers ?? 0 },
        },
      ],
    },
  };
}
