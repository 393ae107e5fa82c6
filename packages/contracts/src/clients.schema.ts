import { z } from 'zod';

const email = z.string().trim().toLowerCase().email('Adresse e-mail invalide').max(254);
const totpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Le code doit comporter 6 chiffres');
const password = z.string().min(1, 'Mot de passe requis').max(1024);
/** A new password: long rather than clever (NIST 800-63B), and not one the breach lists know first. */
export const newClientPasswordSchema = z
  .string()
  .min(12, 'Choisissez un mot de passe d’au moins 12 caractères.')
  .max(200, 'Ce mot de passe est trop long (200 caractères au plus).');

/**
 * Sign-in to the secure space: e-mail, password and a second factor in one request, so the answer
 * never says which of them was wrong. Without a factor, the server only answers which it accepts.
 */
export const clientLoginSchema = z.object({
  email,
  password,
  totp: totpCode.optional(),
  /** A WebAuthn assertion (passkey), as @simplewebauthn/browser returns it. */
  passkey: z.record(z.string(), z.unknown()).optional(),
});
export type ClientLogin = z.infer<typeof clientLoginSchema>;

export const clientMeSchema = z.object({
  clientId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  advisor: z.object({ id: z.string(), displayName: z.string(), firstName: z.string() }).nullable(),
  csrfToken: z.string(),
  /** When the session ends unless the client does something (the screen warns a minute before). */
  idleExpiresAt: z.string(),
  idleMinutes: z.number(),
});
export type ClientMe = z.infer<typeof clientMeSchema>;

export type ClientLoginResponse = { status: 'second_factor_required'; methods: ('totp' | 'passkey')[] } | { status: 'ok'; me: ClientMe };

export const clientActivationSchema = z.object({
  token: z.string().min(10).max(200),
  password: newClientPasswordSchema,
  totp: totpCode,
});
export type ClientActivation = z.infer<typeof clientActivationSchema>;

export const clientReauthSchema = z.object({
  password,
  totp: totpCode.optional(),
  passkey: z.record(z.string(), z.unknown()).optional(),
});

export const createClientSchema = z.object({
  firstName: z.string().trim().min(1, 'Prénom requis').max(100),
  lastName: z.string().trim().min(1, 'Nom requis').max(100),
  email,
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{6,20}$/, 'Numéro de téléphone invalide')
    .optional(),
  birthDate: z.iso.date('Date de naissance invalide (AAAA-MM-JJ)').optional(),
  /** Defaults to the advisor who creates the record; an admin names one. */
  advisorId: z.string().uuid().optional(),
});
export type CreateClient = z.infer<typeof createClientSchema>;
