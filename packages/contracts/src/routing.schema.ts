import { z } from 'zod';
import { roleSchema } from './common.schema.ts';

/** Who answers: availability, capacity, skills, team options, transfer, presence (issue 5). */
export const agentStatusSchema = z.enum(['available', 'away', 'offline']);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export const LANGUAGE_SKILLS = ['fr', 'en'] as const;
export const PRODUCT_SKILLS = ['cartes', 'comptes', 'credit', 'epargne', 'assurance', 'appli'] as const;
export const languageSkillSchema = z.enum(LANGUAGE_SKILLS);
export const productSkillSchema = z.enum(PRODUCT_SKILLS);
export type ProductSkill = z.infer<typeof productSkillSchema>;

export const skillsSchema = z.object({
  languages: z.array(languageSkillSchema).max(LANGUAGE_SKILLS.length),
  products: z.array(productSkillSchema).max(PRODUCT_SKILLS.length),
});
export type Skills = z.infer<typeof skillsSchema>;

export const myRoutingSchema = z.object({
  status: agentStatusSchema,
  capacity: z.number().int(),
  load: z.number().int(),
  skills: skillsSchema,
});
export type MyRouting = z.infer<typeof myRoutingSchema>;

/** The header switch: a person says whether they take conversations now. */
export const setStatusSchema = z.object({ status: z.enum(['available', 'away']) });

export const routingAgentSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: roleSchema,
  teamIds: z.array(z.string()),
  status: agentStatusSchema,
  capacity: z.number().int(),
  load: z.number().int(),
  skills: skillsSchema,
});
export type RoutingAgent = z.infer<typeof routingAgentSchema>;

export const updateRoutingAgentSchema = z
  .object({
    capacity: z.number().int().min(0, 'La capacité ne peut pas être négative').max(200, 'Capacité trop grande (200 au plus)').optional(),
    skills: skillsSchema.optional(),
    status: agentStatusSchema.optional(),
  })
  .refine((v) => v.capacity !== undefined || v.skills !== undefined || v.status !== undefined, 'Rien à modifier');

export const routingTeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  autoAssign: z.boolean(),
  onlyAssigneeReplies: z.boolean(),
  replyGuardSeconds: z.number().int(),
  memberIds: z.array(z.string()),
});
export type RoutingTeam = z.infer<typeof routingTeamSchema>;

export const updateRoutingTeamSchema = z
  .object({
    autoAssign: z.boolean().optional(),
    onlyAssigneeReplies: z.boolean().optional(),
    replyGuardSeconds: z.number().int().min(0).max(3600).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Rien à modifier');

export const transferRequestSchema = z
  .object({
    teamId: z.string().uuid().optional(),
    assigneeId: z.string().uuid().nullable().optional(),
    note: z.string().trim().min(1, 'Expliquez le transfert dans une note').max(2000, 'La note est trop longue'),
  })
  .refine((v) => v.teamId !== undefined || v.assigneeId !== undefined, 'Choisissez une équipe ou une personne');
export type TransferRequest = z.infer<typeof transferRequestSchema>;

export const presenceStateSchema = z.enum(['viewing', 'typing', 'left']);
export type PresenceState = z.infer<typeof presenceStateSchema>;
export const presenceRequestSchema = z.object({ state: presenceStateSchema });
export const presenceEntrySchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  state: z.enum(['viewing', 'typing']),
  at: z.string(),
});
export type PresenceEntry = z.infer<typeof presenceEntrySchema>;
