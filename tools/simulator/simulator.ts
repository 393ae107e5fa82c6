import { randomBytes, randomInt } from 'node:crypto';
import { type Corpus, type CorpusMessage, createCorpus, type MessageStyle } from './corpus.ts';
import type { CorpusAuthor } from './corpus-authors.ts';
import { type LiveChatVisitor, openLiveChatVisitor } from './live-chat-visitor.ts';
import {
  buildInstagramComment,
  buildInstagramDirectMessage,
  buildInstagramMention,
  buildMessengerMessage,
  buildPageFeedComment,
  buildPageFeedCommentChange,
  buildPageFeedPost,
  buildTrustpilotReviewCreated,
  buildXDirectMessage,
  buildXMention,
  buildXStreamPost,
} from './payload-builders.ts';
import { type CorpusReview, editedReview, type ReviewPlatform, reviewFor } from './review-corpus.ts';
import { postWebhook, type WebhookPlatform } from './webhook-signer.ts';

export type SimulatedChannel =
  | 'facebook'
  | 'messenger'
  | 'instagram'
  | 'instagram_dm'
  | 'x'
  | 'x_dm'
  | 'trustpilot'
  | 'google_play'
  | 'app_store'
  | 'live_chat';

/**
 * What one send does: a message on a channel, or one of the other things platforms deliver —
 * an X post about the bank found by the filtered stream (no @), an Instagram @mention, a
 * Facebook comment deleted by its author, a Play review edited (after the bank replied, if it did).
 */
export type SimulatedMove = SimulatedChannel | 'x_stream' | 'instagram_mention' | 'facebook_delete' | 'google_play_edit';

/**
 * The controls of the fake platforms the simulator drives (structural types: `agora.fakes`
 * fits, and tools/ imports nothing from the server). A missing one leaves its channel out.
 */
export interface SimulatorFakes {
  trustpilot?: {
    addReview(review: {
      stars: number;
      title: string;
      text: string;
      language: string;
      createdAt: string;
      consumer: { id: string; displayName: string };
    }): { id: string };
  } | null;
  googlePlay?: {
    addReview(review: { authorName?: string; text: string; starRating: number; lastModified?: Date }): string;
    editReview(reviewId: string, change: { text?: string; starRating?: number }): void;
    /** Replies the bank posted: an edit goes to a replied review first, which reopens it. */
    readonly replies?: readonly { reviewId: string }[];
  } | null;
  appStore?: {
    addReview(review: {
      rating: number;
      title?: string;
      body: string;
      reviewerNickname?: string;
      territory?: string;
      createdDate?: Date;
    }): string;
  } | null;
  x?: {
    emit(post: {
      data: { id?: string; text: string; author_id: string; conversation_id?: string; created_at?: string };
      includes?: { users?: { id: string; name: string; username: string }[] };
    }): number;
  } | null;
}

/** A person the bank already knows (a client's verified identity), to be used as an author. */
export interface SimulatorContact {
  platform: WebhookPlatform;
  /** Which Meta network the id belongs to (ids are scoped per network); default facebook. */
  network?: 'facebook' | 'instagram';
  platformUserId: string;
  handle: string | null;
  displayName: string;
}

export interface SimulatorOptions {
  baseUrl: string;
  /** Where /cdn/<name>.svg is served (the local fake-platforms server). */
  mediaBaseUrl: string;
  meta: { appSecret: string; pageId: string; instagramId: string };
  x: { consumerSecret: string; accountId: string; screenName?: string };
  seed: number;
  contacts?: SimulatorContact[];
  /** Share of new threads written by `contacts` (default 0.3 when contacts are given). */
  contactShare?: number;
  /** Sends a serialised body; default: sign and POST to `${baseUrl}/webhooks/<platform>`. */
  post?: (platform: WebhookPlatform, rawBody: string) => Promise<number>;
  /** Trustpilot webhooks and the store reviews go through these fakes. */
  fakes?: SimulatorFakes;
  /** Password of Trustpilot's Basic credentials (TRUSTPILOT_WEBHOOK_SECRET), for the default `post`. */
  trustpilotWebhookSecret?: string;
  /** Share of Trustpilot reviews whose webhook never comes: the periodic sync must catch them (default 0.25). */
  trustpilotMissedShare?: number;
  /** Visitors write on the live chat through `${baseUrl}/chat/api` (default false). */
  liveChat?: boolean;
  onError?: (error: unknown) => void;
}

