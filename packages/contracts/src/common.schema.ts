import { z } from 'zod';

/** Every error the API returns has this shape; `message` is safe to show to a person. */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const channelSchema = z.enum([
  'facebook',
  'messenger',
  'instagram',
  'instagram_dm',
  'x',
  'x_dm',
  'trustpilot',
  'google_play',
  'app_store',
  'live_chat',
  'forum',
]);
export type Channel = z.infer<typeof channelSchema>;

export const roleSchema = z.enum(['agent', 'advisor', 'community_manager', 'supervisor', 'compliance', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** Roles that see every conversation of the bank, whatever their teams. */
export const BANK_WIDE_ROLES: readonly Role[] = ['supervisor', 'compliance', 'admin'];
/** Roles for which TOTP is mandatory in production. */
export const TOTP_REQUIRED_ROLES: readonly Role[] = ['admin', 'supervisor', 'compliance'];

export const attachmentSchema = z.object({
  type: z.enum(['image', 'video', 'audio', 'file']),
  url: z.string(),
  name: z.string().nullable(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const uuidSchema = z.string().uuid();
