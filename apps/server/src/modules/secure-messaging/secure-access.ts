import type { Kysely, Transaction } from 'kysely';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import { canSeeConversation, type StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import './secure.tables.ts';
import { secureErrors } from './secure.errors.ts';

/** Who is reading or writing: the client of the thread, or a staff member who may see it. */
export type SecureActor = { kind: 'client'; principal: ClientPrincipal } | { kind: 'staff'; principal: StaffPrincipal };

export interface ThreadRow {
  id: string;
  bank_id: string;
  client_id: string;
  team_id: string | null;
  subject_sealed: string;
  status: 'open' | 'closed';
  origin_conversation_id: string | null;
  last_message_at: Date;
  client_read_at: Date | null;
  staff_read_at: Date | null;
  response_since: Date | null;
  response_due_at: Date | null;
  first_response_met_at: Date | null;
  advisor_id: string | null;
}

export const bankOf = (actor: SecureActor) => actor.principal.bankId;

/**
 * Staff visibility of a thread, the inbox's rule applied to it: the bank-wide roles see every
 * thread of their bank; otherwise the client's own advisor, and the members of the team the
 * thread is addressed to. An advisor never sees another advisor's client (their role says no more).
 */
export const staffMaySee = (p: StaffPrincipal, thread: { bank_id: string; team_id: string | null; advisor_id: string | null }) =>
  canSeeConversation(p, { bankId: thread.bank_id, teamId: thread.team_id ?? '', advisorId: thread.advisor_id });

export const mayAccess = (actor: SecureActor, thread: ThreadRow) =>
  actor.kind === 'client'
    ? thread.client_id === actor.principal.clientId && thread.bank_id === actor.principal.bankId
    : staffMaySee(actor.principal, thread);

type Executor = Kysely<DB> | Transaction<DB>;

export function threadQuery(db: Executor, bankId: string) {
  return db
    .selectFrom('secure_threads as t')
    .innerJoin('clients as c', 'c.id', 't.client_id')
    .select([
      't.id',
      't.bank_id',
      't.client_id',
      't.team_id',
      't.subject_sealed',
      't.status',
      't.origin_conversation_id',
      't.last_message_at',
      't.client_read_at',
      't.staff_read_at',
      't.response_since',
      't.response_due_at',
      't.first_response_met_at',
      'c.advisor_id',
    ])
    .where('t.bank_id', '=', bankId);
}

/**
 * The thread if this actor may open it; "not found" otherwise, whoever owns it. Inside a
 * transaction pass it as `db` (on PGlite it holds the only connection), with `lock` to serialise writers.
 */
export async function accessibleThread(db: Executor, actor: SecureActor, threadId: string, lock = false): Promise<ThreadRow> {
  let query = threadQuery(db, bankOf(actor)).where('t.id', '=', threadId);
  if (lock) query = query.forUpdate('t');
  const row = await query.executeTakeFirst();
  if (!row || !mayAccess(actor, row)) throw secureErrors.threadNotFound();
  return row;
}
