/**
 * The bank's core-banking system, as Agora needs it: a client's accounts, and holds (an amount
 * reserved on an account, later released or captured) and credits. One small interface: a bank
 * plugs its own system (an API gateway, an ESB) by implementing it; the demo adapter serves seeded
 * accounts from its own tables. Amounts are integer cents, always.
 */
export interface BankAccount {
  id: string;
  label: string;
  kind: 'current' | 'savings' | 'loan';
  /** Never the full IBAN on a screen: "FR76 •••• •••• 1234". */
  ibanMasked: string;
  balanceCents: number;
  /** Balance minus the amounts held. */
  availableCents: number;
  currency: 'EUR';
}

export interface MoneyMovement {
  bankId: string;
  clientId: string;
  accountId: string;
  amountCents: number;
  /** The caller's id for this movement (a pledge id…): repeating a call with it changes nothing. */
  reference: string;
}

export type CoreBankingErrorCode = 'unknown_account' | 'insufficient_funds' | 'unknown_hold' | 'hold_settled' | 'unavailable';

export class CoreBankingError extends Error {
  override name = 'CoreBankingError';
  constructor(
    readonly code: CoreBankingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface CoreBankingAdapter {
  listAccounts(bankId: string, clientId: string): Promise<BankAccount[]>;
  /** Reserves an amount; idempotent on `reference` (the same hold comes back). */
  hold(movement: MoneyMovement): Promise<{ holdId: string }>;
  /** Gives a held amount back; releasing twice is releasing once. */
  releaseHold(bankId: string, holdId: string): Promise<void>;
  /** Debits a held amount for good; capturing twice is capturing once. */
  captureHold(bankId: string, holdId: string): Promise<void>;
  /** Pays an amount into a client's account; idempotent on `reference`. */
  credit(movement: MoneyMovement): Promise<void>;
}

/** "FR76 3000 6000 0112 3456 7890 189" → "FR76 •••• •••• 0189". */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '');
  return `${compact.slice(0, 4)} •••• •••• ${compact.slice(-4)}`;
}
