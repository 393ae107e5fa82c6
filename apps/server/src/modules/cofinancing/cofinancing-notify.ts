import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import type { PledgeStatus } from './cofinancing.tables.ts';

/**
 * Mails every investor of a project (one mail per client, whatever their number of pledges), in
 * the caller's transaction: the mail leaves if and only if the state change it tells commits.
 */
export async function notifyInvestors(
  tx: Kysely<DB> | Transaction<DB>,
  bankId: string,
  projectId: string,
  statuses: PledgeStatus[],
  mail: { kind: string; subject: string; text: (firstName: string) => string },
): Promise<number> {
  const investors = await tx
    .selectFrom('cofin_pledges as p')
    .innerJoin('clients as c', 'c.id', 'p.client_id')
    .select(['c.first_name', 'c.email'])
    .distinct()
    .where('p.bank_id', '=', bankId)
    .where('p.project_id', '=', projectId)
    .where('p.status', 'in', statuses)
    .execute();
  let sent = 0;
  for (const investor of investors) {
    if (!investor.email) continue;
    await queueMail(tx, bankId, { to: investor.email, kind: mail.kind, subject: mail.subject, text: mail.text(investor.first_name) });
    sent++;
  }
  return sent;
}
