import { DeliveryError, type OutboundReply } from '../connector.types.ts';

export interface MetaClientOptions {
  pageId: string;
  instagramId: string;
  pageAccessToken: string;
  graphUrl: string;
  /** Per-request limit; a reply that hangs must not hold a worker. */
  timeoutMs?: number;
}

export interface MetaClient {
  send(reply: OutboundReply): Promise<{ platformMessageId: string }>;
}

export const GRAPH_VERSION = 'v21.0';

/** Graph error codes that mean "too many calls" even when the HTTP status is 400 or 403. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const isBusinessUseCaseLimit = (code: number) => code >= 80001 && code <= 80014;

interface GraphRequest {
  path: string;
  body: Record<string, unknown>;
}

/** Which Graph call carries a reply, per channel and mode. */
export function graphRequestFor(reply: OutboundReply, ids: { pageId: string; instagramId: string }): GraphRequest {
  const target = reply.replyToPlatformId ?? reply.threadKey;
  const text = { text: reply.body };
  const dm = (accountId: string, recipient: Record<string, string>) => ({
    path: `/${accountId}/messages`,
    body: { recipient, messaging_type: 'RESPONSE', message: text },
  });
  switch (`${reply.channel}:${reply.mode}`) {
    case 'facebook:public':
      return { path: `/${target}/comments`, body: { message: reply.body } };
    case 'facebook:private':
      // Private Replies: the post itself has no comment id, its author is reached through post_id.
      return dm(ids.pageId, target === reply.threadKey ? { post_id: target } : { comment_id: target });
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
 * (one of Graph's documented ways) so the token never lands in URLs or access logs.
 * Graph has no idempotency key; retries are made safe upstream.
 */
export function createMetaClient(options: MetaClientOptions): MetaClient {
  const base = `${options.graphUrl.replace(/\/+$/, '')}/${GRAPH_VERSION}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(reply) {
      const request = graphRequestFor(reply, options);
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${base}${request.path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.pageAccessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(request.body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const name = (error as { name?: string } | null)?.name;
        if (name === 'TimeoutError' || name === 'AbortError') throw new DeliveryError('timeout', `Meta n'a pas répondu en ${timeoutMs} ms`);
        throw new DeliveryError('network', 'Meta injoignable (erreur réseau)');
      }
      const json = safeJson(text);
      if (response.ok) {
        const id = (json.id ?? json.message_id) as string | undefined;
        // A 2xx without an id means we cannot track the message: a platform fault, retryable.
        if (!id) throw new DeliveryError('server_error', 'Meta a répondu sans identifiant de message');
        return { platformMessageId: id };
      }
      throw graphError(response, json);
    },
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
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

function graphError(response: Response, json: Record<string, unknown>): DeliveryError {
  const error = (json.error ?? {}) as { message?: string; code?: number };
  const code = Number(error.code);
  if (response.status === 429 || RATE_LIMIT_CODES.has(code) || isBusinessUseCaseLimit(code)) {
    return new DeliveryError(
      'rate_limited',
      'Meta limite le débit de la Page ; nouvel essai plus tard',
      retryAfterMsFrom(response.headers),
    );
  }
  if (response.status >= 500) return new DeliveryError('server_error', `Meta en erreur (${response.status})`);
  const detail = error.message ?? `HTTP ${response.status}`;
  if (code === 190 || response.status === 401) {
    return new DeliveryError('rejected', `Meta refuse le jeton d'accès de la Page (à renouveler) : ${detail}`);
  }
  return new DeliveryError('rejected', `Meta a refusé la réponse : ${detail}`);
}
