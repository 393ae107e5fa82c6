import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/db.types.ts';
import './mail.tables.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the mail is about, e.g. 'appointment.reminder': lets the viewer and the logs group mail. */
  kind: string;
}

/** One small interface for whatever carries mail: SMTP here; a provider's HTTP API could implement it. */
export interface MailTransport {
  send(mail: { from: string; to: string; subject: string; text: string; html?: string }): Promise<void>;
}

/** SMTP through nodemailer: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transporter.sendMail(mail);
    },
  };
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Queues a mail in the caller's transaction: it leaves if and only if its cause commits. The
 * mail worker sends it (or, without SMTP, keeps it for the demo mail viewer).
 */
export async function queueMail(db: Executor, bankId: string, mail: OutgoingMail): Promise<string> {
  if (!ADDRESS.test(mail.to)) throw new Error(`adresse e-mail invalide pour un envoi (${mail.kind})`);
  const id = randomUUID();
  await db
    .insertInto('outgoing_mail')
    .values({
      id,
      bank_id: bankId,
      kind: mail.kind,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html ?? null,
      // The sender compares with its own clock in milliseconds: the database's default now() has
      // microseconds and could put a mail queued in the same millisecond just after "now".
      next_attempt_at: new Date(),
    })
    .execute();
  return id;
}

const BATCH = 20;
const MAX_ATTEMPTS = 8;
// A claimed mail is leased for this long: if the process dies mid-send, another pass retries it.
const LEASE_MS = 5 * 60_000;
const backoffMs = (attempt: number) => Math.min(60 * 60_000, 30_000 * 2 ** (attempt - 1));

/**
 * Sends due mail. Rows are leased (next_attempt_at pushed forward) in a short transaction, sent
 * outside it, then marked: a slow SMTP server never holds a row lock, and a crash between the
 * send and the mark sends the mail again (at least once, as SMTP itself is).
 * Without a transport the mail is kept ('kept'), for the demo viewer.
 */
export async function sendDueMail(
  database: Database,
  transport: MailTransport | null,
  from: string,
  now: Date = new Date(),
): Promise<{ sent: number; failed: number; kept: number }> {
  const { db } = database;
  const due = await db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('outgoing_mail')
      .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'attempts'])
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length && transport) {
      await tx
        .updateTable('outgoing_mail')
        .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS) })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
    if (rows.length && !transport) {
      await tx
        .updateTable('outgoing_mail')
        .set({ status: 'kept' })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows;
  });
  if (!transport) return { sent: 0, failed: 0, kept: due.length };
  let sent = 0;
  let failed = 0;
  for (const mail of due) {
    try {
      await transport.send({
        from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        ...(mail.html_body ? { html: mail.html_body } : {}),
      });
      await db
        .updateTable('outgoing_mail')
        .set({ status: 'sent', sent_at: sql<Date>`now()`, attempts: mail.attempts + 1, last_error: null })
        .where('id', '=', mail.id)
        .execute();
      sent++;
    } catch (error) {
      const attempts = mail.attempts + 1;
      failed++;
      await db
        .updateTable('outgoing_mail')
        .set({
          attempts,
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
          next_attempt_at: new Date(now.getTime() + backoffMs(attempts)),
          // The SMTP server's words (e.g. "550 mailbox unavailable"), never the mail itself.
          last_error: (error as Error).message.slice(0, 500),
        })
        .where('id', '=', mail.id)
        .execute();
    }
  }
  return { sent, failed, kept: 0 };
}
