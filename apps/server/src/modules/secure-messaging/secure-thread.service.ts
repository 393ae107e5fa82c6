import { randomUUID } from 'node:crypto';
import { BANK_WIDE_ROLES } from '@agora/contracts/common.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type {
  NewSecureThread,
  SecureMessage,
  SecureMessageInput,
  SecureSummary,
  SecureThreadDetail,
  SecureThreadSummary,
  StaffNewSecureThread,
} from '@agora/contracts/secure-messaging.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { decryptForBank, encryptForBank } from '../../platform/crypto/envelope.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { accessToClient } from '../clients/client-access.ts';
import { secureErrors } from './secure.errors.ts';
import { accessibleThread, bankOf, type SecureActor, staffMaySee, type ThreadRow, threadQuery } from './secure-access.ts';
import { attachmentsOf, attachToMessage } from './secure-attachments.service.ts';
import { advisorsTeamOf, responseDueAt } from './secure-sla.ts';

const THREAD_LIST_LIMIT = 100;

export function threadEvent(
  thread: Pick<ThreadRow, 'id' | 'bank_id' | 'client_id' | 'team_id' | 'advisor_id'>,
  messageId: string | null,
): BusEvent {
  return {
    type: 'secure.changed',
    bankId: thread.bank_id,
    conversationId: thread.id,
    teamId: thread.team_id ?? '',
    advisorId: thread.advisor_id,
    clientId: thread.client_id,
    messageId,
    at: new Date().toISOString(),
  };
}

/** Writes one sealed message and moves the thread's clock and receipts; the caller's transaction. */
export async function insertMessage(
  deps: AppDeps,
  tx: Transaction<DB>,
  thread: ThreadRow,
  author: { kind: 'client' | 'system' } | { kind: 'staff'; userId: string },
  body: string,
  at = new Date(),
): Promise<string> {
  const id = randomUUID();
  const sealed = await encryptForBank(deps, thread.bank_id, body, tx);
  await tx
    .insertInto('secure_messages')
    .values({
      id,
      bank_id: thread.bank_id,
      thread_id: thread.id,
      author_kind: author.kind,
      author_user_id: author.kind === 'staff' ? author.userId : null,
      body_sealed: sealed,
      key_id: sealed.split('.')[1]!,
      created_at: at,
    })
    .execute();
  const changes: { last_message_at: Date } & Partial<
    Record<'client_read_at' | 'staff_read_at' | 'response_since' | 'response_due_at' | 'first_response_met_at', Date | null>
  > = { last_message_at: at };
  if (author.kind === 'client') {
    // Writing is reading: the client saw everything before their message.
    changes.client_read_at = at;
    if (!thread.response_since) {
      const calendarTeam = thread.team_id ?? (await advisorsTeamOf(tx, thread.bank_id))?.id ?? null;
      changes.response_since = at;
      changes.response_due_at = await responseDueAt(tx, thread.bank_id, calendarTeam, at, thread.first_response_met_at ? 'next' : 'first');
    }
  } else if (author.kind === 'staff') {
    changes.staff_read_at = at;
    changes.response_since = null;
    changes.response_due_at = null;
    if (!thread.first_response_met_at) changes.first_response_met_at = at;
  }
  await tx.updateTable('secure_threads').set(changes).where('id', '=', thread.id).execute();
  Object.assign(thread, changes);
  return id;
}

/** A client opens a thread with their advisor (or the advisors' team); its SLA clock starts. */
export async function openThreadAsClient(deps: AppDeps, p: ClientPrincipal, input: NewSecureThread): Promise<{ id: string }> {
  const id = await deps.database.db.transaction().execute(async (tx) => {
    const thread = await createThread(deps, tx, p.bankId, p.clientId, input.subject, input.recipient, null);
    await insertMessage(deps, tx, thread, { kind: 'client' }, input.body);
    await enqueueEvents(tx, [threadEvent(thread, null)], deps.database.kind);
    return thread.id;
  });
  deps.wakeOutbox();
  return { id };
}

/**
 * An advisor (or a bank-wide role) writes first to a client whose whole relationship they see; no
 * answer is owed by the bank until the client writes back, so no clock starts.
 */
export async function openThreadAsStaff(deps: AppDeps, p: StaffPrincipal, input: StaffNewSecureThread): Promise<{ id: string }> {
  if (p.role === 'compliance') throw secureErrors.staffCannotWrite();
  const access = await accessToClient(deps, p, input.clientId);
  if (access.level !== 'full') throw secureErrors.staffCannotWrite();
  const id = await deps.database.db.transaction().execute(async (tx) => {
    const thread = await createThread(deps, tx, p.bankId, input.clientId, input.subject, 'advisor', null);
    await insertMessage(deps, tx, thread, { kind: 'staff', userId: p.userId }, input.body);
    await enqueueEvents(tx, [threadEvent(thread, null)], deps.database.kind);
    return thread.id;
  });
  deps.wakeOutbox();
  return { id };
}

