import { i18next } from '../../i18n/i18n.ts';

/** A browser's WebAuthn refusal (cancelled, timed out, no authenticator) in words a client reads. */
export function passkeyErrorMessage(error: unknown): string {
  const name = (error as { name?: string; cause?: { name?: string } })?.cause?.name ?? (error as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'AbortError') return i18next.t('clientSettings.security.cancelled');
  if (name === 'NotSupportedError') return i18next.t('clientSettings.security.unsupported');
  return error instanceof Error ? error.message : String(error);
}
