import {
  type Client360,
  clientNoteInputSchema,
  type PortfolioPage,
  portfolioQuerySchema,
  type TimelinePage,
  timelineQuerySchema,
  unlinkIdentitySchema,
} from '@agora/contracts/client-360.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import { getClient360 } from './client-360.service.ts';
import { relinkIdentity, unlinkIdentity } from './client-identities.service.ts';
import { addClientNote } from './client-notes.service.ts';
import { listPortfolioAdvisors, readPortfolio } from './client-portfolio.service.ts';
import { readTimeline } from './client-timeline.service.ts';

const uuid = z.string().uuid('Identifiant invalide');
const idParams = z.object({ id: uuid });

/**
 * The advisor's workstation: a client's 360 (profile, identities, segment, one timeline), notes,
 * the portfolio, and the admin's unlinking of a social identity. Every route needs a staff
 * session; the object-level rule (client-access.ts) runs in each service.
 */
export async function registerClient360Routes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const staff = { preHandler: requireStaff() };
  const admins = { preHandler: requireStaff(['admin']) };

  app.get('/api/clients/:id', staff, async (request): Promise<Client360> => {
    const { id } = parseWith(idParams, request.params);
    return getClient360(deps, principalOf(request), id);
  });

  app.get('/api/clients/:id/timeline', staff, async (request): Promise<TimelinePage> => {
    const { id } = parseWith(idParams, request.params);
    return readTimeline(deps, principalOf(request), id, parseWith(timelineQuerySchema, request.query));
  });

  app.post('/api/clients/:id/notes', staff, async (request, reply) => {
    const { id } = parseWith(idParams, request.params);
    const { body } = parseWith(clientNoteInputSchema, request.body);
    return reply.status(201).send(await addClientNote(deps, principalOf(request), id, body));
  });

  app.post('/api/clients/:id/identities/:contactId/unlink', admins, async (request) => {
    const { id, contactId } = parseWith(z.object({ id: uuid, contactId: uuid }), request.params);
    const { reason } = parseWith(unlinkIdentitySchema, request.body);
    return unlinkIdentity(deps, principalOf(request), id, contactId, reason);
  });

  app.post('/api/clients/:id/unlinks/:unlinkId/relink', admins, async (request, reply) => {
    const { id, unlinkId } = parseWith(z.object({ id: uuid, unlinkId: uuid }), request.params);
    await relinkIdentity(deps, principalOf(request), id, unlinkId);
    return reply.status(204).send();
  });

  app.get('/api/portfolio', staff, async (request): Promise<PortfolioPage> => {
    return readPortfolio(deps, principalOf(request), parseWith(portfolioQuerySchema, request.query));
  });

  app.get('/api/portfolio/advisors', staff, async (request) => listPortfolioAdvisors(deps, principalOf(request)));
}
