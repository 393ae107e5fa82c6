import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { safeEqual } from '../crypto.ts';
import { errorBody } from '../http/error-handler.ts';
import { SESSION_COOKIE } from './staff-principal.ts';
import { type ResolvedSession, resolveSessionToken, SESSION_ABSOLUTE_MS, sessionTokenFromCookieHeader } from './staff-session.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind the cookie, pending (TOTP setup only) or full; null when none is alive. */
    staffSession: ResolvedSession | null;
  }
}

export const CSRF_HEADER = 'x-csrf-token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Public forms: there is no session yet, so only the Origin check applies.
const TOKENLESS_PATHS = new Set(['/api/auth/login', '/api/auth/accept-invite']);

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
 * Sets `request.staff` from the session cookie and enforces CSRF on state-changing API calls:
 * the request must come from our own origin and, once signed in, carry the session's CSRF token.
 * SameSite=Lax already stops most cross-site posts; these checks cover old browsers and
 * same-site subdomains. The app must register @fastify/cookie before (for reply.setCookie).
 */
export function registerStaffAuth(app: FastifyInstance, deps: AppDeps, options: StaffAuthOptions = {}): void {
  const exempt = options.csrfExemptPrefixes ?? [];
  const sessionPaths = options.sessionPathPrefixes ?? ['/api/', '/ws'];
  app.decorateRequest('staff', null);
  app.decorateRequest('staffSession', null);
  app.addHook('onRequest', async (request, reply) => {
    request.staff = null;
    request.staffSession = null;
    const path = pathOf(request.url);
    const token = sessionPaths.some((p) => path.startsWith(p)) ? sessionTokenFromCookieHeader(request.headers.cookie) : null;
    if (token) {
      const session = await resolveSessionToken(deps, token);
      request.staffSession = session;
      if (session && !session.pendingTotp) request.staff = session.principal;
    }
    if (!STATE_CHANGING.has(request.method) || !path.startsWith('/api/') || exempt.some((p) => path.startsWith(p))) return;
    if (!isSameOrigin(request, deps.config.publicUrl)) {
      return csrfRefused(reply, "Requête refusée : elle ne provient pas de l'application Agora.");
    }
    const session = request.staffSession;
    if (session && !TOKENLESS_PATHS.has(path)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
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

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: AppDeps): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isHttps(request, deps.config.publicUrl), path: '/' });
}
