import type { ColumnType } from 'kysely';

type DefaultedTs = ColumnType<Date, Date | string | undefined, Date | string>;
type Ts = ColumnType<Date, Date | string, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type Segment = 'social' | 'web' | 'silent';

export interface ClientNotesTable {
  id: string;
  bank_id: string;
  client_id: string;
  author_id: string;
  body: string;
  created_at: DefaultedTs;
}

export interface ClientSegmentsTable {
  client_id: string;
  bank_id: string;
  segment: Segment;
  social_count: Defaulted<number>;
  web_count: Defaulted<number>;
  computed_at: DefaultedTs;
  dirty: Defaulted<boolean>;
}

export interface ClientSpaceVisitsTable {
  client_id: string;
  bank_id: string;
  day: ColumnType<string, string, string>;
}

export interface ClientIdentityUnlinksTable {
  id: string;
  bank_id: string;
  client_id: string;
  contact_id: string;
  reason: string;
  unlinked_by: string;
  unlinked_at: DefaultedTs;
  relinked_by: string | null;
  relinked_at: NullableTs;
}

export interface WidgetLayoutItem {
  i: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface StoredWidgetLayouts {
  lg: WidgetLayoutItem[];
  sm?: WidgetLayoutItem[];
}

export interface ClientWidgetLayoutsTable {
  client_id: string;
  bank_id: string;
  layouts: ColumnType<StoredWidgetLayouts, string, string>;
  updated_at: DefaultedTs;
}

export interface ClientPasskeysTable {
  id: string;
  bank_id: string;
  client_id: string;
  credential_id: string;
  public_key: string;
  sign_count: Defaulted<string | number>;
  transports: ColumnType<string[], string | undefined, string>;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: Defaulted<boolean>;
  name: string;
  created_at: DefaultedTs;
  last_used_at: NullableTs;
}

export interface ClientWebauthnChallengesTable {
  challenge_hash: string;
  bank_id: string;
  client_id: string | null;
  purpose: 'register' | 'login';
  expires_at: Ts;
  used_at: NullableTs;
  created_at: DefaultedTs;
}

// The advisor workstation's and the personal space's tables (migrations 0022-0024).
declare module '../../platform/db/db.types.ts' {
  interface DB {
    client_notes: ClientNotesTable;
    client_segments: ClientSegmentsTable;
    client_space_visits: ClientSpaceVisitsTable;
    client_identity_unlinks: ClientIdentityUnlinksTable;
    client_widget_layouts: ClientWidgetLayoutsTable;
    client_passkeys: ClientPasskeysTable;
    client_webauthn_challenges: ClientWebauthnChallengesTable;
  }
}
