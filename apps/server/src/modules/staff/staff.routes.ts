import type { LoginResponse } from '@agora/contracts/auth.schema.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import { clearSessionCookie, setSessionCookie } from '../../platform/auth/staff-auth.plugin.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import type { ResolvedSession } from '../../platform/auth/staff-session.service.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import { staffErrors } from './staff.errors.ts';
import {
  acceptInviteSchema,
  inviteStaffSchema,
  loginRequestSchema,
  staffIdParamsSchema,
  totpEnableRequestSchema,
  updateStaffSchema,
} from './staff.schema.ts';
import {
  acceptInvitation,
  inviteStaff,
  listStaffDirectory,
  listStaffUsers,
  listTeams,
  resetStaffPassword,
  updateStaff,
} from './staff.service.ts';
import { enableTotp, getMe, login, logout, startTotpSetup } from './staff-login.service.ts';

// Per-route limits, applied when the app registers @fastify/rate-limit; the database lockout
// counters are the real guard (they hold across processes).
const PUBLIC_FORM_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };

function sessionOf(request: FastifyRequest): ResolvedSession {
  if (!request.staffSession) throw staffErrors.notSignedIn();
  return request.staffSession;
}

/** Sign-in, second factor, invitations, and the admin's management of staff accounts. */
export async function registerStaffRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post('/api/auth/login', { config: PUBLIC_FORM_LIMIT }, async (request, reply): Promise<LoginResponse> => {
    const input = parseWith(loginRequestSchema, request.body);
    const outcome = await login(deps, input, { ip: request.ip, currentTokenHash: request.staffSession?.tokenHash ?? null });
    if (outcome.status === 'totp_required') return { status: 'totp_required' };
    setSessionCookie(request, reply, deps, outcome.session.token);
    if (outcome.status === 'totp_setup_required') return { status: 'totp_setup_required', csrfToken: outcome.session.csrfToken };
    return { status: 'ok', me: outcome.me };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    // Ends this session on the server at once; without one, it only clears the cookie.
    if (request.staffSession) await logout(deps, request.staffSession, request.ip);
    clearSessionCookie(request, reply, deps);
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { preHandler: requireStaff() }, async (request) => getMe(deps, sessionOf(request)));

  // Both accept a pending session: that is how a production admin without TOTP sets it up.
  app.post('/api/auth/totp/setup', async (request) => startTotpSetup(deps, sessionOf(request)));
  app.post('/api/auth/totp/enable', async (request, reply): Promise<LoginResponse> => {
    const { code } = parseWith(totpEnableRequestSchema, request.body);
    const { me, newSession } = await enableTotp(deps, sessionOf(request), code);
    if (newSession) setSessionCookie(request, reply, deps, newSession.token);
    return { status: 'ok', me };
  });

  app.post('/api/auth/accept-invite', { config: PUBLIC_FORM_LIMIT }, async (request, reply) => {
    await acceptInvitation(deps, parseWith(acceptInviteSchema, request.body), request.ip);
    return reply.status(204).send();
  });

  app.get('/api/teams', { preHandler: requireStaff() }, async (request) => listTeams(deps, principalOf(request)));
  app.get('/api/staff', { preHandler: requireStaff() }, async (request) => listStaffDirectory(deps, principalOf(request)));

  const adminOnly = { preHandler: requireStaff(['admin']) };
  app.get('/api/admin/users', adminOnly, async (request) => listStaffUsers(deps, principalOf(request)));
  app.post('/api/admin/users', adminOnly, async (request, reply) => {
    const result = await inviteStaff(deps, principalOf(request), parseWith(inviteStaffSchema, request.body));
    return reply.status(201).send(result);
  });
  app.patch('/api/admin/users/:id', adminOnly, async (request) => {
    const { id } = parseWith(staffIdParamsSchema, request.params);
    return updateStaff(deps, principalOf(request), id, parseWith(updateStaffSchema, request.body));
  });
  app.post('/api/admin/users/:id/reset-password', adminOnly, async (request) => {
    const { id } = parseWith(staffIdParamsSchema, request.params);
    return resetStaffPassword(deps, principalOf(request), id);
  });
}
