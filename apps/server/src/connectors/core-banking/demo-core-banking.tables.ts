import type { ColumnType } from 'kysely';

type DefaultedTs = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
// bigint columns come back as strings from pg and as numbers from PGlite: read them with Number().
type Cents = ColumnType<string | number, number, number>;

export interface DemoCoreAccountsTable {
  id: string;
  bank_id: string;
  client_id: string;
  label: string;
  kind: 'current' | 'savings' | 'loan';
  iban: string;
  balance_cents: Cents;
  currency: ColumnType<string, string | undefined, string>;
  created_at: DefaultedTs;
}
export interface DemoCoreHoldsTable {
  id: string;
  bank_id: string;
  account_id: string;
  amount_cents: Cents;
  reference: string;
  status: ColumnType<'held' | 'released' | 'captured', 'held' | 'released' | 'captured' | undefined, 'held' | 'released' | 'captured'>;
  created_at: DefaultedTs;
  settled_at: NullableTs;
}
export interface DemoCoreCreditsTable {
  bank_id: string;
  reference: string;
  account_id: string;
  amount_cents: Cents;
  created_at: DefaultedTs;
}

// The demo core-banking system's own tables (migration 0021).
declare module '../../platform/db/db.types.ts' {
  interface DB {
    demo_core_accounts: DemoCoreAccountsTable;
    demo_core_holds: DemoCoreHoldsTable;
    demo_core_credits: DemoCoreCreditsTable;
  }
}
