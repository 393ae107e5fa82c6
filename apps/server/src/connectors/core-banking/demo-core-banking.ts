import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type BankAccount, type CoreBankingAdapter, CoreBankingError, type MoneyMovement, maskIban } from './core-banking.types.ts';
import './demo-core-banking.tables.ts';

const insufficient = () => new CoreBankingError('insufficient_funds', 'Solde disponible insuffisant sur ce compte.');
const unknownAccount = () => new CoreBankingError('unknown_account', "Ce compte n'existe pas ou n'appartient pas à ce client.");

/**
 * The demo bank's core system, on Agora's own database (real Postgres, real row locks). A hold
 * takes the account's row lock, so two holds at once cannot both spend the same available euros.
 */
export function createDemoCoreBanking(database: Database): CoreBankingAdapter {
  const { db } = database;

  return {
    async listAccounts(bankId, clientId): Promise<BankAccount[]> {
      const rows = await db
        .selectFrom('demo_core_accounts as a')
        .leftJoin('demo_core_holds as h', (join) => join.onRef('h.account_id', '=', 'a.id').on('h.status', '=', 'held'))
        .select(['a.id', 'a.label', 'a.kind', 'a.iban', 'a.balance_cents', sql<string>`coalesce(sum(h.amount_cents), 0)`.as('held_cents')])
        .where('a.bank_id', '=', bankId)
        .where('a.client_id', '=', clientId)
        .groupBy(['a.id', 'a.label', 'a.kind', 'a.iban', 'a.balance_cents'])
        .orderBy('a.kind')
        .orderBy('a.label')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        label: r.label,
        kind: r.kind,
        ibanMasked: maskIban(r.iban),
        balanceCents: Number(r.balance_cents),
        availableCents: Number(r.balance_cents) - Number(r.held_cents),
        currency: 'EUR',
      }));
    },

    async hold(m: MoneyMovement) {
      if (!Number.isSafeInteger(m.amountCents) || m.amountCents <= 0) throw new CoreBankingError('insufficient_funds', 'Montant invalide.');
      return db.transaction().execute(async (tx) => {
        const account = await tx
          .selectFrom('demo_core_accounts')
          .select(['id', 'balance_cents'])
          .where('bank_id', '=', m.bankId)
          .where('client_id', '=', m.clientId)
          .where('id', '=', m.accountId)
          .forUpdate()
          .executeTakeFirst();
        if (!account) throw unknownAccount();
        const existing = await tx
          .selectFrom('demo_core_holds')
          .select(['id'])
          .where('bank_id', '=', m.bankId)
          .where('reference', '=', m.reference)
          .executeTakeFirst();
        if (existing) return { holdId: existing.id };
        const held = await tx
          .selectFrom('demo_core_holds')
          .select(sql<string>`coalesce(sum(amount_cents), 0)`.as('cents'))
          .where('account_id', '=', account.id)
          .where('status', '=', 'held')
          .executeTakeFirstOrThrow();
        if (Number(account.balance_cents) - Number(held.cents) < m.amountCents) throw insufficient();
        const holdId = randomUUID();
        await tx
          .insertInto('demo_core_holds')
          .values({ id: holdId, bank_id: m.bankId, account_id: account.id, amount_cents: m.amountCents, reference: m.reference })
          .execute();
        return { holdId };
      });
    },

    async releaseHold(bankId, holdId) {
      await settle(bankId, holdId, 'released');
    },

    async captureHold(bankId, holdId) {
      await db.transaction().execute(async (tx) => {
        const hold = await tx
          .selectFrom('demo_core_holds')
          .select(['account_id', 'amount_cents', 'status'])
          .where('bank_id', '=', bankId)
          .where('id', '=', holdId)
          .forUpdate()
          .executeTakeFirst();
        if (!hold) throw new CoreBankingError('unknown_hold', 'Réservation introuvable.');
        if (hold.status === 'captured') return;
        if (hold.status === 'released') throw new CoreBankingError('hold_settled', 'Cette réservation a déjà été libérée.');
        await tx
          .updateTable('demo_core_accounts')
          .set({ balance_cents: sql<number>`balance_cents - ${Number(hold.amount_cents)}` })
          .where('id', '=', hold.account_id)
          .execute();
        await tx.updateTable('demo_core_holds').set({ status: 'captured', settled_at: new Date() }).where('id', '=', holdId).execute();
      });
    },

    async credit(m: MoneyMovement) {
      if (!Number.isSafeInteger(m.amountCents) || m.amountCents <= 0) throw new CoreBankingError('unknown_account', 'Montant invalide.');
      await db.transaction().execute(async (tx) => {
        const account = await tx
          .selectFrom('demo_core_accounts')
          .select(['id'])
          .where('bank_id', '=', m.bankId)
          .where('client_id', '=', m.clientId)
          .where('id', '=', m.accountId)
          .executeTakeFirst();
        if (!account) throw unknownAccount();
        const inserted = await tx
          .insertInto('demo_core_credits')
          .values({ bank_id: m.bankId, reference: m.reference, account_id: account.id, amount_cents: m.amountCents })
          .onConflict((oc) => oc.columns(['bank_id', 'reference']).doNothing())
          .returning(['reference'])
          .executeTakeFirst();
        if (!inserted) return;
        await tx
          .updateTable('demo_core_accounts')
          .set({ balance_cents: sql<number>`balance_cents + ${m.amountCents}` })
          .where('id', '=', account.id)
          .execute();
      });
    },
  };

  async function settle(bankId: string, holdId: string, to: 'released') {
    const hold = await db
      .selectFrom('demo_core_holds')
      .select(['status'])
      .where('bank_id', '=', bankId)
      .where('id', '=', holdId)
      .executeTakeFirst();
    if (!hold) throw new CoreBankingError('unknown_hold', 'Réservation introuvable.');
    if (hold.status === to) return;
    if (hold.status !== 'held') throw new CoreBankingError('hold_settled', 'Cette réservation a déjà été débitée.');
    await db
      .updateTable('demo_core_holds')
      .set({ status: to, settled_at: new Date() })
      .where('id', '=', holdId)
      .where('status', '=', 'held')
      .execute();
  }
}

/** A plausible French IBAN for the demo (valid checksum, fictitious bank code). */
export function demoIban(seed: number): string {
  const bban = `30001${String(seed % 100000).padStart(5, '0')}${String(10000000000 + ((seed * 7919) % 89999999999)).slice(0, 11)}${String(seed % 97).padStart(2, '0')}`;
  const rearranged = `${bban}FR00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of rearranged) remainder = (remainder * 10 + Number(digit)) % 97;
  const check = String(98 - remainder).padStart(2, '0');
  return `FR${check}${bban}`.replace(/(.{4})/g, '$1 ').trim();
}

/** Seeds a client's demo accounts: a current account and a Livret A, with the given balances. */
export async function seedDemoAccounts(
  database: Database,
  bankId: string,
  clientId: string,
  seed: number,
  balances: { currentCents: number; savingsCents: number },
): Promise<void> {
  await database.db
    .insertInto('demo_core_accounts')
    .values([
      {
        id: randomUUID(),
        bank_id: bankId,
        client_id: clientId,
        label: 'Compte courant',
        kind: 'current',
        iban: demoIban(seed * 2 + 1),
        balance_cents: balances.currentCents,
      },
      {
        id: randomUUID(),
        bank_id: bankId,
        client_id: clientId,
        label: 'Livret A',
        kind: 'savings',
        iban: demoIban(seed * 2 + 2),
        balance_cents: balances.savingsCents,
      },
    ])
    .execute();
}
