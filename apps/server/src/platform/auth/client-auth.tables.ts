import type { ColumnType } from 'kysely';

type DefaultedTs = ColumnType<Date, Date | string | undefined, Date | string>;
type Ts = ColumnType<Date, Date | string, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type ClientAccountStatus = 'invited' | 'active' | 'disabled';

export interface ClientAccountsTable {
  client_id: string;
  bank_id: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: Defaulted<boolean>;
  /** The TOTP time step last accepted (migration 0024): a code is never accepted twice. */
  totp_last_step: ColumnType<string | number | null, number | null | undefined, number | null>;
  status: Defaulted<ClientAccountStatus>;
  failed_login_count: Defaulted<number>;
  locked_until: NullableTs;
  activated_at: NullableTs;
  created_at: DefaultedTs;
}

export interface ClientSessionsTable {
  token_hash: string;
  client_id: string;
  bank_id: string;
  csrf_token: string;
  created_at: DefaultedTs;
  last_seen_at: DefaultedTs;
  expires_at: Ts;
  reauthenticated_at: DefaultedTs;
}

export interface ClientInvitationsTable {
  token_hash: string;
  client_id: string;
  bank_id: string;
  purpose: 'activate' | 'reset';
  created_by: string | null;
  expires_at: Ts;
  used_at: NullableTs;
  created_at: DefaultedTs;
}

// The client accounts' tables (migration 0020): typed here, beside the sessions that use them.
declare module '../db/db.types.ts' {
  interface DB {
    client_accounts: ClientAccountsTable;
    client_sessions: ClientSessionsTable;
    client_invitations: ClientInvitationsTable;
  }
}
