import pino, { type Logger } from 'pino';

/**
 * JSON logs. Secrets, cookies, tokens and message bodies are redacted wherever they appear in a
 * logged object: logs are read by more people than the conversations are.
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-twitter-webhooks-signature"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.password_hash',
  '*.totp',
  '*.totp_secret',
  '*.token',
  '*.accessToken',
  '*.secret',
  '*.body',
  '*.text',
  '*.message_text',
  '*.email',
  'password',
  'body',
  'text',
  'email',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'agora' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
export type { Logger };
