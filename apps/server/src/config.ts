import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Agora reads from its environment, validated once at start. In demo mode
 * (NODE_ENV other than production) missing secrets are generated once and kept in DATA_DIR,
 * so a restart keeps sessions and webhook signatures valid; in production each one is required.
 */
const secret = (description: string) => z.string().min(16, 'doit comporter au moins 16 caractères').describe(`${description} (secret)`);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('production requires every secret'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port'),
  HOST: z.string().default('0.0.0.0').describe('interface to listen on'),
  PUBLIC_URL: z.string().url().optional().describe('URL people use to reach Agora (default http://localhost:PORT)'),
  DATA_DIR: z.string().default('./data').describe('embedded database and generated demo secrets'),
  DATABASE_URL: z.string().url().optional().describe('Postgres server; embedded PGlite in DATA_DIR when unset'),
  NATS_URL: z.string().optional().describe('NATS JetStream for events across processes; in-process bus when unset'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AGORA_SESSION_SECRET: secret('signs session cookies'),
  AGORA_ADMIN_EMAIL: z.string().email().optional().describe('first admin, created at start if absent'),
  AGORA_ADMIN_PASSWORD: z.string().min(12, 'doit comporter au moins 12 caractères').optional().describe('first admin password (secret)'),
  AGORA_SIMULATOR: z.enum(['on', 'off']).default('on').describe('simulated platform traffic (demo mode only)'),
  AGORA_SIMULATOR_RATE: z.coerce.number().min(0).max(6000).default(4).describe('simulated messages per minute'),
  AGORA_DEMO_SEED: z.enum(['on', 'off']).default('on').describe('seed the demo bank on first start (demo mode only)'),
  META_APP_SECRET: secret('verifies X-Hub-Signature-256 of Meta webhooks'),
  META_VERIFY_TOKEN: secret('answers the Meta subscription handshake'),
  META_PAGE_ID: z.string().min(1).describe('the bank Facebook Page id'),
  META_INSTAGRAM_ID: z.string().min(1).default('17841400000000001').describe('the bank Instagram professional account id'),
  META_PAGE_ACCESS_TOKEN: secret('Page access token for the Graph API'),
  META_GRAPH_URL: z.string().url().describe('Graph API base URL (the local fake in demo mode)'),
  X_CONSUMER_KEY: z.string().min(1).describe('X app consumer key'),
  X_CONSUMER_SECRET: secret('X app consumer secret: CRC and webhook signatures'),
  X_ACCESS_TOKEN: z.string().min(1).describe('X user access token of the bank account'),
  X_ACCESS_TOKEN_SECRET: secret('X user access token secret'),
  X_ACCOUNT_ID: z.string().min(1).describe('X user id of the bank account'),
  X_API_URL: z.string().url().describe('X API base URL (the local fake in demo mode)'),
  X_BEARER_TOKEN: z
    .string()
    .min(16)
    .optional()
    .describe('X app-only Bearer token: filtered stream of posts about the bank (secret); no stream when unset'),
  X_STREAM_RULES: z.string().optional().describe('filtered-stream rules separated by ";" (default: the bank name and its hashtag)'),
  // Review platforms and the master key. A platform whose settings are absent is simply not
  // connected (production); demo mode connects every one of them to its local fake.
  AGORA_MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'doit être 32 octets en base64url (43 caractères)')
    .describe('wraps the data keys that encrypt credentials and secure messages (secret)'),
  SECURE_LINK_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(168)
    .default(24)
    .describe('how long a secure-space link sent in a private social reply stays valid (hours, single use)'),
  AGORA_MASTER_KEYS_RETIRED: z
    .string()
    .regex(/^([A-Za-z0-9_-]{43})(,[A-Za-z0-9_-]{43})*$/, 'clés de 32 octets en base64url, séparées par des virgules')
    .optional()
    .describe('master keys replaced by a rotation, comma-separated: still unwrap until `npm run keys:rotate` is done (secret)'),
  TRUSTPILOT_API_URL: z.string().url().optional().describe('Trustpilot API base URL'),
  TRUSTPILOT_BUSINESS_UNIT_ID: z.string().min(1).optional().describe('the bank on Trustpilot'),
  TRUSTPILOT_API_KEY: z.string().min(1).optional().describe('Trustpilot API key (client id)'),
  TRUSTPILOT_API_SECRET: z.string().min(16).optional().describe('Trustpilot API secret (secret)'),
  TRUSTPILOT_WEBHOOK_SECRET: z.string().min(16).optional().describe('authenticates Trustpilot webhook deliveries (secret)'),
  TRUSTPILOT_POLL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(86_400)
    .default(600)
    .describe('how often the Trustpilot sync catches reviews webhooks missed'),
  GOOGLE_PLAY_API_URL: z.string().url().optional().describe('Google Play Developer API base URL'),
  GOOGLE_OAUTH_TOKEN_URL: z.string().url().optional().describe('Google OAuth 2.0 token endpoint'),
  GOOGLE_PLAY_PACKAGE_NAME: z.string().min(1).optional().describe('the bank app package name'),
  GOOGLE_PLAY_SERVICE_ACCOUNT_EMAIL: z.string().min(1).optional().describe('service account of the Play Console'),
  GOOGLE_PLAY_PRIVATE_KEY: z.string().min(1).optional().describe('service account private key, PEM (secret)'),
  GOOGLE_PLAY_POLL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900).describe('how often Google Play reviews are read'),
  APP_STORE_API_URL: z.string().url().optional().describe('App Store Connect API base URL'),
  APP_STORE_APP_ID: z.string().min(1).optional().describe('the bank app id on App Store Connect'),
  APP_STORE_KEY_ID: z.string().min(1).optional().describe('App Store Connect API key id'),
  APP_STORE_ISSUER_ID: z.string().min(1).optional().describe('App Store Connect issuer id'),
  APP_STORE_PRIVATE_KEY: z.string().min(1).optional().describe('App Store Connect API private key, ES256 PEM (secret)'),
  APP_STORE_POLL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900).describe('how often App Store reviews are read'),
  // The bank's own live chat (widget.js on the bank's site).
  LIVE_CHAT_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .describe("origins of the bank's pages that embed the chat widget, comma-separated (default: Agora's own origin, for the demo page)"),
  LIVE_CHAT_OPENING_HOURS: z
    .string()
    .default('mon-fri 09:00-18:00')
    .describe('when advisors answer the chat, e.g. "mon-fri 09:00-18:00; sat 09:00-12:00", or always/never'),
  LIVE_CHAT_TIMEZONE: z.string().default('Europe/Paris').describe('time zone of the opening hours'),
  LIVE_CHAT_HOLIDAYS: z.string().default('FR').describe('country whose public holidays close the chat (date-holidays code), or "none"'),
  LIVE_CHAT_PRECHAT: z.enum(['on', 'off']).default('on').describe('ask name, e-mail and topic before a chat'),
  CLIENT_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60)
    .default(5)
    .describe("minutes without activity after which a client's secure-space session ends (a warning comes a minute before)"),
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'un nom de domaine, sans schéma ni port')
    .optional()
    .describe("domain clients' passkeys are bound to; the host of PUBLIC_URL when unset (a parent domain shares them across subdomains)"),
  // Outgoing e-mail (reminders, alerts, invitations). Without SMTP_URL mail is kept, not sent:
  // the demo shows it in its mail viewer.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'doit commencer par smtp:// ou smtps://')
    .optional()
    .describe('SMTP server, e.g. smtp://user:password@smtp.example.org:587 (secret); mail is kept unsent when unset'),
  MAIL_FROM: z.string().min(3).default('Banque Exemple <ne-pas-repondre@banque-exemple.fr>').describe('sender of outgoing e-mail'),
  // Video appointments (modules/appointments): where the two browsers find a path to each other.
  // None by default: on one network (and in tests) direct candidates suffice, and no third party is contacted.
  MEETING_STUN_URLS: z
    .string()
    .optional()
    .describe('STUN servers for video appointments, comma-separated, e.g. stun:stun.example.org:3478'),
  MEETING_TURN_URLS: z
    .string()
    .optional()
    .describe('TURN relays for video appointments, comma-separated, e.g. turns:turn.example.org:5349'),
  MEETING_TURN_USERNAME: z.string().optional().describe('TURN user name'),
  MEETING_TURN_CREDENTIAL: z.string().optional().describe('TURN credential (secret)'),
});
export type Config = z.infer<typeof configSchema> & {
  demoMode: boolean;
  publicUrl: string;
  fakePlatformsPort: number | null;
  /** Demo mode: the file the master key was generated into (keys:rotate writes new versions there). */
  masterKeyFile: string | null;
};

