import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { safeEqual } from '../crypto.ts';
import { errorBody } from '../http/error-handler.ts';
import {
  CLIENT_SESSION_ABSOLUTE_MS,
  CLIENT_SESSION_COOKIE,
  clientTokenFromCookieHeader,
  type ResolvedClientSession,
  resolveClientSessionToken,
} from './client-session.service.ts';
import { SESSION_COOKIE } from './staff-principal.ts';
import { type ResolvedSession, resolveSessionToken, SESSION_ABSOLUTE_MS, sessionTokenFromCookieHeader } from './staff-session.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind the cookie, pending (TOTP setup only) or full; null when none is alive. */
    staffSession: ResolvedSession | null;
    /** The secure-space session behind the client cookie (its principal is `request.client`). */
    clientSession: ResolvedClientSession | null;
  }
}

export const CSRF_HEADER = 'x-csrf-token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Public forms: there is no session yet, so only the Origin check applies.
const TOKENLESS_PATHS = new Set([
  '/api/auth/login',
  '/api/auth/accept-invite',
  '/api/client/auth/login',
  '/api/client/auth/activate',
  '/api/client/auth/activation/totp',
  '/api/client/auth/passkey/options',
]);

export interface StaffAuthOptions {
  /** Paths under /api/ called cross-site by design (a client widget): no CSRF check there. */
  csrfExemptPrefixes?: readonly string[];
  /** Where a session cookie is looked up; static files never pay the database round trip. */
  sessionPathPrefixes?: readonly string[];
}

const pathOf = (url: string) => url.split('?')[0] ?? url;

/** Same origin as the Host the browser used, or as the configured public URL (behind a proxy). */
function isSameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (!source) return false;
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return false; // "null" origins (sandboxed frames, file://) are never ours
  }
  if (url.origin === new URL(publicUrl).origin) return true;
  const host = request.headers.host;
  if (!host) return false;
  try {
    // Parsed with the origin's scheme so "example.org:443" and "example.org" compare equal.
    return new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}

const csrfRefused = (reply: FastifyReply, message: string) => reply.code(403).send(errorBody('csrf', message));

/**
 * Sets `request.staff` from the staff session cookie and `request.client` from the secure-space
 * one (a browser may hold both, e.g. a staff member testing the client space), and enforces CSRF
 * on state-changing API calls: the request must come from our own origin and, once signed in,
 * carry a CSRF token of a session this browser holds (either proves the page is ours; each route
 * then requires the principal it serves).
 * SameSite=Lax already stops most cross-site posts; these checks cover old browsers and
 * same-site subdomains. The app must register @fastify/cookie before (for reply.setCookie).
 */
export function registerStaffAuth(app: FastifyInstance, deps: AppDeps, options: StaffAuthOptions = {}): void {
  const exempt = options.csrfExemptPrefixes ?? [];
  const sessionPaths = options.sessionPathPrefixes ?? ['/api/', '/ws'];
  app.decorateRequest('staff', null);
  app.decorateRequest('staffSession', null);
  app.decorateRequest('client', null);
  app.decorateRequest('clientSession', null);
  app.addHook('onRequest', async (request, reply) => {
    request.staff = null;
    request.staffSession = null;
    request.client = null;
    request.clientSession = null;
    const path = pathOf(request.url);
    const withSessions = sessionPaths.some((p) => path.startsWith(p));
    const token = withSessions ? sessionTokenFromCookieHeader(request.headers.cookie) : null;
    if (token) {
      const session = await resolveSessionToken(deps, token);
      request.staffSession = session;
      if (session && !session.pendingTotp) request.staff = session.principal;
    }
    const clientToken = withSessions ? clientTokenFromCookieHeader(request.headers.cookie) : null;
    if (clientToken) {
      // The secure space's own polling of its session state must not keep an idle session alive,
      // nor the reads a screen makes by itself (widgets loading, refreshes after a live event):
      // those say `x-agora-passive: 1`. What the person does still moves the idle clock.
      const touch = path !== '/api/client/auth/session' && request.headers['x-agora-passive'] !== '1';
      request.clientSession = await resolveClientSessionToken(deps, clientToken, { touch });
      request.client = request.clientSession?.principal ?? null;
    }
    if (!STATE_CHANGING.has(request.method) || !path.startsWith('/api/') || exempt.some((p) => path.startsWith(p))) return;
    if (!isSameOrigin(request, deps.config.publicUrl)) {
      return csrfRefused(reply, "Requête refusée : elle ne provient pas de l'application Agora.");
    }
    const tokens = [request.staffSession?.csrfToken, request.client?.csrfToken].filter((t): t is string => !!t);
    if (tokens.length > 0 && !TOKENLESS_PATHS.has(path)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !tokens.some((t) => safeEqual(header, t))) {
        return csrfRefused(reply, 'Requête refusée : jeton de sécurité absent ou périmé. Rechargez la page.');
      }
    }
  });
}

function isHttps(request: FastifyRequest, publicUrl: string) {
  return request.protocol === 'https' || publicUrl.startsWith('https:');
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: AppDeps, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request, deps.config.publicUrl),
    path: '/',
    // The browser may forget it sooner; the server's idle and absolute clocks decide anyway.
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

/** The secure space's cookie: SameSite=Strict, since the client space is only ever used from our own pages. */
export function setClientSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: AppDeps, token: string): void {
  reply.setCookie(CLIENT_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isHttps(request, deps.config.publicUrl),
    path: '/',
    maxAge: Math.floor(CLIENT_SESSION_ABSOLUTE_MS / 1000),
  });
}

export function clearClientSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: AppDeps): void {
  reply.clearCookie(CLIENT_SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isHttps(request, deps.config.publicUrl),
    path: '/',
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: AppDeps): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isHttps(request, deps.config.publicUrl), path: '/' });
}
