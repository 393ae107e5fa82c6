import { z } from 'zod';

export { acceptInviteSchema, inviteStaffSchema, updateStaffSchema } from '@agora/contracts/admin.schema.ts';
export { loginRequestSchema, totpEnableRequestSchema } from '@agora/contracts/auth.schema.ts';

export const staffIdParamsSchema = z.object({ id: z.string().uuid('Identifiant de compte invalide') });