export interface SendOptions {
  /** When the platform says the message was written (default now): the seed backdates. */
  at?: Date;
  channel?: SimulatedChannel;
  /** Overrides `channel`: a specific kind of event (stream post, deletion, review edit…). */
  move?: SimulatedMove;
  /** Reviews: the stars to give (the text follows them). */
  stars?: CorpusReview['stars'];
  /** Trustpilot: true leaves the review to the sync (no webhook), false always sends the webhook. */
  missedWebhook?: boolean;
  /** Probability of continuing an existing thread instead of opening one (default 0.3). */
  continueShare?: number;
  /** Opens a new thread written by this known contact (its network must match `channel`). */
  author?: SimulatorContact;
  /** Facebook only: a visitor post on the Page (its own thread) rather than a comment. */
  pagePost?: boolean;
}

export interface SentItem {
  /** Who delivered it: a webhook platform, a fake platform's API, or the live chat. */
  platform: WebhookPlatform | 'google_play' | 'app_store' | 'x_stream' | 'live_chat';
  channel: SimulatedChannel;
  move: SimulatedMove;
  itemId: string;
  threadKey: string;
  /** HTTP status of the delivery; 200 for a fake's API call; 0 when nobody received it. */
  status: number;
  /** Reviews: the stars given. */
  rating?: number;
  /** Trustpilot: the review was left to the sync (no webhook). */
  webhookMissed?: boolean;
}

export interface Simulator {
  sendOne(opts?: SendOptions): Promise<SentItem>;
  start(ratePerMinute: number): void;
  stop(): void;
}

interface Writer {
  key: string;
  /** Id on the network of the channel (PSID, IGSID, X user id). */
  id: string;
  handle: string;
  name: string;
  lang: 'fr' | 'en';
}

interface Thread {
  channel: SimulatedChannel;
  writer: Writer;
  /** Root post / media / tweet for public threads; '' for DMs. */
  root: string;
  lastItemId: string;
  visitor?: LiveChatVisitor;
}

/** The live mix: social channels lead, reviews and the chat come regularly, edits and deletions now and then. */
const MOVE_MIX: readonly (readonly [SimulatedMove, number])[] = [
  ['facebook', 17],
  ['messenger', 15],
  ['instagram', 10],
  ['instagram_dm', 8],
  ['x', 15],
  ['x_dm', 8],
  ['x_stream', 5],
  ['instagram_mention', 2],
  ['facebook_delete', 2],
  ['trustpilot', 5],
  ['google_play', 5],
  ['google_play_edit', 2],
  ['app_store', 4],
  ['live_chat', 6],
];
const MOVE_CHANNEL: Record<SimulatedMove, SimulatedChannel> = {
  facebook: 'facebook',
  messenger: 'messenger',
  instagram: 'instagram',
  instagram_dm: 'instagram_dm',
  x: 'x',
  x_dm: 'x_dm',
  trustpilot: 'trustpilot',
  google_play: 'google_play',
  app_store: 'app_store',
  live_chat: 'live_chat',
  x_stream: 'x',
  instagram_mention: 'instagram',
  facebook_delete: 'facebook',
  google_play_edit: 'google_play',
};
/** Channels where the same person writes again in the same conversation. */
const CONTINUABLE = new Set<SimulatedChannel>(['facebook', 'messenger', 'instagram', 'instagram_dm', 'x', 'x_dm', 'live_chat']);
const STYLE: Record<SimulatedChannel, MessageStyle> = {
  facebook: 'comment',
  messenger: 'dm',
  instagram: 'comment',
  instagram_dm: 'dm',
  x: 'tweet',
  x_dm: 'dm',
  trustpilot: 'review',
  google_play: 'review',
  app_store: 'review',
  live_chat: 'dm',
};
const CHAT_TOPICS = ['account', 'card', 'loan', 'savings', 'other'] as const;
const REVIEW_CHANNELS = new Set<SimulatedChannel>(['trustpilot', 'google_play', 'app_store']);
const X_EPOCH_MS = 1288834974657n;

