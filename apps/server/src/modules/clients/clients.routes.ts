import {
  type ClientLoginResponse,
  type ClientMe,
  clientActivationSchema,
  clientLoginSchema,
  clientReauthSchema,
  createClientSchema,
} from '@agora/contracts/clients.schema.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { clientOf, requireClient } from '../../platform/auth/client-principal.ts';
import { type ResolvedClientSession, resolveClientSessionToken } from '../../platform/auth/client-session.service.ts';
import { clearClientSessionCookie, setClientSessionCookie } from '../../platform/auth/staff-auth.plugin.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import { activateClient, createClient, describeActivation, inviteClient, startActivationTotp } from './client-invitation.service.ts';
import { clientMe, loginClient, logoutClient, reauthenticateClient } from './client-login.service.ts';
import { clientErrors } from './clients.errors.ts';

// Per-route limits on the public forms; the database lockout counters are the real guard.
const PUBLIC_FORM_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };
const tokenParams = z.object({ token: z.string().min(10).max(200) });
const idParams = z.object({ id: z.string().uuid('Identifiant invalide') });

function sessionOf(request: FastifyRequest): ResolvedClientSession {
  if (!request.clientSession) throw clientErrors.invalidCredentials();
  return request.clientSession;
}

/** The secure space's sign-in, activation and session; the staff's creation and invitation of clients. */
export async function registerClientRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // ---- the client's side (no staff session involved) ----
  app.post('/api/client/auth/login', { config: PUBLIC_FORM_LIMIT }, async (request, reply): Promise<ClientLoginResponse> => {
    const input = parseWith(clientLoginSchema, request.body);
    const outcome = await loginClient(deps, input, { ip: request.ip, currentTokenHash: request.client?.sessionId ?? null });
    if (outcome.status !== 'ok') return outcome;
    setClientSessionCookie(request, reply, deps, outcome.session.token);
    const session = await resolveClientSessionToken(deps, outcome.session.token);
    if (!session) throw clientErrors.invalidCredentials();
    return { status: 'ok', me: await clientMe(deps, session) };
  });

  app.post('/api/client/auth/logout', async (request, reply) => {
    if (request.client) await logoutClient(deps, request.client, request.ip);
    clearClientSessionCookie(request, reply, deps);
    return reply.status(204).send();
  });

  // Read without moving the idle clock (the auth hook leaves this path untouched): the screen
  // polls it to warn before the session ends.
  app.get(
    '/api/client/auth/session',
    { preHandler: requireClient },
    async (request): Promise<ClientMe> => clientMe(deps, sessionOf(request)),
  );
  // "Rester connecté": any authenticated call moves the idle clock; this one exists for the button.
  app.post(
    '/api/client/auth/keepalive',
    { preHandler: requireClient },
    async (request): Promise<ClientMe> => clientMe(deps, sessionOf(request)),
  );

  app.post('/api/client/auth/reauthenticate', { preHandler: requireClient, config: PUBLIC_FORM_LIMIT }, async (request, reply) => {
    await reauthenticateClient(deps, clientOf(request), parseWith(clientReauthSchema, request.body), request.ip);
    return reply.status(204).send();
  });

  // Public on purpose: the one-time token in the link is the credential.
  app.get('/api/client/auth/activation/:token', { config: PUBLIC_FORM_LIMIT }, async (request) => {
    const { token } = parseWith(tokenParams, request.params);
    return describeActivation(deps, token);
  });
  app.post('/api/client/auth/activation/totp', { config: PUBLIC_FORM_LIMIT }, async (request) => {
    const { token } = parseWith(z.object({ token: z.string().min(10).max(200) }), request.body);
    return startActivationTotp(deps, token);
  });
  app.post('/api/client/auth/activate', { config: PUBLIC_FORM_LIMIT }, async (request, reply): Promise<ClientLoginResponse> => {
    const session = await activateClient(deps, parseWith(clientActivationSchema, request.body), request.ip);
    setClientSessionCookie(request, reply, deps, session.token);
    const resolved = await resolveClientSessionToken(deps, session.token);
    if (!resolved) throw clientErrors.invalidCredentials();
    return { status: 'ok', me: await clientMe(deps, resolved) };
  });

  // ---- the staff's side ----
  const managers = { preHandler: requireStaff(['advisor', 'admin']) };
  app.post('/api/clients', managers, async (request, reply) => {
    const created = await createClient(deps, principalOf(request), parseWith(createClientSchema, request.body));
    return reply.status(201).send(created);
  });
  app.post('/api/clients/:id/invitation', managers, async (request) => {
    const { id } = parseWith(idParams, request.params);
    return inviteClient(deps, principalOf(request), id);
  });
}
