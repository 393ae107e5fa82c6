import { z } from 'zod';

/** The platforms a bank connects; one card each on the channel settings screen. */
export const channelPlatformSchema = z.enum(['meta', 'x', 'trustpilot', 'google_play', 'app_store', 'live_chat', 'forum']);
export type ChannelPlatform = z.infer<typeof channelPlatformSchema>;
export const CHANNEL_PLATFORMS = channelPlatformSchema.options;

export interface CredentialField {
  name: string;
  /** Secrets are only ever shown masked and never sent back; identifiers are shown in full. */
  secret: boolean;
  /** Multi-line input (PEM private keys). */
  multiline?: boolean;
}

/** The credentials of each platform, in the order the form shows them. */
export const CREDENTIAL_FIELDS: Record<ChannelPlatform, CredentialField[]> = {
  meta: [
    { name: 'pageId', secret: false },
    { name: 'instagramId', secret: false },
    { name: 'appSecret', secret: true },
    { name: 'verifyToken', secret: true },
    { name: 'pageAccessToken', secret: true },
  ],
  x: [
    { name: 'accountId', secret: false },
    { name: 'consumerKey', secret: true },
    { name: 'consumerSecret', secret: true },
    { name: 'accessToken', secret: true },
    { name: 'accessTokenSecret', secret: true },
  ],
  trustpilot: [
    { name: 'businessUnitId', secret: false },
    { name: 'apiKey', secret: true },
    { name: 'apiSecret', secret: true },
    { name: 'webhookSecret', secret: true },
  ],
  google_play: [
    { name: 'packageName', secret: false },
    { name: 'serviceAccountEmail', secret: false },
    { name: 'privateKey', secret: true, multiline: true },
  ],
  app_store: [
    { name: 'appId', secret: false },
    { name: 'keyId', secret: false },
    { name: 'issuerId', secret: false },
    { name: 'privateKey', secret: true, multiline: true },
  ],
  live_chat: [],
  forum: [],
};

const value = z.string().trim().min(1, 'ne doit pas être vide').max(8000);
const pem = z
  .string()
  .trim()
  .max(8000)
  .regex(/^-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----$/, 'doit être une clé privée PEM (PKCS#8, « BEGIN PRIVATE KEY »)');
const atLeast16 = value.min(16, 'doit comporter au moins 16 caractères');

/**
 * What an admin sends. Every field is optional: a field left empty keeps the stored value, so a
 * form never needs the secrets back; the merged set must be complete (checked by the server).
 */
export const channelCredentialsSchemas = {
  meta: z
    .strictObject({ appSecret: atLeast16, verifyToken: atLeast16, pageId: value, instagramId: value, pageAccessToken: atLeast16 })
    .partial(),
  x: z
    .strictObject({ consumerKey: value, consumerSecret: atLeast16, accessToken: value, accessTokenSecret: atLeast16, accountId: value })
    .partial(),
  trustpilot: z.strictObject({ businessUnitId: value, apiKey: value, apiSecret: atLeast16, webhookSecret: atLeast16 }).partial(),
  google_play: z
    .strictObject({ packageName: value, serviceAccountEmail: z.string().trim().email('doit être une adresse e-mail'), privateKey: pem })
    .partial(),
  app_store: z.strictObject({ appId: value, keyId: value, issuerId: value, privateKey: pem }).partial(),
  live_chat: z.strictObject({}),
  forum: z.strictObject({}),
} satisfies Record<ChannelPlatform, z.ZodType>;

export const updateChannelCredentialsSchema = z.object({ credentials: z.record(z.string(), z.string()) });
export type UpdateChannelCredentialsRequest = { credentials: Record<string, string> };

export const channelHealthSchema = z.object({
  lastEventAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  /** null: unknown, or a token that does not expire (Meta Page tokens). */
  tokenExpiresAt: z.string().nullable(),
  /** Raw deliveries stored but not yet ingested (they wait while the channel is paused). */
  pendingDeliveries: z.number().int(),
  failedRepliesLast24h: z.number().int(),
});

export const channelViewSchema = z.object({
  platform: channelPlatformSchema,
  displayName: z.string(),
  status: z.enum(['active', 'paused']),
  connected: z.boolean(),
  /** Where the credentials come from: saved on this screen, the server's environment, or nowhere. */
  credentialsSource: z.enum(['stored', 'environment', 'none']),
  /** Per field: identifiers in full, secrets as "••••••3f9a". Never a secret. */
  maskedCredentials: z.record(z.string(), z.string()),
  health: channelHealthSchema,
  updatedAt: z.string().nullable(),
});
export type ChannelView = z.infer<typeof channelViewSchema>;
export type ChannelHealth = z.infer<typeof channelHealthSchema>;
