import { DeliveryError, type OutboundReply } from '../connector.types.ts';
import { buildOAuthHeader, type OAuthCredentials } from './x-oauth1.ts';

export interface XClientOptions {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
  apiUrl: string;
  /** Per-request limit; a reply that hangs must not hold a worker. */
  timeoutMs?: number;
}

export interface XClient {
  send(reply: OutboundReply): Promise<{ platformMessageId: string }>;
  /** Looks for a reply already posted (see findSent in connector.types.ts). */
  findSent(reply: OutboundReply, accountId: string): Promise<{ platformMessageId: string } | null>;
}

/** X rewrites links to t.co and may trim spaces: compare texts with links and spacing set aside. */
const comparable = (text: string) =>
  text
    .normalize('NFC')
    .replace(/https?:\/\/\S+/g, '<lien>')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Replies through X API v2 with OAuth 1.0a user context (the bank's account): public replies as
 * tweets, private ones as DMs. X has no idempotency key; retries are made safe upstream.
 */
export function createXClient(options: XClientOptions): XClient {
  const base = options.apiUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const credentials: OAuthCredentials = {
    consumerKey: options.consumerKey,
    consumerSecret: options.consumerSecret,
    token: options.accessToken,
    tokenSecret: options.accessTokenSecret,
  };

  async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
    return call('POST', path, body);
  }

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    const url = `${base}${path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: buildOAuthHeader(method, url, credentials),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw transportError(error, timeoutMs);
    }
    const json = safeJson(text);
    if (response.ok) return json;
    throw httpError(response, json);
  }

  return {
    async send(reply) {
      if (reply.mode === 'public' && reply.channel === 'x') {
        const inReplyTo = reply.replyToPlatformId ?? reply.threadKey;
        const json = await post('/2/tweets', { text: reply.body, reply: { in_reply_to_tweet_id: inReplyTo } });
        return { platformMessageId: requireId((json.data as { id?: string } | undefined)?.id) };
      }
      if (reply.mode === 'private' && (reply.channel === 'x' || reply.channel === 'x_dm')) {
        const participant = encodeURIComponent(reply.recipientPlatformUserId);
        const json = await post(`/2/dm_conversations/with/${participant}/messages`, { text: reply.body });
        return { platformMessageId: requireId((json.data as { dm_event_id?: string } | undefined)?.dm_event_id) };
      }
      throw new DeliveryError(
        'rejected',
        `X ne permet pas une réponse ${reply.mode === 'public' ? 'publique' : 'privée'} sur ${reply.channel}`,
      );
    },

    async findSent(reply, accountId) {
      const wanted = comparable(reply.body);
      if (reply.mode === 'public') {
        // The bank's latest tweets (GET /2/users/:id/tweets): ours is a reply to the same tweet, same words.
        const inReplyTo = reply.replyToPlatformId ?? reply.threadKey;
        const json = await call(
          'GET',
          `/2/users/${encodeURIComponent(accountId)}/tweets?max_results=100&tweet.fields=referenced_tweets,created_at`,
        );
        const tweets = (json.data ?? []) as { id: string; text?: string; referenced_tweets?: { type?: string; id?: string }[] }[];
        const found = tweets.find(
          (t) => t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === inReplyTo) && comparable(t.text ?? '') === wanted,
        );
        return found ? { platformMessageId: found.id } : null;
      }
      // The DM conversation's latest events: one we sent with the same words, after the person last wrote.
      const participant = encodeURIComponent(reply.recipientPlatformUserId);
      const json = await call(
        'GET',
        `/2/dm_conversations/with/${participant}/dm_events?max_results=100&event_types=MessageCreate&dm_event.fields=id,text,sender_id,created_at`,
      );
      const events = (json.data ?? []) as { id: string; text?: string; sender_id?: string; created_at?: string }[];
      const since = reply.lastInboundAt?.getTime() ?? 0;
      const found = events.find(
        (e) => e.sender_id === accountId && comparable(e.text ?? '') === wanted && (!e.created_at || Date.parse(e.created_at) >= since),
      );
      return found ? { platformMessageId: found.id } : null;
    },
  };
}

function requireId(id: string | undefined): string {
  // A 2xx without an id means we cannot track the message: treat it as a platform fault, retryable.
  if (!id) throw new DeliveryError('server_error', 'X a répondu sans identifiant de message');
  return id;
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function transportError(error: unknown, timeoutMs: number): DeliveryError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new DeliveryError('timeout', `X n'a pas répondu en ${timeoutMs} ms`);
  return new DeliveryError('network', 'X injoignable (erreur réseau)');
}

/** Retry-After (seconds or HTTP date) first, else X's x-rate-limit-reset (epoch seconds). */
export function retryAfterMsFrom(headers: Headers, now = Date.now()): number | null {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get('x-rate-limit-reset'));
  if (headers.get('x-rate-limit-reset') && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
  return null;
}

function httpError(response: Response, json: Record<string, unknown>): DeliveryError {
  if (response.status === 429) {
    return new DeliveryError('rate_limited', 'X limite le débit du compte ; nouvel essai plus tard', retryAfterMsFrom(response.headers));
  }
  if (response.status >= 500) return new DeliveryError('server_error', `X en erreur (${response.status})`);
  const detail = typeof json.detail === 'string' ? json.detail : typeof json.title === 'string' ? json.title : `HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) {
    return new DeliveryError('rejected', `X refuse l'authentification du compte de la banque : ${detail}`);
  }
  return new DeliveryError('rejected', `X a refusé la réponse : ${detail}`);
}
