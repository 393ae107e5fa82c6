import { z } from 'zod';
import { segmentSchema } from './client-360.schema.ts';

/** One widget's place on the grid (react-grid-layout's item, only what we keep). */
export const widgetLayoutItemSchema = z.object({
  /** The widget's id in the web app's registry (features/personal-space/widget-registry.ts). */
  i: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Identifiant de widget invalide'),
  x: z.number().int().min(0).max(11),
  y: z.number().int().min(0).max(500),
  w: z.number().int().min(1).max(12),
  h: z.number().int().min(1).max(20),
});
export type WidgetLayoutItem = z.infer<typeof widgetLayoutItemSchema>;

const layoutList = z
  .array(widgetLayoutItemSchema)
  .max(30, '30 widgets au plus')
  .refine((items) => new Set(items.map((i) => i.i)).size === items.length, 'Un widget figure deux fois');

/** The wide grid (12 columns) and, once reordered on a phone, the single column. */
export const widgetLayoutsSchema = z.object({
  lg: layoutList.refine((items) => items.every((i) => i.x + i.w <= 12), 'Un widget dépasse la grille'),
  sm: layoutList.optional(),
});
export type WidgetLayouts = z.infer<typeof widgetLayoutsSchema>;

export const personalSpaceSchema = z.object({
  /** Decides the default arrangement while the client has saved none. */
  segment: segmentSchema,
  layouts: widgetLayoutsSchema.nullable(),
  updatedAt: z.string().nullable(),
});
export type PersonalSpace = z.infer<typeof personalSpaceSchema>;

export const clientAccountSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['current', 'savings', 'loan']),
  ibanMasked: z.string(),
  balanceCents: z.number(),
  availableCents: z.number(),
  currency: z.literal('EUR'),
});
export type ClientAccountSummary = z.infer<typeof clientAccountSchema>;

export const clientProfileSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  birthDate: z.string().nullable(),
});
export type ClientProfile = z.infer<typeof clientProfileSchema>;

/** The contact details a client changes themselves (a sensitive action: both factors again). */
export const clientContactChangeSchema = z
  .object({
    email: z.string().trim().toLowerCase().email('Adresse e-mail invalide').max(254).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 .-]{6,20}$/, 'Numéro de téléphone invalide')
      .nullable()
      .optional(),
  })
  .refine((v) => v.email !== undefined || v.phone !== undefined, 'Rien à modifier');
export type ClientContactChange = z.infer<typeof clientContactChangeSchema>;

export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** Synced across the client's devices (a passkey manager) or bound to one device. */
  synced: z.boolean(),
});
export type Passkey = z.infer<typeof passkeySchema>;

export const passkeyRegistrationSchema = z.object({
  name: z.string().trim().min(1, 'Donnez un nom à cette clé').max(60),
  /** The attestation as @simplewebauthn/browser's startRegistration returns it. */
  response: z.record(z.string(), z.unknown()),
});
