import type { AppDeps } from '../app-deps.ts';
import { createWorkLoop, type WorkLoop } from '../work-loop.ts';
import { type MailTransport, sendDueMail, smtpTransport } from './mail.service.ts';

/**
 * Sends queued mail over SMTP_URL, or keeps it for the demo viewer when no SMTP server is set.
 * Nothing wakes it: mail is not a live channel, the idle poll (2 s) is soon enough.
 */
export function createMailWorker(deps: AppDeps, transport: MailTransport | null = null): WorkLoop {
  const carrier = transport ?? (deps.config.SMTP_URL ? smtpTransport(deps.config.SMTP_URL) : null);
  return createWorkLoop('mail', deps.logger, async () => {
    const result = await sendDueMail(deps.database, carrier, deps.config.MAIL_FROM);
    if (result.failed) deps.logger.warn({ failed: result.failed }, 'mail not accepted by the SMTP server; will retry');
    return result.sent + result.kept;
  });
}
