import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { seedTestBank } from '../../platform/testing/test-app.ts';
import { buildActiveClient } from '../../platform/testing/test-clients.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { type CoreBankingError, maskIban } from './core-banking.types.ts';
import { createDemoCoreBanking, demoIban } from './demo-core-banking.ts';

describe.each(testDatabaseTargets())('demo core banking on $name', ({ open }) => {
  let database: Database;
  let bankId: string;

  beforeAll(async () => {
    database = await open();
    bankId = (await seedTestBank(database)).bankId;
  });
  afterAll(() => database.close());

  const currentAccount = async (clientId: string) => {
    const accounts = await createDemoCoreBanking(database).listAccounts(bankId, clientId);
    const account = accounts.find((a) => a.kind === 'current');
    if (!account) throw new Error('no current account');
    return account;
  };

  it("lists a client's accounts with masked IBANs, and nobody else's", async () => {
    const core = createDemoCoreBanking(database);
    const client = await buildActiveClient(database, bankId, { withAccounts: true });
    const other = await buildActiveClient(database, bankId, { withAccounts: true });
    const accounts = await core.listAccounts(bankId, client.clientId);
    expect(accounts.map((a) => a.kind).sort()).toEqual(['current', 'savings']);
    for (const a of accounts) expect(a.ibanMasked).toMatch(/^FR\d\d •••• •••• \d{4}$/);
    const otherIds = (await core.listAccounts(bankId, other.clientId)).map((a) => a.id);
    for (const a of accounts) expect(otherIds).not.toContain(a.id);
    await expect(
      core.hold({ bankId, clientId: client.clientId, accountId: otherIds[0] ?? '', amountCents: 100, reference: 'x' }),
    ).rejects.toMatchObject({
      code: 'unknown_account',
    });
  });

  it('holds are idempotent per reference, reduce the available balance, and never overspend under concurrency', async () => {
    const core = createDemoCoreBanking(database);
    const client = await buildActiveClient(database, bankId, { withAccounts: true });
    const account = await currentAccount(client.clientId);
    expect(account.availableCents).toBe(250_000);
    const movement = {
      bankId,
      clientId: client.clientId,
      accountId: account.id,
      amountCents: 100_000,
      reference: `pledge-${client.clientId}`,
    };
    const first = await core.hold(movement);
    const again = await core.hold(movement);
    expect(again.holdId).toBe(first.holdId);
    expect((await currentAccount(client.clientId)).availableCents).toBe(150_000);
    // 20 holds of 10,000 cents at once on 150,000 available: exactly 15 succeed.
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => core.hold({ ...movement, amountCents: 10_000, reference: `burst-${client.clientId}-${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(15);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as CoreBankingError).code).toBe('insufficient_funds');
    expect((await currentAccount(client.clientId)).availableCents).toBe(0);
  });

  it('release gives back, capture debits once, credit pays once per reference', async () => {
    const core = createDemoCoreBanking(database);
    const client = await buildActiveClient(database, bankId, { withAccounts: true });
    const account = await currentAccount(client.clientId);
    const base = { bankId, clientId: client.clientId, accountId: account.id };
    const a = await core.hold({ ...base, amountCents: 50_000, reference: `a-${client.clientId}` });
    const b = await core.hold({ ...base, amountCents: 30_000, reference: `b-${client.clientId}` });
    await core.releaseHold(bankId, a.holdId);
    await core.releaseHold(bankId, a.holdId);
    await core.captureHold(bankId, b.holdId);
    await core.captureHold(bankId, b.holdId);
    await expect(core.captureHold(bankId, a.holdId)).rejects.toMatchObject({ code: 'hold_settled' });
    let now = await currentAccount(client.clientId);
    expect(now).toMatchObject({ balanceCents: 220_000, availableCents: 220_000 });
    await core.credit({ ...base, amountCents: 1_234, reference: `r-${client.clientId}` });
    await core.credit({ ...base, amountCents: 1_234, reference: `r-${client.clientId}` });
    now = await currentAccount(client.clientId);
    expect(now.balanceCents).toBe(221_234);
  });

  it('demo IBANs carry a valid ISO 13616 checksum', () => {
    for (const seed of [1, 2, 77, 12345]) {
      const iban = demoIban(seed).replace(/\s/g, '');
      const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
      let remainder = 0;
      for (const d of rearranged) remainder = (remainder * 10 + Number(d)) % 97;
      expect(remainder).toBe(1);
      expect(iban).toHaveLength(27);
    }
    expect(maskIban('FR76 3000 6000 0112 3456 7890 189')).toBe('FR76 •••• •••• 0189');
  });
});
