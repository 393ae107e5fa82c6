import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';

// The routing module's own tables (migration 0012_routing.sql), typed here like the SLA module's
// so that the module stays in one folder; `withRouting` adds them to a Kysely instance.
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type StaffRoutingTable = {
  user_id: string;
  bank_id: string;
  status: Defaulted<'available' | 'away' | 'offline'>;
  capacity: Defaulted<number>;
  last_assigned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  status_changed_at: Defaulted<Date>;
};

export type StaffSkillsTable = {
  user_id: string;
  bank_id: string;
  kind: 'language' | 'product';
  value: string;
};

export type TeamRoutingTable = {
  team_id: string;
  bank_id: string;
  auto_assign: Defaulted<boolean>;
  only_assignee_replies: Defaulted<boolean>;
  reply_guard_seconds: Defaulted<number>;
  updated_at: Defaulted<Date>;
};

export type RoutingTables = { staff_routing: StaffRoutingTable; staff_skills: StaffSkillsTable; team_routing: TeamRoutingTable };
export type RoutingDB = DB & RoutingTables;

export function withRouting(db: Kysely<DB>): Kysely<RoutingDB>;
export function withRouting(db: Transaction<DB>): Transaction<RoutingDB>;
export function withRouting(db: Kysely<DB> | Transaction<DB>) {
  return db.withTables<RoutingTables>();
}

export const DEFAULT_CAPACITY = 10;
export const DEFAULT_REPLY_GUARD_SECONDS = 120;

/** A team's options, with the defaults when the team never changed them. */
export async function teamOptions(db: Kysely<RoutingDB> | Transaction<RoutingDB>, bankId: string, teamId: string) {
  const row = await db
    .selectFrom('team_routing')
    .select(['auto_assign', 'only_assignee_replies', 'reply_guard_seconds'])
    .where('bank_id', '=', bankId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return {
    autoAssign: row?.auto_assign ?? true,
    onlyAssigneeReplies: row?.only_assignee_replies ?? false,
    replyGuardSeconds: row?.reply_guard_seconds ?? DEFAULT_REPLY_GUARD_SECONDS,
  };
}
