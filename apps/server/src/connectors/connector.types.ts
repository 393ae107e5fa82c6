import type { Attachment, Channel } from '@agora/contracts/common.schema.ts';

/**
 * The one interface every platform implements. Adding a platform touches one folder:
 * connectors/<platform>/ (webhook.ts verify + parse, mapper.ts, client.ts, fake-server.ts).
 */
export type Platform = 'meta' | 'x';

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

export interface Connector {
  readonly platform: Platform;
  /** GET on the webhook URL: Meta's hub.challenge, X's CRC. */
  handshake(query: Record<string, string | undefined>): HandshakeResult;
  /** Checks the signature on the raw body, in constant time. */
  verify(request: WebhookRequest): boolean;
  /** Parses and maps a verified body. Throws MalformedPayloadError on bad JSON or shape. */
  parse(rawBody: Buffer): NormalizedItem[];
  /** Which reply modes a conversation on this channel offers. */
  replyModes(channel: Channel, conversationKind: 'public' | 'private'): ('public' | 'private')[];
  /** Posts a reply through the platform's API; resolves with the platform's id of the new item. */
  send(reply: OutboundReply): Promise<{ platformMessageId: string }>;
}

export type ConnectorRegistry = ReadonlyMap<Platform, Connector>;
