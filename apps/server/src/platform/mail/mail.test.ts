import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { seedTestBank } from '../testing/test-app.ts';
import { testDatabaseTargets } from '../testing/test-database.ts';
import { queueMail, sendDueMail, smtpTransport } from './mail.service.ts';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** A real SMTP server on loopback that can be told to refuse the next messages. */
async function startSmtp(): Promise<{ url: string; received: Received[]; refuseNext: (n: number) => void; close(): Promise<void> }> {
  const received: Received[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusals > 0) {
          refusals--;
          const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
          return callback(error);
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext: (n) => {
      refusals = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const FROM = 'Banque Test <ne-pas-repondre@banque-test.fr>';

describe.each(testDatabaseTargets())('outgoing mail on $name', ({ open }) => {
  let database: Database;
  let bankId: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    database = await open();
    bankId = (await seedTestBank(database)).bankId;
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
    await database.close();
  });

  const statusOf = async (id: string) =>
    database.db.selectFrom('outgoing_mail').select(['status', 'attempts', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();

  it('sends a queued mail over SMTP once, and marks it sent', async () => {
    const id = await queueMail(database.db, bankId, {
      kind: 'test.hello',
      to: 'claire.martin@example.fr',
      subject: 'Votre rendez-vous est confirmé',
      text: 'Bonjour Claire, à jeudi.',
    });
    const result = await sendDueMail(database, smtpTransport(smtp.url), FROM);
    expect(result.sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual(['claire.martin@example.fr']);
    expect(smtp.received[0]?.from).toBe('ne-pas-repondre@banque-test.fr');
    expect(smtp.received[0]?.data).toContain('Subject: =?UTF-8?Q?Votre_rendez-vous_est_confirm=C3=A9?=');
    expect(await statusOf(id)).toMatchObject({ status: 'sent', attempts: 1 });
    // A second pass finds nothing: the mail left once.
    expect((await sendDueMail(database, smtpTransport(smtp.url), FROM)).sent).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps a refused mail queued with the server reason, and retries it after the backoff', async () => {
    const before = smtp.received.length;
    smtp.refuseNext(1);
    const id = await queueMail(database.db, bankId, { kind: 'test.retry', to: 'paul@example.fr', subject: 'Rappel', text: 'Demain 10 h.' });
    const first = await sendDueMail(database, smtpTransport(smtp.url), FROM);
    expect(first.failed).toBe(1);
    expect(await statusOf(id)).toMatchObject({ status: 'queued', attempts: 1, last_error: expect.stringContaining('mailbox unavailable') });
    // Not due yet: nothing is sent right away.
    expect((await sendDueMail(database, smtpTransport(smtp.url), FROM)).sent).toBe(0);
    const later = new Date(Date.now() + 60 * 60_000);
    expect((await sendDueMail(database, smtpTransport(smtp.url), FROM, later)).sent).toBe(1);
    expect(smtp.received.length).toBe(before + 1);
    expect(await statusOf(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('keeps mail unsent when no SMTP server is configured (the demo viewer shows it)', async () => {
    const id = await queueMail(database.db, bankId, { kind: 'test.kept', to: 'lea@example.fr', subject: 'Démo', text: 'Rien ne part.' });
    const before = smtp.received.length;
    expect((await sendDueMail(database, null, FROM)).kept).toBeGreaterThanOrEqual(1);
    expect(await statusOf(id)).toMatchObject({ status: 'kept' });
    expect(smtp.received.length).toBe(before);
  });

  it('finds a mail due in the very millisecond it was queued (the sender reads its clock in milliseconds)', async () => {
    const id = await queueMail(database.db, bankId, { kind: 'test.same-ms', to: 'ines@example.fr', subject: 'Tout de suite', text: 'x' });
    const row = await database.db.selectFrom('outgoing_mail').select(['next_attempt_at']).where('id', '=', id).executeTakeFirstOrThrow();
    // JavaScript's view of the stored instant: what a sender running in that millisecond holds.
    const sameMillisecond = new Date(new Date(row.next_attempt_at).getTime());
    expect((await sendDueMail(database, null, FROM, sameMillisecond)).kept).toBeGreaterThanOrEqual(1);
    expect(await statusOf(id)).toMatchObject({ status: 'kept' });
  });

  it('refuses to queue a mail to something that is not an address, and stores nothing', async () => {
    await expect(queueMail(database.db, bankId, { kind: 'test.bad', to: 'pas une adresse', subject: 'x', text: 'y' })).rejects.toThrow(
      /adresse e-mail invalide/,
    );
    const count = await database.db
      .selectFrom('outgoing_mail')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'test.bad')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