/**
 * A new thread row. Addressed to the advisor when the client has one and asked for them; to the
 * advisors' team otherwise (no advisor yet, or the client chose the team).
 */
export async function createThread(
  deps: AppDeps,
  tx: Transaction<DB>,
  bankId: string,
  clientId: string,
  subject: string,
  recipient: 'advisor' | 'team',
  originConversationId: string | null,
): Promise<ThreadRow> {
  const client = await tx
    .selectFrom('clients')
    .select(['advisor_id'])
    .where('bank_id', '=', bankId)
    .where('id', '=', clientId)
    .executeTakeFirstOrThrow();
  let teamId: string | null = null;
  if (recipient === 'team' || !client.advisor_id) {
    const team = await advisorsTeamOf(tx, bankId);
    if (!team) {
      if (!client.advisor_id) throw secureErrors.noAdvisor();
    } else teamId = team.id;
  }
  const sealedSubject = await encryptForBank(deps, bankId, subject, tx);
  const now = new Date();
  const row: ThreadRow = {
    id: randomUUID(),
    bank_id: bankId,
    client_id: clientId,
    team_id: teamId,
    subject_sealed: sealedSubject,
    status: 'open',
    origin_conversation_id: originConversationId,
    last_message_at: now,
    client_read_at: null,
    staff_read_at: null,
    response_since: null,
    response_due_at: null,
    first_response_met_at: null,
    advisor_id: client.advisor_id,
  };
  await tx
    .insertInto('secure_threads')
    .values({
      id: row.id,
      bank_id: bankId,
      client_id: clientId,
      team_id: teamId,
      subject_sealed: sealedSubject,
      key_id: sealedSubject.split('.')[1]!,
      origin_conversation_id: originConversationId,
      last_message_at: now,
    })
    .execute();
  return row;
}

/** A message from the client or a staff member who may see the thread; both sides are told live. */
export async function postMessage(deps: AppDeps, actor: SecureActor, threadId: string, input: SecureMessageInput): Promise<{ id: string }> {
  if (actor.kind === 'staff' && actor.principal.role === 'compliance') throw secureErrors.staffCannotWrite();
  let messageId = '';
  await deps.database.db.transaction().execute(async (tx) => {
    const thread = await accessibleThread(tx, actor, threadId, true);
    if (thread.status === 'closed') throw secureErrors.threadClosed();
    const author = actor.kind === 'client' ? ({ kind: 'client' } as const) : ({ kind: 'staff', userId: actor.principal.userId } as const);
    messageId = await insertMessage(deps, tx, thread, author, input.body);
    await attachToMessage(tx, actor, thread.id, messageId, input.attachmentIds);
    await enqueueEvents(tx, [threadEvent(thread, messageId)], deps.database.kind);
  });
  deps.wakeOutbox();
  return { id: messageId };
}

/** Read receipt: this side opened the thread now. */
export async function markRead(deps: AppDeps, actor: SecureActor, threadId: string): Promise<void> {
  const thread = await accessibleThread(deps.database.db, actor, threadId);
  await deps.database.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('secure_threads')
      .set(actor.kind === 'client' ? { client_read_at: new Date() } : { staff_read_at: new Date() })
      .where('id', '=', thread.id)
      .execute();
    await enqueueEvents(tx, [threadEvent(thread, null)], deps.database.kind);
  });
  deps.wakeOutbox();
}

