import type { Role } from '@agora/contracts/common.schema.ts';
import { moderationRequestSchema } from '@agora/contracts/conversation.schema.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { moderateMessage } from './moderation.service.ts';

/** Who answers the public may also tidy it; advisors and compliance only read. */
const MODERATORS: readonly Role[] = ['community_manager', 'supervisor', 'admin', 'agent'];

export async function registerModerationRoutes(app: FastifyInstance, deps: AppDeps) {
  app.post<{ Params: { conversationId: string; messageId: string } }>(
    '/api/conversations/:conversationId/messages/:messageId/moderation',
    {
      preHandler: requireStaff(MODERATORS),
      schema: {
        tags: ['conversations'],
        summary: 'Hide a public comment on Facebook or Instagram from everyone but its author, or show it again',
        body: z.toJSONSchema(moderationRequestSchema, { io: 'input' }),
      },
    },
    async (request) => {
      const input = moderationRequestSchema.parse(request.body);
      return moderateMessage(deps, principalOf(request), request.params.conversationId, request.params.messageId, input);
    },
  );
}
