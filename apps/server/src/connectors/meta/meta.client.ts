import type { Channel } from '@agora/contracts/common.schema.ts';
import { DeliveryError, type OutboundReply, type PlatformProfile, type ProfileLookup } from '../connector.types.ts';
import { MENTION_THREAD_PREFIX } from './meta.mapper.ts';

export interface MetaClientOptions {
  pageId: string;
  instagramId: string;
  pageAccessToken: string;
  graphUrl: string;
  /** Per-request limit; a reply that hangs must not hold a worker. */
  timeoutMs?: number;
  /** The clock that decides whether a DM is past the 24-hour window (tests set it). */
  now?: () => Date;
}

export interface MetaClient {
  send(reply: OutboundReply): Promise<{ platformMessageId: string }>;
  /** Hides or shows again a Facebook or Instagram comment. */
  moderate(action: 'hide' | 'unhide', channel: Channel, commentId: string): Promise<void>;
  /** Names and pictures behind PSIDs (Messenger) or IGSIDs (Instagram DM), through Graph batch requests: one result per id, in order; never throws. */
  lookupProfiles(channel: Channel, platformUserIds: string[]): Promise<ProfileLookup[]>;
  /** Our reply, if it is already on the platform (see Connector.findSent). */
  findSent(reply: OutboundReply): Promise<{ platformMessageId: string } | null>;
}

const DAY_MS = 24 * 3600_000;

/** Conversation keys may carry `#<person>` after the platform thread (one conversation per commenter). */
export const platformThreadOf = (threadKey: string) => threadKey.split('#')[0] ?? threadKey;

export const GRAPH_VERSION = 'v21.0';
/** Graph's cap on the operations of one batch request. */
export const GRAPH_BATCH_MAX = 50;

/** The User Profile API fields we read, per channel (no other channel has a profile to look up). */
const PROFILE_FIELDS: Partial<Record<Channel, string>> = {
  messenger: 'first_name,last_name,profile_pic',
  instagram_dm: 'name,username,profile_pic',
};

/** Graph error codes that mean "too many calls" even when the HTTP status is 400 or 403. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const isBusinessUseCaseLimit = (code: number) => code >= 80001 && code <= 80014;

interface GraphRequest {
  path: string;
  body: Record<string, unknown>;
}

/** Which Graph call carries a reply, per channel and mode. */
export function graphRequestFor(reply: OutboundReply, ids: { pageId: string; instagramId: string }, now = new Date()): GraphRequest {
  const thread = platformThreadOf(reply.threadKey);
  const target = reply.replyToPlatformId ?? thread;
  const text = { text: reply.body };
  // Past 24 h since the person's last message, only a human agent may still answer (7 days), and
  // the message must say so with the HUMAN_AGENT tag (Messenger and Instagram Messaging alike).
  const late = reply.lastInboundAt !== null && now.getTime() - reply.lastInboundAt.getTime() > DAY_MS;
  const dm = (accountId: string, recipient: Record<string, string>) => ({
    path: `/${accountId}/messages`,
    body: late
      ? { recipient, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: text }
      : { recipient, messaging_type: 'RESPONSE', message: text },
  });
  if (reply.channel === 'instagram' && reply.mode === 'public' && thread.startsWith(MENTION_THREAD_PREFIX)) {
    // Media of someone else where the bank was @mentioned: answered through the mentions edge.
    const mediaId = thread.slice(MENTION_THREAD_PREFIX.length);
    return {
      path: `/${ids.instagramId}/mentions`,
      body: { media_id: mediaId, ...(reply.replyToPlatformId ? { comment_id: reply.replyToPlatformId } : {}), message: reply.body },
    };
  }
  switch (`${reply.channel}:${reply.mode}`) {
    case 'facebook:public':
      return { path: `/${target}/comments`, body: { message: reply.body } };
    case 'facebook:private':
      // Private Replies: the post itself has no comment id, its author is reached through post_id.
      return dm(ids.pageId, target === thread ? { post_id: target } : { comment_id: target });
    case 'messenger:private':
      return dm(ids.pageId, { id: reply.recipientPlatformUserId });
    case 'instagram:public':
      return { path: `/${target}/replies`, body: { message: reply.body } };
    case 'instagram:private':
      return dm(ids.instagramId, { comment_id: target });
    case 'instagram_dm:private':
      return dm(ids.instagramId, { id: reply.recipientPlatformUserId });
    default:
      throw new DeliveryError(
        'rejected',
        `Meta ne permet pas une réponse ${reply.mode === 'public' ? 'publique' : 'privée'} sur ${reply.channel}`,
      );
  }
}

/**
 * Replies through the Graph API with the Page access token, sent as `Authorization: Bearer`
 * (one of Graph's documented ways) so the token never lands in URLs or access logs; batch requests
 * carry it in their POST body instead.
 * Graph has no idempotency key; retries are made safe upstream.
 */