async function summarise(deps: AppDeps, actor: SecureActor, rows: ThreadRow[]): Promise<SecureThreadSummary[]> {
  if (rows.length === 0) return [];
  const db = deps.database.db;
  const bankId = bankOf(actor);
  const ids = rows.map((r) => r.id);
  const [clients, teams, advisors, unreadRows] = await Promise.all([
    db
      .selectFrom('clients')
      .select(['id', 'first_name', 'last_name'])
      .where('bank_id', '=', bankId)
      .where(
        'id',
        'in',
        rows.map((r) => r.client_id),
      )
      .execute(),
    db.selectFrom('teams').select(['id', 'name']).where('bank_id', '=', bankId).execute(),
    db.selectFrom('staff_users').select(['id', 'display_name']).where('bank_id', '=', bankId).execute(),
    db
      .selectFrom('secure_messages as m')
      .innerJoin('secure_threads as t', 't.id', 'm.thread_id')
      .select(['m.thread_id', 'm.author_kind', 'm.created_at', 't.client_read_at', 't.staff_read_at'])
      .where('m.bank_id', '=', bankId)
      .where('m.thread_id', 'in', ids)
      .execute(),
  ]);
  const unread = new Map<string, number>();
  for (const m of unreadRows) {
    const mine = actor.kind === 'client' ? m.author_kind === 'client' : m.author_kind !== 'client';
    const readAt = actor.kind === 'client' ? m.client_read_at : m.staff_read_at;
    if (!mine && (!readAt || m.created_at > readAt)) unread.set(m.thread_id, (unread.get(m.thread_id) ?? 0) + 1);
  }
  return Promise.all(
    rows.map(async (r): Promise<SecureThreadSummary> => {
      const client = clients.find((c) => c.id === r.client_id);
      return {
        id: r.id,
        subject: await decryptForBank(deps, bankId, r.subject_sealed),
        clientId: r.client_id,
        clientName: client ? `${client.first_name} ${client.last_name}` : '',
        recipient: r.team_id ? 'team' : 'advisor',
        teamName: teams.find((t) => t.id === r.team_id)?.name ?? null,
        advisorName: advisors.find((a) => a.id === r.advisor_id)?.display_name ?? null,
        status: r.status,
        lastMessageAt: r.last_message_at.toISOString(),
        unread: unread.get(r.id) ?? 0,
        responseDueAt: r.response_due_at?.toISOString() ?? null,
        originConversationId: actor.kind === 'staff' ? r.origin_conversation_id : null,
      };
    }),
  );
}

export async function clientThreads(deps: AppDeps, p: ClientPrincipal): Promise<SecureThreadSummary[]> {
  const rows = await threadQuery(deps.database.db, p.bankId)
    .where('t.client_id', '=', p.clientId)
    .orderBy('t.last_message_at', 'desc')
    .limit(THREAD_LIST_LIMIT)
    .execute();
  return summarise(deps, { kind: 'client', principal: p }, rows);
}

/** The widget's figures: unread messages and the last few threads. */
export async function clientSummary(deps: AppDeps, p: ClientPrincipal): Promise<SecureSummary> {
  const threads = await clientThreads(deps, p);
  return { unread: threads.reduce((n, t) => n + t.unread, 0), threads: threads.slice(0, 3) };
}

/**
 * The threads a staff member may see, newest first: their portfolio's and their teams' (all of
 * the bank's for the bank-wide roles), optionally of one client.
 */
export async function staffThreads(
  deps: AppDeps,
  p: StaffPrincipal,
  filter: { clientId?: string | undefined },
): Promise<SecureThreadSummary[]> {
  let query = threadQuery(deps.database.db, p.bankId);
  if (filter.clientId) query = query.where('t.client_id', '=', filter.clientId);
  if (!BANK_WIDE_ROLES.includes(p.role)) {
    query = query.where((eb) => {
      const own = eb('c.advisor_id', '=', p.userId);
      return p.teamIds.length > 0 ? eb.or([own, eb('t.team_id', 'in', p.teamIds)]) : own;
    });
  }
  const rows = await query.orderBy('t.last_message_at', 'desc').limit(THREAD_LIST_LIMIT).execute();
  return summarise(
    deps,
    { kind: 'staff', principal: p },
    rows.filter((r) => staffMaySee(p, r)),
  );
}

export async function threadDetail(deps: AppDeps, actor: SecureActor, threadId: string): Promise<SecureThreadDetail> {
  const thread = await accessibleThread(deps.database.db, actor, threadId);
  const bankId = thread.bank_id;
  const [summary] = await summarise(deps, actor, [thread]);
  const rows = await deps.database.db
    .selectFrom('secure_messages as m')
    .leftJoin('staff_users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.author_kind', 'm.body_sealed', 'm.created_at', 'u.display_name'])
    .where('m.bank_id', '=', bankId)
    .where('m.thread_id', '=', thread.id)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const attachments = await attachmentsOf(deps, bankId, thread.id);
  const messages = await Promise.all(
    rows.map(async (m): Promise<SecureMessage> => {
      // The receipt a reader sees on their own side's messages: has the other side read since?
      const otherReadAt = m.author_kind === 'client' ? thread.staff_read_at : thread.client_read_at;
      return {
        id: m.id,
        author: m.author_kind,
        authorName: m.author_kind === 'staff' ? (m.display_name ?? null) : m.author_kind === 'client' ? summary!.clientName : null,
        body: await decryptForBank(deps, bankId, m.body_sealed),
        at: m.created_at.toISOString(),
        attachments: attachments.get(m.id) ?? [],
        seen: otherReadAt !== null && otherReadAt >= m.created_at,
      };
    }),
  );
  return { ...summary!, messages };
}
