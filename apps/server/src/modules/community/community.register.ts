import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import { registerCommunityGateway } from './community.gateway.ts';
import { registerCommunityRoutes } from './community.routes.ts';
import { registerCommunityPages } from './community-pages.routes.ts';
import { registerCommunityProgrammeRoutes } from './community-programme.routes.ts';
import { ensureCommunityCategories } from './community-setup.ts';

/** Everything the community serves: its API, its live socket, and its public server-rendered pages. */
export async function registerCommunity(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await ensureCommunityCategories(deps, deps.bankId);
  await registerCommunityRoutes(app, deps);
  await registerCommunityProgrammeRoutes(app, deps);
  await registerCommunityGateway(app, deps);
  await registerCommunityPages(app, deps);
}