export function createMetaClient(options: MetaClientOptions): MetaClient {
  const base = `${options.graphUrl.replace(/\/+$/, '')}/${GRAPH_VERSION}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());

  /** One HTTP call to Graph; failures come back as DeliveryError (429/5xx/timeouts retryable). */
  async function call(path: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }): Promise<unknown> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new DeliveryError('timeout', `Meta n'a pas répondu en ${timeoutMs} ms`);
      throw new DeliveryError('network', 'Meta injoignable (erreur réseau)');
    }
    const json = parseJson(text);
    if (!response.ok) throw graphError(response.status, response.headers, objectOf(json));
    return json;
  }

  async function graph(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const headers = { authorization: `Bearer ${options.pageAccessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) };
    return objectOf(await call(path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) }));
  }

  /**
   * Up to GRAPH_BATCH_MAX profile lookups in one POST to the Graph root. The batch documentation
   * only shows the token as the batch's `access_token` parameter, given once for all operations: it
   * goes in the form body, never in the URL. A failure of the call itself fails every id alike.
   */
  async function lookupBatch(channel: Channel, fields: string, ids: string[]): Promise<ProfileLookup[]> {
    const batch = ids.map((id) => ({ method: 'GET', relative_url: `${encodeURIComponent(id)}?fields=${fields}` }));
    let answer: unknown;
    try {
      answer = await call('/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          access_token: options.pageAccessToken,
          include_headers: 'false',
          batch: JSON.stringify(batch),
        }).toString(),
      });
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError('network', (error as Error).message);
      return ids.map(() => failure);
    }
    if (!Array.isArray(answer) || answer.length !== ids.length) {
      const failure = new DeliveryError('server_error', 'Meta a répondu au lot de requêtes sans une réponse par requête');
      return ids.map(() => failure);
    }
    return answer.map((element: unknown) => profileLookupOf(channel, element));
  }

  async function lookupProfiles(channel: Channel, platformUserIds: string[]): Promise<ProfileLookup[]> {
    const fields = PROFILE_FIELDS[channel];
    if (!fields) return platformUserIds.map(() => null);
    const chunks: string[][] = [];
    for (let i = 0; i < platformUserIds.length; i += GRAPH_BATCH_MAX) chunks.push(platformUserIds.slice(i, i + GRAPH_BATCH_MAX));
    return (await Promise.all(chunks.map((ids) => lookupBatch(channel, fields, ids)))).flat();
  }

  return {
    async send(reply) {
      const request = graphRequestFor(reply, options, now());
      const json = await graph('POST', request.path, request.body);
      const id = (json.id ?? json.message_id) as string | undefined;
      // A 2xx without an id means we cannot track the message: a platform fault, retryable.
      if (!id) throw new DeliveryError('server_error', 'Meta a répondu sans identifiant de message');
      return { platformMessageId: id };
    },

    async moderate(action, channel, commentId) {
      const hidden = action === 'hide';
      // Facebook's Comment node takes is_hidden; Instagram's IG Comment takes hide.
      if (channel === 'facebook') await graph('POST', `/${encodeURIComponent(commentId)}`, { is_hidden: hidden });
      else if (channel === 'instagram') await graph('POST', `/${encodeURIComponent(commentId)}`, { hide: hidden });
      else
        throw new DeliveryError(
          'rejected',
          `La modération n'existe pas sur ${channel} : seuls les commentaires Facebook et Instagram se masquent.`,
        );
    },

    lookupProfiles,

    async findSent(reply) {
      const matches = (text: unknown, authorId: unknown, own: string) => text === reply.body && authorId === own;
      const target = reply.replyToPlatformId;
      if (reply.mode === 'public' && reply.channel === 'facebook' && target) {
        const json = await graph(
          'GET',
          `/${encodeURIComponent(target)}/comments?fields=id,message,from&order=reverse_chronological&limit=100`,
        );
        const found = listOf(json).find((c) => matches(c.message, (c.from as { id?: unknown } | undefined)?.id, options.pageId));
        return found ? { platformMessageId: String(found.id) } : null;
      }
      if (
        reply.mode === 'public' &&
        reply.channel === 'instagram' &&
        target &&
        !platformThreadOf(reply.threadKey).startsWith(MENTION_THREAD_PREFIX)
      ) {
        const json = await graph('GET', `/${encodeURIComponent(target)}/replies?fields=id,text,from`);
        const found = listOf(json).find((c) => matches(c.text, (c.from as { id?: unknown } | undefined)?.id, options.instagramId));
        return found ? { platformMessageId: String(found.id) } : null;
      }
      if (reply.mode === 'private' && (reply.channel === 'messenger' || reply.channel === 'instagram_dm')) {
        const platform = reply.channel === 'messenger' ? 'messenger' : 'instagram';
        const own = reply.channel === 'messenger' ? options.pageId : options.instagramId;
        const user = encodeURIComponent(reply.recipientPlatformUserId);
        const json = await graph(
          'GET',
          `/${options.pageId}/conversations?platform=${platform}&user_id=${user}&fields=messages{id,message,from}`,
        );
        for (const conversation of listOf(json)) {
          const messages = listOf((conversation.messages ?? {}) as Record<string, unknown>);
          // Graph lists a conversation's messages newest first: the latest identical text is ours.
          const found = messages.find((m) => matches(m.message, (m.from as { id?: unknown } | undefined)?.id, own));
          if (found) return { platformMessageId: String(found.id) };
        }
        return null;
      }
      if (reply.mode === 'private' && reply.channel === 'facebook') {
        // Private Replies: Meta allows one per comment and keeps no listing we could search, but
        // the comment says whether it may still be answered privately. Used up means ours went
        // out (its message id is unknown, so the comment names it).
        const target = reply.replyToPlatformId ?? platformThreadOf(reply.threadKey);
        const json = await graph('GET', `/${encodeURIComponent(target)}?fields=can_reply_privately`);
        return json.can_reply_privately === false ? { platformMessageId: `${target}:private_reply` } : null;
      }
      // Instagram private replies: Meta refuses a second one (#10900), so a retry cannot double-post.
      return null;
    },
  };
}

