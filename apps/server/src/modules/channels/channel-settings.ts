import { type ChannelPlatform, CREDENTIAL_FIELDS } from '@agora/contracts/channels.schema.ts';
import type { Config } from '../../config.ts';

export const DISPLAY_NAMES: Record<ChannelPlatform, string> = {
  meta: 'Facebook et Instagram',
  x: 'X',
  trustpilot: 'Trustpilot',
  google_play: 'Google Play',
  app_store: 'App Store',
  live_chat: 'Chat en ligne',
  forum: 'Forum de la communauté',
};

/** The environment setting each credential overrides. */
const ENV_NAMES: Record<ChannelPlatform, Record<string, keyof Config>> = {
  meta: {
    appSecret: 'META_APP_SECRET',
    verifyToken: 'META_VERIFY_TOKEN',
    pageId: 'META_PAGE_ID',
    instagramId: 'META_INSTAGRAM_ID',
    pageAccessToken: 'META_PAGE_ACCESS_TOKEN',
  },
  x: {
    consumerKey: 'X_CONSUMER_KEY',
    consumerSecret: 'X_CONSUMER_SECRET',
    accessToken: 'X_ACCESS_TOKEN',
    accessTokenSecret: 'X_ACCESS_TOKEN_SECRET',
    accountId: 'X_ACCOUNT_ID',
  },
  trustpilot: {
    businessUnitId: 'TRUSTPILOT_BUSINESS_UNIT_ID',
    apiKey: 'TRUSTPILOT_API_KEY',
    apiSecret: 'TRUSTPILOT_API_SECRET',
    webhookSecret: 'TRUSTPILOT_WEBHOOK_SECRET',
  },
  google_play: {
    packageName: 'GOOGLE_PLAY_PACKAGE_NAME',
    serviceAccountEmail: 'GOOGLE_PLAY_SERVICE_ACCOUNT_EMAIL',
    privateKey: 'GOOGLE_PLAY_PRIVATE_KEY',
  },
  app_store: { appId: 'APP_STORE_APP_ID', keyId: 'APP_STORE_KEY_ID', issuerId: 'APP_STORE_ISSUER_ID', privateKey: 'APP_STORE_PRIVATE_KEY' },
  live_chat: {},
  forum: {},
};

/**
 * The platforms' public API addresses: in production the environment may leave them unset, and
 * credentials entered on the settings screen must still connect (demo mode points at the fakes).
 */
const PRODUCTION_API_URLS: Partial<Record<keyof Config, string>> = {
  TRUSTPILOT_API_URL: 'https://api.trustpilot.com',
  GOOGLE_PLAY_API_URL: 'https://androidpublisher.googleapis.com',
  GOOGLE_OAUTH_TOKEN_URL: 'https://oauth2.googleapis.com/token',
  APP_STORE_API_URL: 'https://api.appstoreconnect.apple.com',
};

export type Credentials = Record<string, string>;

/** The platform's credentials as the environment sets them (fields absent there are left out). */
export function environmentCredentials(config: Config, platform: ChannelPlatform): Credentials {
  const out: Credentials = {};
  for (const [field, envName] of Object.entries(ENV_NAMES[platform])) {
    const value = config[envName];
    if (typeof value === 'string' && value) out[field] = value;
  }
  return out;
}

export const missingFields = (platform: ChannelPlatform, credentials: Credentials): string[] =>
  CREDENTIAL_FIELDS[platform].filter((f) => !credentials[f.name]).map((f) => f.name);

/** A copy of the configuration with the stored credentials of `platform` over the environment's. */
export function configWithCredentials(config: Config, platform: ChannelPlatform, stored: Credentials): Config {
  const merged: Record<string, unknown> = { ...config };
  for (const [field, envName] of Object.entries(ENV_NAMES[platform])) {
    if (stored[field]) merged[envName] = stored[field];
  }
  for (const [name, url] of Object.entries(PRODUCTION_API_URLS)) merged[name] ??= url;
  return merged as Config;
}

const MASK = '••••••';

/**
 * What the screen may show of a credential: an identifier in full, a secret by its last four
 * characters (for a PEM key, the last four of its base64 body: the armour lines are the same for
 * every key).
 */
export function maskCredential(platform: ChannelPlatform, field: string, value: string): string {
  const spec = CREDENTIAL_FIELDS[platform].find((f) => f.name === field);
  if (spec && !spec.secret) return value;
  const body = value.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  // A short secret shows nothing of itself: four characters of eight would be half of it.
  return body.length >= 12 ? `${MASK}${body.slice(-4)}` : MASK;
}

export function maskCredentials(platform: ChannelPlatform, credentials: Credentials): Record<string, string> {
  return Object.fromEntries(
    CREDENTIAL_FIELDS[platform]
      .filter((f) => credentials[f.name])
      .map((f) => [f.name, maskCredential(platform, f.name, credentials[f.name]!)]),
  );
}