const GENERATED_SECRETS = [
  'AGORA_SESSION_SECRET',
  'AGORA_MASTER_KEY',
  'TRUSTPILOT_API_SECRET',
  'TRUSTPILOT_WEBHOOK_SECRET',
  'GOOGLE_PLAY_PRIVATE_KEY',
  'APP_STORE_PRIVATE_KEY',
  'META_APP_SECRET',
  'META_VERIFY_TOKEN',
  'META_PAGE_ACCESS_TOKEN',
  'X_CONSUMER_SECRET',
  'X_ACCESS_TOKEN_SECRET',
  'X_BEARER_TOKEN',
] as const;

/** Ids of the demo bank's accounts on the (fake) platforms. */
export const DEMO_IDS = {
  META_PAGE_ID: '104857600000001',
  META_INSTAGRAM_ID: '17841400000000001',
  X_CONSUMER_KEY: 'agora-demo-consumer-key',
  X_ACCESS_TOKEN: '1500000000000000001-agorademo',
  X_ACCOUNT_ID: '1500000000000000001',
  TRUSTPILOT_BUSINESS_UNIT_ID: '5f1a2b3c4d5e6f7a8b9c0d1e',
  TRUSTPILOT_API_KEY: 'agora-demo-trustpilot-key',
  GOOGLE_PLAY_PACKAGE_NAME: 'fr.banqueexemple.app',
  GOOGLE_PLAY_SERVICE_ACCOUNT_EMAIL: 'agora-reviews@banque-exemple.iam.gserviceaccount.com',
  APP_STORE_APP_ID: '1234567890',
  APP_STORE_KEY_ID: 'DEMO2KEY01',
  APP_STORE_ISSUER_ID: '57246542-96fe-1a63-e053-0824d011072a',
} as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Demo secrets of the right kind: the app stores sign with real key pairs, as in production. */
function generateSecret(name: (typeof GENERATED_SECRETS)[number]): string {
  if (name === 'AGORA_MASTER_KEY') return randomBytes(32).toString('base64url');
  if (name === 'APP_STORE_PRIVATE_KEY') {
    return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  if (name === 'GOOGLE_PLAY_PRIVATE_KEY') {
    return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  return randomBytes(24).toString('base64url');
}

/**
 * Writes the demo secrets file whole or not at all (a temporary file renamed over it): a process
 * starting at the same moment never reads half a file.
 */
export function writeSecretsFile(file: string, secrets: Record<string, string>, options: { onlyIfAbsent?: boolean } = {}): boolean {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  try {
    if (!options.onlyIfAbsent) {
      renameSync(temporary, file);
      return true;
    }
    // The first process to create the file wins; the others use its secrets.
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

function loadDemoSecrets(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, 'demo-secrets.json');
  // Two processes may start at once on a fresh data directory: both must end with the same secrets.
  for (let attempt = 0; attempt < 3; attempt++) {
    const existed = existsSync(file);
    const stored = existed ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
    const missing = GENERATED_SECRETS.filter((name) => !stored[name]);
    if (missing.length === 0) return stored;
    for (const name of missing) stored[name] = generateSecret(name);
    if (writeSecretsFile(file, stored, { onlyIfAbsent: !existed })) return stored;
  }
  throw new Error(`${file} could not be written`);
}

/**
 * Reads the environment. `fakePlatformsPort` is where the local fakes of Meta and X listen in
 * demo mode: the default platform URLs point at them.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const isProduction = env.NODE_ENV === 'production';
  const input: Record<string, string | undefined> = { ...env };
  let fakePlatformsPort: number | null = null;
  let masterKeyFile: string | null = null;
  if (!isProduction) {
    const dataDir = input.DATA_DIR ?? './data';
    if (!input.AGORA_MASTER_KEY) masterKeyFile = path.join(dataDir, 'demo-secrets.json');
    if (GENERATED_SECRETS.some((name) => !input[name])) {
      const demoSecrets = loadDemoSecrets(dataDir);
      for (const name of GENERATED_SECRETS) input[name] ??= demoSecrets[name];
      // A rotation (npm run keys:rotate) keeps the master keys it replaced beside the new one.
      if (masterKeyFile) input.AGORA_MASTER_KEYS_RETIRED ??= demoSecrets.AGORA_MASTER_KEYS_RETIRED;
    }
    for (const [name, value] of Object.entries(DEMO_IDS)) input[name] ??= value;
    const port = Number(input.PORT ?? 3000);
    fakePlatformsPort = Number(input.AGORA_FAKE_PLATFORMS_PORT ?? (port === 0 ? 0 : port + 1));
    input.META_GRAPH_URL ??= `http://127.0.0.1:${fakePlatformsPort}/meta`;
    input.X_API_URL ??= `http://127.0.0.1:${fakePlatformsPort}/x`;
    input.TRUSTPILOT_API_URL ??= `http://127.0.0.1:${fakePlatformsPort}/trustpilot`;
    input.GOOGLE_PLAY_API_URL ??= `http://127.0.0.1:${fakePlatformsPort}/google-play`;
    input.GOOGLE_OAUTH_TOKEN_URL ??= `http://127.0.0.1:${fakePlatformsPort}/google-oauth/token`;
    input.APP_STORE_API_URL ??= `http://127.0.0.1:${fakePlatformsPort}/app-store`;
    // The demo simulator keeps adding reviews to the fakes: read them every minute, not every 10–15.
    if (input.AGORA_SIMULATOR !== 'off') {
      input.TRUSTPILOT_POLL_SECONDS ??= '60';
      input.GOOGLE_PLAY_POLL_SECONDS ??= '60';
      input.APP_STORE_POLL_SECONDS ??= '60';
    }
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = i.path.join('.');
      // Never echo a value: it may be a secret.
      return `${name}: ${input[name] === undefined ? 'manquant (requis en production)' : i.message}`;
    });
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  // The default sender is the demo bank's: a real bank must name its own before mail leaves.
  if (isProduction && c.SMTP_URL && !input.MAIL_FROM) {
    throw new ConfigError(['MAIL_FROM: manquant (requis en production quand SMTP_URL est défini)']);
  }
  return {
    ...c,
    demoMode: !isProduction,
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    fakePlatformsPort: isProduction ? null : fakePlatformsPort,
    masterKeyFile,
  };
}