/**
 * One element of a batch answer: `{ code, body }` with the body as a JSON string, or null for an
 * operation Graph did not complete (a batch that timed out), which is worth asking again.
 */
function profileLookupOf(channel: Channel, element: unknown): ProfileLookup {
  if (typeof element !== 'object' || element === null) {
    return new DeliveryError('timeout', 'Meta n’a pas terminé cette requête du lot ; nouvel essai plus tard');
  }
  const { code, body } = element as { code?: unknown; body?: unknown };
  const status = Number(code);
  const json = objectOf(typeof body === 'string' ? parseJson(body) : null);
  if (status >= 200 && status < 300) return profileOf(channel, json);
  const error = (json.error ?? {}) as { code?: unknown; error_subcode?: unknown };
  // "Object does not exist or cannot be loaded": a deleted account or one we may not see, no profile.
  if (Number(error.code) === 100 && Number(error.error_subcode) === 33) return null;
  // include_headers=false: an operation's own Retry-After is not sent back.
  return graphError(status, new Headers(), json);
}

/** The one mapping of Graph's profile fields to ours; null when Graph gave no name. */
function profileOf(channel: Channel, json: Record<string, unknown>): PlatformProfile | null {
  if (channel === 'messenger') {
    const name = [json.first_name, json.last_name].filter((part) => typeof part === 'string' && part.trim()).join(' ');
    if (!name) return null;
    return { displayName: name, handle: null, avatarUrl: stringOrNull(json.profile_pic), profileUrl: null };
  }
  const username = stringOrNull(json.username);
  const name = stringOrNull(json.name) ?? username;
  if (!name) return null;
  return {
    displayName: name,
    handle: username,
    avatarUrl: stringOrNull(json.profile_pic),
    profileUrl: username ? `https://www.instagram.com/${username}` : null,
  };
}

const stringOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const listOf = (json: Record<string, unknown>) =>
  (Array.isArray(json.data) ? json.data : []).filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
const objectOf = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function retryAfterMsFrom(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

function graphError(status: number, headers: Headers, json: Record<string, unknown>): DeliveryError {
  const error = (json.error ?? {}) as { message?: string; code?: number; error_subcode?: number };
  const code = Number(error.code);
  if (code === 10 && Number(error.error_subcode) === 2018278) {
    return new DeliveryError(
      'rejected',
      'Meta refuse le message : la fenêtre de 24 h est fermée et le message ne porte pas l’étiquette HUMAN_AGENT.',
    );
  }
  if (status === 429 || RATE_LIMIT_CODES.has(code) || isBusinessUseCaseLimit(code)) {
    return new DeliveryError('rate_limited', 'Meta limite le débit de la Page ; nouvel essai plus tard', retryAfterMsFrom(headers));
  }
  if (status >= 500) return new DeliveryError('server_error', `Meta en erreur (${status})`);
  const detail = error.message ?? `HTTP ${status}`;
  if (code === 10900)
    return new DeliveryError('rejected', 'Meta refuse : une réponse privée a déjà été envoyée à ce commentaire (une seule est permise).');
  if (code === 190 || status === 401) {
    return new DeliveryError('rejected', `Meta refuse le jeton d'accès de la Page (à renouveler) : ${detail}`);
  }
  return new DeliveryError('rejected', `Meta a refusé la réponse : ${detail}`);
}
