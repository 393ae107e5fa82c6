import { approvalDecisionSchema, rejectionSchema } from '@agora/contracts/conversation.schema.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { APPROVER_ROLES, decideApproval, listPendingApprovals } from './reply-approval.service.ts';

export async function registerApprovalRoutes(app: FastifyInstance, deps: AppDeps) {
  const auth = { preHandler: requireStaff(APPROVER_ROLES) };
  const tags = ['approvals'];
  app.get('/api/approvals', { ...auth, schema: { tags, summary: 'Public replies waiting for a second person' } }, async (request) => ({
    items: await listPendingApprovals(deps, principalOf(request)),
  }));
  app.post<{ Params: { messageId: string } }>(
    '/api/approvals/:messageId/approve',
    { ...auth, schema: { tags, summary: 'Approve: the reply goes out' } },
    async (request, reply) => {
      const input = approvalDecisionSchema.parse(request.body ?? {});
      await decideApproval(deps, principalOf(request), request.params.messageId, { approve: true, comment: input.comment });
      return reply.status(204).send();
    },
  );
  app.post<{ Params: { messageId: string } }>(
    '/api/approvals/:messageId/reject',
    { ...auth, schema: { tags, summary: 'Reject with a comment: never sent' } },
    async (request, reply) => {
      const input = rejectionSchema.parse(request.body);
      await decideApproval(deps, principalOf(request), request.params.messageId, { approve: false, comment: input.comment });
      return reply.status(204).send();
    },
  );
}
