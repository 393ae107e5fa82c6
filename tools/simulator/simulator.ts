import { randomBytes, randomInt } from 'node:crypto';
import { type Corpus, type CorpusMessage, createCorpus, type MessageStyle } from './corpus.ts';
import type { CorpusAuthor } from './corpus-authors.ts';
import {
  buildInstagramComment,
  buildInstagramDirectMessage,
  buildMessengerMessage,
  buildPageFeedComment,
  buildPageFeedPost,
  buildXDirectMessage,
  buildXMention,
} from './payload-builders.ts';
import { postWebhook, type WebhookPlatform } from './webhook-signer.ts';

export type SimulatedChannel = 'facebook' | 'messenger' | 'instagram' | 'instagram_dm' | 'x' | 'x_dm';

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
  onError?: (error: unknown) => void;
}

export interface SendOptions {
  /** When the platform says the message was written (default now): the seed backdates. */
  at?: Date;
  channel?: SimulatedChannel;
  /** Probability of continuing an existing thread instead of opening one (default 0.3). */
  continueShare?: number;
  /** Opens a new thread written by this known contact (its network must match `channel`). */
  author?: SimulatorContact;
  /** Facebook only: a visitor post on the Page (its own thread) rather than a comment. */
  pagePost?: boolean;
}

export interface SentItem {
  platform: WebhookPlatform;
  channel: SimulatedChannel;
  itemId: string;
  threadKey: string;
  status: number;
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
}

const CHANNEL_MIX: readonly (readonly [SimulatedChannel, number])[] = [
  ['facebook', 22],
  ['messenger', 20],
  ['instagram', 14],
  ['instagram_dm', 10],
  ['x', 22],
  ['x_dm', 12],
];
const STYLE: Record<SimulatedChannel, MessageStyle> = {
  facebook: 'comment',
  messenger: 'dm',
  instagram: 'comment',
  instagram_dm: 'dm',
  x: 'tweet',
  x_dm: 'dm',
};
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
    const network = channel.startsWith('instagram') ? 'instagram' : channel.startsWith('x') ? 'x' : 'facebook';
    const contacts = (options.contacts ?? []).filter((c) =>
      network === 'x' ? c.platform === 'x' : c.platform === 'meta' && (c.network ?? 'facebook') === network,
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
    }
  }

  async function sendOne(opts: SendOptions = {}): Promise<SentItem> {
    const at = opts.at ?? new Date();
    const candidates = opts.channel ? threads.filter((t) => t.channel === opts.channel) : threads;
    const continues = !opts.author && candidates.length > 0 && rng.chance(opts.continueShare ?? 0.3);
    const thread = continues ? rng.pick(candidates.slice(-40)) : null;
    const channel = thread?.channel ?? opts.channel ?? rng.weighted(CHANNEL_MIX);
    const built = build(channel, thread, at, opts);
    const rawBody = JSON.stringify(built.body);
    const status = await post(built.platform, rawBody);
    if (thread) thread.lastItemId = built.itemId;
    else threads.push({ channel, writer: built.writer, root: built.root, lastItemId: built.itemId });
    // Only recent threads are continued; keep the memory bounded for a simulator running for days.
    if (threads.length > 500) threads.splice(0, threads.length - 500);
    const threadKey = built.root || built.writer.id;
    return { platform: built.platform, channel, itemId: built.itemId, threadKey, status };
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
