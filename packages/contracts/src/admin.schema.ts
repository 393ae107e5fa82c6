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
