import { z } from 'zod';
import { roleSchema } from './common.schema.ts';

export const loginRequestSchema = z.object({
  email: z.string().trim().toLowerCase().email('Adresse e-mail invalide'),
  password: z.string().min(1, 'Mot de passe requis').max(1024),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'Le code doit comporter 6 chiffres')
    .optional(),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  firstName: z.string(),
  role: roleSchema,
  teamIds: z.array(z.string()),
  totpEnabled: z.boolean(),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

/** Login answers either the signed-in user or a request for the second factor. */
export const loginResponseSchema = z.union([
  z.object({ status: z.literal('ok'), me: meSchema }),
  z.object({ status: z.literal('totp_required') }),
  // A pending session limited to TOTP setup; its CSRF token guards the setup calls.
  z.object({ status: z.literal('totp_setup_required'), csrfToken: z.string() }),
]);
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const totpSetupResponseSchema = z.object({ secret: z.string(), otpauthUrl: z.string() });
export type TotpSetupResponse = z.infer<typeof totpSetupResponseSchema>;
export const totpEnableRequestSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Le code doit comporter 6 chiffres'),
});