/** A stable numeric id for a person on one network, so the same author is the same contact. */
function personId(author: CorpusAuthor, network: string, digits: number): string {
  let hash = 0n;
  for (const ch of `${network}:${author.handle}`) hash = (hash * 131n + BigInt(ch.codePointAt(0) ?? 0)) % 10n ** BigInt(digits - 1);
  return `${network === 'x' ? '1' : network === 'instagram' ? '17' : '2'}${hash.toString().padStart(digits - 1, '0')}`.slice(0, digits);
}

export function createSimulator(options: SimulatorOptions): Simulator {
  const corpus: Corpus = createCorpus(options.seed);
  const { rng } = corpus;
  const xScreenName = options.x.screenName ?? 'BanqueExemple';
  // A few of the bank's own Page posts and Instagram media that people comment on.
  const pagePosts = [1, 2, 3, 4, 5].map((k) => `${options.meta.pageId}_${900000000000000 + k * 7919}`);
  const mediaIds = [1, 2, 3, 4].map((k) => `${17900000000000000 + k * 104729}`);
  const workerBits = BigInt(randomInt(1024));
  let sequence = 0n;
  const threads: Thread[] = [];
  const post =
    options.post ??
    ((platform: WebhookPlatform, rawBody: string) =>
      postWebhook(options.baseUrl, platform, rawBody, {
        metaAppSecret: options.meta.appSecret,
        xConsumerSecret: options.x.consumerSecret,
        trustpilotWebhookSecret: options.trustpilotWebhookSecret,
      }));

  /** X-style snowflake: time-ordered, unique across restarts and across simulator instances. */
  const snowflake = (at: Date) => {
    sequence = (sequence + 1n) % 4096n;
    return (((BigInt(at.getTime()) - X_EPOCH_MS) << 22n) | (workerBits << 12n) | sequence).toString();
  };

  function contactWriter(network: string, c: SimulatorContact): Writer {
    const handle = c.handle ?? c.displayName.toLowerCase().replace(/\W+/g, '');
    return { key: `${network}:${c.platformUserId}`, id: c.platformUserId, handle, name: c.displayName, lang: 'fr' };
  }

  function writerFor(channel: SimulatedChannel, forced?: SimulatorContact): Writer {
    const social = !REVIEW_CHANNELS.has(channel) && channel !== 'live_chat';
    const network = !social ? channel : channel.startsWith('instagram') ? 'instagram' : channel.startsWith('x') ? 'x' : 'facebook';
    // Known clients are known by their social identities; reviews and chats come from strangers.
    const contacts = (options.contacts ?? []).filter((c) =>
      !social ? false : network === 'x' ? c.platform === 'x' : c.platform === 'meta' && (c.network ?? 'facebook') === network,
    );
    if (forced) return contactWriter(network, forced);
    if (contacts.length > 0 && rng.chance(options.contactShare ?? 0.3)) return contactWriter(network, rng.pick(contacts));
    const author = rng.pick(corpus.authors);
    const digits = network === 'x' ? 18 : network === 'instagram' ? 17 : 16;
    const id = personId(author, network, digits);
    return { key: `${network}:${id}`, id, handle: author.handle, name: author.displayName, lang: author.lang };
  }

  function text(channel: SimulatedChannel, writer: Writer, followUp: boolean): CorpusMessage {
    const style = STYLE[channel];
    // English speakers sometimes write in French, and the reverse, as in real traffic.
    const lang = rng.chance(0.9) ? writer.lang : writer.lang === 'fr' ? 'en' : 'fr';
    return followUp ? corpus.followUp(style, lang) : corpus.message(style, lang);
  }

  function build(channel: SimulatedChannel, thread: Thread | null, at: Date, opts: SendOptions) {
    const writer = thread?.writer ?? writerFor(channel, opts.author);
    const message = text(channel, writer, thread !== null);
    const attachments = message.mediaName
      ? [{ url: `${options.mediaBaseUrl.replace(/\/$/, '')}/cdn/${message.mediaName}.svg` }]
      : undefined;
    const id = snowflake(at);
    switch (channel) {
      case 'facebook': {
        // Now and then a visitor posts on the Page itself rather than under one of its posts.
        if (!thread && (opts.pagePost ?? rng.chance(0.08))) {
          const postId = `${options.meta.pageId}_${id}`;
          const body = buildPageFeedPost({ pageId: options.meta.pageId, postId, author: writer, message: message.text, at });
          return { platform: 'meta' as const, body, itemId: postId, root: postId, writer };
        }
        const postId = thread?.root ?? rng.pick(pagePosts);
        const commentId = `${postId.split('_')[1]}_${id}`;
        const body = buildPageFeedComment({
          pageId: options.meta.pageId,
          postId,
          commentId,
          parentId: thread?.lastItemId,
          author: writer,
          message: message.text,
          at,
        });
        return { platform: 'meta' as const, body, itemId: commentId, root: postId, writer };
      }
      case 'instagram': {
        const mediaId = thread?.root ?? rng.pick(mediaIds);
        const author = { id: writer.id, username: writer.handle };
        const body = buildInstagramComment({
          instagramId: options.meta.instagramId,
          mediaId,
          commentId: id,
          author,
          text: message.text,
          at,
        });
        return { platform: 'meta' as const, body, itemId: id, root: mediaId, writer };
      }
      case 'messenger':
      case 'instagram_dm': {
        const mid = `m_${randomBytes(24).toString('base64url')}`;
        const input = {
          recipientId: channel === 'messenger' ? options.meta.pageId : options.meta.instagramId,
          senderId: writer.id,
          mid,
          text: message.text,
          at,
          attachments,
        };
        const body = channel === 'messenger' ? buildMessengerMessage(input) : buildInstagramDirectMessage(input);
        return { platform: 'meta' as const, body, itemId: mid, root: '', writer };
      }
      case 'x': {
        const author = { id: writer.id, screenName: writer.handle, name: writer.name };
        // Replies answer the thread's first tweet: v1.1 payloads carry no conversation id, so the
        // tweet answered is what ties a reply to its thread.
        const inReplyTo = thread ? { statusId: thread.root, screenName: writer.handle, userId: writer.id } : undefined;
        const body = buildXMention({
          accountId: options.x.accountId,
          accountScreenName: xScreenName,
          tweetId: id,
          author,
          text: message.text,
          at,
          inReplyTo,
        });
        return { platform: 'x' as const, body, itemId: id, root: thread?.root ?? id, writer };
      }
      case 'x_dm': {
        const sender = { id: writer.id, screenName: writer.handle, name: writer.name };
        const body = buildXDirectMessage({
          accountId: options.x.accountId,
          accountScreenName: xScreenName,
          dmId: id,
          sender,
          text: message.text,
          at,
        });
        return { platform: 'x' as const, body, itemId: id, root: '', writer };
      }
      default:
        throw new Error(`${channel} is not a webhook message channel`);
    }
  }

  const fakes = options.fakes ?? {};
  /** Moves this simulator can play: a channel whose fake was not handed over is left out. */
  const available = (move: SimulatedMove) => {
    switch (move) {
      case 'trustpilot':
        return Boolean(fakes.trustpilot);
      case 'google_play':
      case 'google_play_edit':
        return Boolean(fakes.googlePlay);
      case 'app_store':
        return Boolean(fakes.appStore);
      case 'x_stream':
        return Boolean(fakes.x);
      case 'live_chat':
        return options.liveChat === true;
      default:
        return true;
    }
  };
  const moveMix = MOVE_MIX.filter(([move]) => available(move));
  const playReviews: { id: string; review: CorpusReview }[] = [];
  const hex = (digits: number) => Array.from({ length: digits }, () => rng.int(0, 15).toString(16)).join('');

  function pushThread(thread: Thread) {
    threads.push(thread);
    // Only recent threads are continued; keep the memory bounded for a simulator running for days.
    if (threads.length > 500) threads.splice(0, threads.length - 500);
  }

  async function sendMessage(channel: SimulatedChannel, thread: Thread | null, at: Date, opts: SendOptions): Promise<SentItem> {
    const built = build(channel, thread, at, opts);
    const status = await post(built.platform, JSON.stringify(built.body));
    if (thread) thread.lastItemId = built.itemId;
    else pushThread({ channel, writer: built.writer, root: built.root, lastItemId: built.itemId });
    return { platform: built.platform, channel, move: channel, itemId: built.itemId, threadKey: built.root || built.writer.id, status };
  }

  async function sendReview(channel: ReviewPlatform, at: Date, opts: SendOptions): Promise<SentItem> {
    const writer = writerFor(channel);
    const review = reviewFor(rng, channel, opts.stars);
    const base = { channel, move: channel, rating: review.stars } as const;
    if (channel === 'trustpilot' && fakes.trustpilot) {
      const consumer = { id: hex(24), displayName: writer.name };
      const created = fakes.trustpilot.addReview({
        stars: review.stars,
        title: review.title,
        text: review.text,
        language: review.lang,
        createdAt: at.toISOString(),
        consumer,
      });
      // Some webhooks never arrive (Trustpilot retries a while, then gives up): the sync catches those.
      const missed = opts.missedWebhook ?? rng.chance(options.trustpilotMissedShare ?? 0.25);
      const status = missed
        ? 200
        : await post(
            'trustpilot',
            JSON.stringify(
              buildTrustpilotReviewCreated({
                reviewId: created.id,
                stars: review.stars,
                title: review.title,
                text: review.text,
                language: review.lang,
                createdAt: at.toISOString(),
                consumer: { id: consumer.id, name: consumer.displayName },
              }),
            ),
          );
      return { ...base, platform: 'trustpilot', itemId: created.id, threadKey: created.id, status, webhookMissed: missed };
    }
    if (channel === 'google_play' && fakes.googlePlay) {
      // Play has no title: people often write one as a first line, which the mapper splits off.
      const text = rng.chance(0.4) ? `${review.title}\t${review.text}` : review.text;
      const id = fakes.googlePlay.addReview({ authorName: writer.name, text, starRating: review.stars, lastModified: at });
      playReviews.push({ id, review: { ...review, text } });
      if (playReviews.length > 200) playReviews.shift();
      return { ...base, platform: 'google_play', itemId: id, threadKey: id, status: 200 };
    }
    if (channel === 'app_store' && fakes.appStore) {
      const id = fakes.appStore.addReview({
        rating: review.stars,
        title: review.title,
        body: review.text,
        reviewerNickname: rng.chance(0.5) ? writer.handle : writer.name.split(' ')[0],
        territory: review.lang === 'fr' ? 'FRA' : rng.pick(['GBR', 'USA', 'BEL']),
        createdDate: at,
      });
      return { ...base, platform: 'app_store', itemId: id, threadKey: id, status: 200 };
    }
    throw new Error(`no fake platform for ${channel}`);
  }

  async function sendLiveChat(thread: Thread | null): Promise<SentItem> {
    const writer = thread?.writer ?? writerFor('live_chat');
    const visitor =
      thread?.visitor ??
      (await openLiveChatVisitor(options.baseUrl, {
        name: writer.name,
        email: `${writer.handle.replace(/[^a-z0-9._-]/gi, '').toLowerCase() || 'visiteur'}@example.org`,
        topic: rng.pick(CHAT_TOPICS),
        lang: writer.lang,
      }));
    const message = text('live_chat', writer, thread !== null);
    const status = await visitor.say(message.text);
    const itemId = `live_chat:${visitor.visitorId}:${++chatSequence}`;
    if (thread) thread.lastItemId = itemId;
    else pushThread({ channel: 'live_chat', writer, root: visitor.visitorId, lastItemId: itemId, visitor });
    return { platform: 'live_chat', channel: 'live_chat', move: 'live_chat', itemId, threadKey: visitor.visitorId, status };
  }
  let chatSequence = 0;
  let editSequence = 0;

  /** A post naming the bank without @-addressing it: X delivers it through the filtered stream only. */
  async function sendStreamPost(at: Date): Promise<SentItem> {
    const writer = writerFor('x');
    const message = corpus.message('tweet', writer.lang);
    const words = message.text.replace(/@BanqueExemple\b/gi, 'Banque Exemple');
    const body = /banque exemple|#banqueexemple/i.test(words)
      ? words
      : rng.pick([
          `Banque Exemple : ${words}`,
          `${words} (Banque Exemple)`,
          `Franchement Banque Exemple… ${words}`,
          `${words} #BanqueExemple`,
        ]);
    const id = snowflake(at);
    const sent = fakes.x?.emit(
      buildXStreamPost({
        tweetId: id,
        author: { id: writer.id, screenName: writer.handle, name: writer.name },
        text: body.slice(0, 280),
        at,
      }),
    );
    return { platform: 'x_stream', channel: 'x', move: 'x_stream', itemId: id, threadKey: id, status: sent ? 200 : 0 };
  }

  async function sendMention(at: Date): Promise<SentItem> {
    const mediaId = snowflake(at);
    const commentId = rng.chance(0.5) ? snowflake(at) : undefined;
    const status = await post(
      'meta',
      JSON.stringify(buildInstagramMention({ instagramId: options.meta.instagramId, mediaId, commentId, at })),
    );
    return {
      platform: 'meta',
      channel: 'instagram',
      move: 'instagram_mention',
      itemId: `mention:${commentId ?? mediaId}`,
      threadKey: `mention:${mediaId}`,
      status,
    };
  }

  /** The author deletes one of their Facebook comments; the archive keeps it, marked deleted. */
  async function sendDeletion(at: Date, opts: SendOptions): Promise<SentItem> {
    const candidates = threads.filter((t) => t.channel === 'facebook' && t.lastItemId !== t.root).slice(-40);
    if (candidates.length === 0) return sendMessage('facebook', null, at, { ...opts, pagePost: false });
    const thread = rng.pick(candidates);
    const commentId = thread.lastItemId;
    const body = buildPageFeedCommentChange({
      pageId: options.meta.pageId,
      postId: thread.root,
      commentId,
      author: thread.writer,
      verb: 'remove',
      at,
    });
    const status = await post('meta', JSON.stringify(body));
    // The next comment in this thread answers the post again, not the deleted comment.
    thread.lastItemId = thread.root;
    return {
      platform: 'meta',
      channel: 'facebook',
      move: 'facebook_delete',
      itemId: `${commentId}:deleted`,
      threadKey: thread.root,
      status,
    };
  }

  /** A Play review edited by its author, preferably one the bank answered: the conversation reopens. */
  async function sendPlayEdit(at: Date, opts: SendOptions): Promise<SentItem> {
    const play = fakes.googlePlay;
    if (!play || playReviews.length === 0) return sendReview('google_play', at, opts);
    const replied = new Set((play.replies ?? []).map((r) => r.reviewId));
    const answered = playReviews.filter((r) => replied.has(r.id));
    const target = rng.pick(answered.length > 0 ? answered : playReviews);
    const edited = editedReview(rng, target.review);
    play.editReview(target.id, { text: edited.text, starRating: edited.stars });
    target.review = edited;
    return {
      platform: 'google_play',
      channel: 'google_play',
      move: 'google_play_edit',
      itemId: `${target.id}:edited:${++editSequence}`,
      threadKey: target.id,
      status: 200,
      rating: edited.stars,
    };
  }

  async function sendOne(opts: SendOptions = {}): Promise<SentItem> {
    const at = opts.at ?? new Date();
    const requested = opts.move ?? opts.channel;
    if (requested && !available(requested)) throw new Error(`the simulator has no fake platform for ${requested}`);
    const requestedChannel = requested ? MOVE_CHANNEL[requested] : null;
    const continuable = (t: Thread) => CONTINUABLE.has(t.channel) && (requested === undefined || requested === t.channel);
    const candidates = requested && requested !== requestedChannel ? [] : threads.filter(continuable);
    const continues = !opts.author && candidates.length > 0 && rng.chance(opts.continueShare ?? 0.3);
    const thread = continues ? rng.pick(candidates.slice(-40)) : null;
    const move: SimulatedMove = thread?.channel ?? requested ?? rng.weighted(moveMix);
    switch (move) {
      case 'trustpilot':
      case 'google_play':
      case 'app_store':
        return sendReview(move, at, opts);
      case 'live_chat':
        return sendLiveChat(thread);
      case 'x_stream':
        return sendStreamPost(at);
      case 'instagram_mention':
        return sendMention(at);
      case 'facebook_delete':
        return sendDeletion(at, opts);
      case 'google_play_edit':
        return sendPlayEdit(at, opts);
      default:
        return sendMessage(move, thread, at, opts);
    }
  }

  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  return {
    sendOne,
    start(ratePerMinute) {
      if (timer || ratePerMinute <= 0) return;
      timer = setInterval(() => {
        // A slow server must not make sends pile up without bound.
        if (inFlight >= 20) return;
        inFlight++;
        sendOne()
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => inFlight--);
      }, 60_000 / ratePerMinute);
      // Never keep a process alive just to simulate traffic.
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
