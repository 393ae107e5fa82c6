/**
 * The one way the web app talks to the API: same-origin cookies, JSON both ways, the CSRF
 * token on every state-changing request, and the server's `{error:{code,message}}` turned
 * into an ApiError whose message is safe to show as is.
 */

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let csrfToken: string | null = null;

/** Set from /api/auth/me (or the login answer); sent as `x-csrf-token` on POST/PATCH/PUT/DELETE. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

const UNSAFE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

type RequestOptions = {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** A read the screen makes by itself (not the person): it does not keep an idle secure-space session alive. */
  passive?: boolean;
};

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = (options.method ?? 'GET').toUpperCase();
  // The UI language, so a server that localises its messages can answer in it.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': document.documentElement.lang || 'fr' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.passive) headers['x-agora-passive'] = '1';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', networkErrorMessage());
  }

  const text = await response.text();
  let payload: unknown = null;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (!response.ok) {
    const error = (payload as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
    const message = typeof error?.message === 'string' ? error.message : `${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, code, message);
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal }),
  passiveGet: <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal, passive: true }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

function networkErrorMessage() {
  return document.documentElement.lang === 'en'
    ? 'The server cannot be reached. Check your connection and try again.'
    : 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.';
}

/** Sends a file as raw bytes (the server sniffs its type from them); the name goes in `x-file-name`. */
export async function apiUpload<T>(path: string, file: Blob, fileName: string): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/octet-stream',
    'x-file-name': encodeURIComponent(fileName),
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: file });
  const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    throw new ApiError(response.status, payload?.error?.code ?? `http_${response.status}`, payload?.error?.message ?? response.statusText);
  }
  return payload as T;
}
