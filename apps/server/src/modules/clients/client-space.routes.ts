import {
  type ClientAccountSummary,
  type ClientProfile,
  clientContactChangeSchema,
  type Passkey,
  type PersonalSpace,
  passkeyRegistrationSchema,
  widgetLayoutsSchema,
} from '@agora/contracts/client-space.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { clientOf, requireClient } from '../../platform/auth/client-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import {
  listPasskeys,
  passkeyRegistrationOptions,
  passkeySignInOptions,
  registerPasskey,
  removePasskey,
} from './client-passkeys.service.ts';
import { changeContactDetails, listClientAccounts, readClientProfile, readPersonalSpace, saveLayouts } from './client-space.service.ts';

/**
 * The client's personal space: the widget grid's arrangement, the accounts summary, contact
 * details, passkeys. Every route but the sign-in challenge needs a client session and serves the
 * signed-in client only (no client id in any URL).
 */
export async function registerClientSpaceRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const client = { preHandler: requireClient };

  // Public on purpose: a sign-in challenge names nobody and grants nothing by itself; the
  // sign-in that spends it checks the password too and counts failures. Rate-limited since each
  // call stores a row (short-lived).
  app.post('/api/client/auth/passkey/options', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async () =>
    passkeySignInOptions(deps),
  );

  app.get('/api/client/space', client, async (request): Promise<PersonalSpace> => readPersonalSpace(deps, clientOf(request)));
  app.put('/api/client/space/layout', client, async (request) =>
    saveLayouts(deps, clientOf(request), parseWith(widgetLayoutsSchema, request.body)),
  );
  app.get('/api/client/accounts', client, async (request): Promise<ClientAccountSummary[]> => listClientAccounts(deps, clientOf(request)));

  app.get('/api/client/profile', client, async (request): Promise<ClientProfile> => readClientProfile(deps, clientOf(request)));
  app.patch(
    '/api/client/profile',
    client,
    async (request): Promise<ClientProfile> =>
      changeContactDetails(deps, clientOf(request), parseWith(clientContactChangeSchema, request.body)),
  );

  app.get('/api/client/passkeys', client, async (request): Promise<Passkey[]> => listPasskeys(deps, clientOf(request)));
  app.post('/api/client/passkeys/registration-options', client, async (request) => passkeyRegistrationOptions(deps, clientOf(request)));
  app.post('/api/client/passkeys', client, async (request, reply) => {
    const created = await registerPasskey(deps, clientOf(request), parseWith(passkeyRegistrationSchema, request.body));
    return reply.status(201).send(created);
  });
  app.delete('/api/client/passkeys/:id', client, async (request, reply) => {
    const { id } = parseWith(z.object({ id: z.string().uuid('Identifiant invalide') }), request.params);
    await removePasskey(deps, clientOf(request), id);
    return reply.status(204).send();
  });
}
