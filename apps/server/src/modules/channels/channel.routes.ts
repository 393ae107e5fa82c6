import { updateChannelCredentialsSchema } from '@agora/contracts/channels.schema.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { parseWith } from '../../platform/http/error-handler.ts';
import { listChannels, parsePlatform, pausedPlatforms, setChannelStatus, updateChannelCredentials } from './channel.service.ts';

type PlatformParams = { Params: { platform: string } };

/** Channel settings (admin): credentials encrypted at rest and shown masked, health, pause/resume. */
export async function registerChannelRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // A web node has no worker loop reading channel states: webhooks do it (cached, a few seconds),
  // so credentials saved on another node reach this one's connectors too.
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/webhooks/')) await pausedPlatforms(deps).catch(() => undefined);
  });
  const adminOnly = { preHandler: requireStaff(['admin']) };
  app.get('/api/admin/channels', adminOnly, async (request) => ({ items: await listChannels(deps, principalOf(request).bankId) }));
  app.put<PlatformParams>('/api/admin/channels/:platform', adminOnly, async (request) => {
    const { credentials } = parseWith(updateChannelCredentialsSchema, request.body);
    return updateChannelCredentials(deps, principalOf(request), parsePlatform(request.params.platform), credentials);
  });
  app.post<PlatformParams>('/api/admin/channels/:platform/pause', adminOnly, async (request) =>
    setChannelStatus(deps, principalOf(request), parsePlatform(request.params.platform), 'paused'),
  );
  app.post<PlatformParams>('/api/admin/channels/:platform/resume', adminOnly, async (request) =>
    setChannelStatus(deps, principalOf(request), parsePlatform(request.params.platform), 'active'),
  );
}
