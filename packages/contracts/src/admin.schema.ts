import { z } from 'zod';
import { roleSchema } from './common.schema.ts';

export const staffUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  firstName: z.string(),
  role: roleSchema,
  teamIds: z.array(z.string()),
  active: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: z.string(),
});
export type StaffUser = z.infer<typeof staffUserSchema>;

export const teamSchema = z.object({ id: z.string(), name: z.string(), kind: z.enum(['social_care', 'advisors']) });
export type Team = z.infer<typeof teamSchema>;

export const inviteStaffSchema = z.object({
  email: z.string().trim().toLowerCase().email('Adresse e-mail invalide'),
  displayName: z.string().trim().min(1, 'Nom requis').max(120),
  firstName: z.string().trim().min(1, 'Prénom requis').max(60),
  role: roleSchema,
  teamIds: z.array(z.string().uuid()).default([]),
});
export const updateStaffSchema = z.object({
  role: roleSchema.optional(),
  teamIds: z.array(z.string().uuid()).optional(),
  active: z.boolean().optional(),
});
export const passwordSchema = z
  .string()
  .min(12, 'Le mot de passe doit comporter au moins 12 caractères')
  .max(256, 'Le mot de passe est trop long');
export const acceptInviteSchema = z.object({ token: z.string().min(10).max(200), password: passwordSchema });

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const inviteStaffResponseSchema = z.object({ user: staffUserSchema, inviteUrl: z.string() });
export type InviteStaffResponse = z.infer<typeof inviteStaffResponseSchema>;
export const resetPasswordResponseSchema = z.object({ resetUrl: z.string() });

/** What any staff member may know of a colleague (the assignee picker). */
export const staffDirectoryEntrySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  firstName: z.string(),
  role: roleSchema,
  teamIds: z.array(z.string()),
});
export type StaffDirectoryEntry = z.infer<typeof staffDirectoryEntrySchema>;

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last entry already shown: the page continues with older entries. */
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, 'Curseur invalide')
    .optional(),
  action: z.string().trim().min(1).max(100).optional(),
});
export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;
