import type { ColumnType } from 'kysely';

type DefaultedTs = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type MailStatus = 'queued' | 'sent' | 'kept' | 'failed';

export interface OutgoingMailTable {
  id: string;
  bank_id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: ColumnType<MailStatus, MailStatus | undefined, MailStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: DefaultedTs;
  last_error: string | null;
  created_at: DefaultedTs;
  sent_at: NullableTs;
}

// The platform owns this table (migration 0015): its type joins the database's here.
declare module '../db/db.types.ts' {
  interface DB {
    outgoing_mail: OutgoingMailTable;
  }
}
