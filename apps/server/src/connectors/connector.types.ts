import type { Attachment, Channel } from '@agora/contracts/common.schema.ts';

/**
 * The one interface every platform implements. Adding a platform touches one folder:
 * connectors/<platform>/ (webhook.ts verify + parse, mapper.ts, client.ts, fake-server.ts).
 */
export type Platform = 'meta' | 'x' | 'trustpilot' | 'google_play' | 'app_store' | 'live_chat' | 'forum';

/** Which platform carries a channel. */
export const PLATFORM_OF_CHANNEL: Record<Channel, Platform> = {
  facebook: 'meta',
  messenger: 'meta',
  instagram: 'meta',
  instagram_dm: 'meta',
  x: 'x',
  x_dm: 'x',
  trustpilot: 'trustpilot',
  google_play: 'google_play',
  app_store: 'app_store',
  live_chat: 'live_chat',
  forum: 'forum',
};

export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface HandshakeResult {
  status: number;
  contentType: 'text/plain' | 'application/json';
  body: string;
}

export interface AuthorRef {
  platformUserId: string;
  handle: string | null;
  displayName: string;
  profileUrl: string | null;
  avatarUrl: string | null;
}

/** One item of a delivery, normalised. `itemId` dedupes it: mid, comment id, post id, tweet id, DM id. */
export type NormalizedItem =
  | {
      kind: 'message';
      itemId: string;
      channel: Channel;
      conversationKind: 'public' | 'private';
      /** The platform thread: root post/tweet for public threads, the other party's id for DMs. */
      threadKey: string;
      platformMessageId: string;
      /** What a public reply to this message must target (comment id, tweet id). */
      replyToPlatformId: string | null;
      author: AuthorRef;
      /** True when the bank's own account wrote it (echoes of our replies): stored, never a new inbound. */
      fromBank: boolean;
      body: string;
      attachments: Attachment[];
      createdAt: string;
      /** Reviews: stars (1–5) and title. */
      rating?: number | null;
      title?: string | null;
    }
  | {
      /**
       * A change to an item already received: an edited comment or review, a deletion, a
       * moderation. `itemId` names the change itself (e.g. `<id>:edited:<time>`) so that a replay
       * of the same change is a no-op while a later edit is applied.
       */
      kind: 'update';
      itemId: string;
      channel: Channel;
      threadKey: string;
      platformMessageId: string;
      change: 'edited' | 'deleted' | 'hidden' | 'unhidden';
      body?: string;
      rating?: number | null;
      title?: string | null;
      at: string;
    }
  | { kind: 'ignored'; itemId: string; reason: string };

export class MalformedPayloadError extends Error {}

export interface OutboundReply {
  channel: Channel;
  mode: 'public' | 'private';
  threadKey: string;
  replyToPlatformId: string | null;
  recipientPlatformUserId: string;
  body: string;
  /** Stable across retries of the same reply. */
  idempotencyKey: string;
  /** When the person last wrote: Meta needs a message tag (HUMAN_AGENT) past the 24-hour window. */
  lastInboundAt: Date | null;
  /** Who wrote it (null: an automatic message); the forum shows "Conseiller officiel" with the first name. */
  author?: { firstName: string } | null;
}

export type DeliveryFailureKind = 'rate_limited' | 'server_error' | 'timeout' | 'network' | 'rejected';

/** Thrown by a client. `retryable` false means the platform refused the content or the auth. */
export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryFailureKind,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
  get retryable() {
    return this.kind !== 'rejected';
  }
}

export interface ReplyContext {
  conversationKind: 'public' | 'private';
  /** When the person last wrote: messaging windows (Messenger, Instagram: 24 h) count from it. */
  lastInboundAt: Date | null;
  now: Date;
}

export interface ReplyOptions {
  /** What the composer may offer now. Empty: nothing can be sent (the notice says why). */
  modes: ('public' | 'private')[];
  /** Longest reply the platform accepts, and how it counts (X weighs URLs and some scripts). */
  maxLength: number;
  counting: 'characters' | 'x-weighted';
  /** Shown above the composer, e.g. the 24-hour window closed. */
  notice: string | null;
}

/** One page of items fetched from a platform API, kept exactly as the platform returned it. */
export interface PolledPage {
  rawBody: Buffer;
}

export interface Connector {
  readonly platform: Platform;
  /** GET on the webhook URL: Meta's hub.challenge, X's CRC. Pollers answer 404. */
  handshake(query: Record<string, string | undefined>): HandshakeResult;
  /** Checks the signature (or token) on the raw body, in constant time. */
  verify(request: WebhookRequest): boolean;
  /** Parses and maps a verified body or a polled page. Throws MalformedPayloadError on bad JSON or shape. */
  parse(rawBody: Buffer): NormalizedItem[];
  /** What a reply on this channel may be, now. */
  replyOptions(channel: Channel, context: ReplyContext): ReplyOptions;
  /** Posts a reply through the platform's API; resolves with the platform's id of the new item. */
  send(reply: OutboundReply): Promise<{ platformMessageId: string }>;
  /**
   * After a crash between the platform call and our commit, the outcome is unknown: looks for
   * the reply on the platform before any retry, so that it is never posted twice.
   */
  findSent?(reply: OutboundReply): Promise<{ platformMessageId: string } | null>;
  /** Moderation on the platform (Facebook and Instagram comments). */
  moderate?(action: 'hide' | 'unhide', channel: Channel, platformMessageId: string): Promise<void>;
  /**
   * The people behind bare platform ids (Messenger PSID, Instagram IGSID: their webhooks carry no
   * name), asked together: one result per id, in order. Never throws: a failure is that id's result.
   */
  lookupProfiles?(channel: Channel, platformUserIds: string[]): Promise<ProfileLookup[]>;
  /**
   * Pollers (app stores, review sync): fetches what is new since `cursor`. Pages and the next
   * cursor are committed together, so nothing is lost or doubled across polls and restarts.
   */
  poll?(cursor: string | null, now: Date): Promise<{ pages: PolledPage[]; cursor: string | null }>;
  readonly pollIntervalMs?: number;
}

export interface PlatformProfile {
  displayName: string;
  handle: string | null;
  avatarUrl: string | null;
  profileUrl: string | null;
}

/**
 * A profile lookup's result for one id: the profile, null when the platform has no profile for it
 * or refuses to share it, or the failure of that lookup (retryable or not, as for a reply).
 */
export type ProfileLookup = PlatformProfile | null | DeliveryError;

export type ConnectorRegistry = ReadonlyMap<Platform, Connector>;
