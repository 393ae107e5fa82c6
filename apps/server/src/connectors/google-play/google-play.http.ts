import { DeliveryError } from '../connector.types.ts';

/** How Google's APIs fail, mapped to what the delivery worker and the poller act on. */
export function transportFailure(error: unknown, timeoutMs: number): DeliveryError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new DeliveryError('timeout', `Google Play n'a pas répondu en ${timeoutMs} ms`);
  return new DeliveryError('network', 'Google Play injoignable (erreur réseau)');
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** Reads the body; a body that stalls after the headers is a timeout too. */
export async function readJson(response: Response, timeoutMs: number): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportFailure(error, timeoutMs);
  }
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Google's error body: `{ error: { code, message, status } }` (or OAuth's `{ error, error_description }`). */
function messageOf(json: Record<string, unknown>, status: number): string {
  const error = json.error;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string')
    return (error as { message: string }).message;
  if (typeof json.error_description === 'string') return json.error_description;
  return `HTTP ${status}`;
}

export function httpFailure(response: Response, json: Record<string, unknown>): DeliveryError {
  if (response.status === 429) {
    return new DeliveryError('rate_limited', 'Google Play limite le débit ; nouvel essai plus tard', retryAfterMs(response.headers));
  }
  if (response.status >= 500) return new DeliveryError('server_error', `Google Play en erreur (${response.status})`);
  if (response.status === 401 || response.status === 403) {
    return new DeliveryError('rejected', `Google Play refuse l'accès du compte de service : ${messageOf(json, response.status)}`);
  }
  return new DeliveryError('rejected', `Google Play a refusé la requête : ${messageOf(json, response.status)}`);
}
