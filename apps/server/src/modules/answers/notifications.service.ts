import { randomUUID } from 'node:crypto';
import type { Notification, NotificationsResponse } from '@agora/contracts/answers.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { canSeeConversation, type StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { notificationNotFound } from './answers.errors.ts';
import { withAnswers } from './answers.tables.ts';
import { foldName, parseMentions } from './mentions.ts';

const LIST_LIMIT = 30;

export function createNotificationsService(deps: AppDeps) {
  const db = withAnswers(deps.database.db);

  async function list(p: StaffPrincipal): Promise<NotificationsResponse> {
    const rows = await db
      .selectFrom('notifications')
      .select(['id', 'kind', 'conversation_id', 'text', 'created_at', 'read_at'])
      .where('user_id', '=', p.userId)
      .where('bank_id', '=', p.bankId)
      .orderBy('created_at', 'desc')
      .limit(LIST_LIMIT)
      .execute();
    const { unread } = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string>().as('unread'))
      .where('user_id', '=', p.userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    const items: Notification[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      conversationId: r.conversation_id,
      text: r.text,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at ? r.read_at.toISOString() : null,
    }));
    return { unread: Number(unread), items };
  }

  async function markRead(p: StaffPrincipal, id: string | 'all'): Promise<void> {
    let q = db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', p.userId).where('read_at', 'is', null);
    if (id !== 'all') {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw notificationNotFound();
      const found = await db
        .selectFrom('notifications')
        .select(['id'])
        .where('id', '=', id)
        .where('user_id', '=', p.userId)
        .executeTakeFirst();
      if (!found) throw notificationNotFound();
      q = q.where('id', '=', id);
    }
    await q.execute();
  }

  /**
   * A note was written: each active colleague it mentions who may see the conversation gets one
   * notification (replayed events notify once: unique per user and note), pushed live to them only.
   */
  async function notifyMentions(event: BusEvent): Promise<number> {
    if (!event.messageId) return 0;
    const note = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .leftJoin('staff_users as author', 'author.id', 'messages.author_user_id')
      .select([
        'messages.id',
        'messages.body',
        'messages.direction',
        'messages.author_user_id',
        'author.display_name as author_name',
        'conversations.id as conversation_id',
        'conversations.team_id',
      ])
      .where('messages.id', '=', event.messageId)
      .where('messages.bank_id', '=', event.bankId)
      .executeTakeFirst();
    if (!note || note.direction !== 'note') return 0;
    const { emails, firstNames } = parseMentions(note.body);
    if (emails.length === 0 && firstNames.length === 0) return 0;
    const staff = await db
      .selectFrom('staff_users')
      .select(['id', 'email', 'first_name', 'role'])
      .where('bank_id', '=', event.bankId)
      .where('active', '=', true)
      .execute();
    const memberships = await db.selectFrom('team_members').select(['team_id', 'user_id']).execute();
    const mentioned = staff.filter(
      (s) => s.id !== note.author_user_id && (emails.includes(s.email.toLowerCase()) || firstNames.includes(foldName(s.first_name))),
    );
    const text = `${note.author_name ?? 'Un collègue'} vous a mentionné dans une note : « ${excerpt(note.body)} »`;
    let notified = 0;
    await deps.database.db.transaction().execute(async (tx) => {
      for (const s of mentioned) {
        const principal = {
          userId: s.id,
          bankId: event.bankId,
          role: s.role as Role,
          teamIds: memberships.filter((m) => m.user_id === s.id).map((m) => m.team_id),
        } as StaffPrincipal;
        // A colleague who cannot open the conversation is not told about it.
        if (!canSeeConversation(principal, { bankId: event.bankId, teamId: note.team_id, advisorId: event.advisorId })) continue;
        if (
          !(await notifyOne(
            tx,
            {
              bankId: event.bankId,
              userId: s.id,
              kind: 'mention',
              conversationId: note.conversation_id,
              teamId: note.team_id,
              advisorId: event.advisorId,
              messageId: note.id,
              text,
            },
            deps.database.kind,
          ))
        )
          continue;
        notified++;
      }
    });
    if (notified) deps.wakeOutbox();
    return notified;
  }

  /**
   * Rule 7: a message carrying rumour or crisis terms alerts every supervisor and compliance
   * officer of the bank at once (once per message), with a masked excerpt and the conversation link.
   */
  async function notifyRumour(event: BusEvent): Promise<number> {
    if (!event.messageId) return 0;
    const message = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'messages.id',
        'messages.direction',
        'messages.rumour',
        'conversations.id as conversation_id',
        'conversations.team_id',
        'conversations.excerpt',
      ])
      .where('messages.id', '=', event.messageId)
      .where('messages.bank_id', '=', event.bankId)
      .executeTakeFirst();
    if (!message || message.direction !== 'inbound' || !message.rumour) return 0;
    const watchers = await db
      .selectFrom('staff_users')
      .select(['id'])
      .where('bank_id', '=', event.bankId)
      .where('active', '=', true)
      .where('role', 'in', ['supervisor', 'compliance'])
      .execute();
    const text = `Rumeur ou signal de crise : « ${excerpt(message.excerpt)} »`;
    let notified = 0;
    await deps.database.db.transaction().execute(async (tx) => {
      for (const w of watchers) {
        if (
          !(await notifyOne(
            tx,
            {
              bankId: event.bankId,
              userId: w.id,
              kind: 'rumour',
              conversationId: message.conversation_id,
              teamId: message.team_id,
              advisorId: event.advisorId,
              messageId: message.id,
              text,
            },
            deps.database.kind,
          ))
        )
          continue;
        notified++;
      }
    });
    if (notified) deps.wakeOutbox();
    return notified;
  }

  return { list, markRead, notifyMentions, notifyRumour };
}

export interface NewNotification {
  bankId: string;
  userId: string;
  /** listening_alert: a weak signal of listening (modules/listening); it has no conversation. */
  kind: 'mention' | 'rumour' | 'listening_alert' | 'appointment';
  conversationId: string | null;
  teamId: string;
  advisorId: string | null;
  messageId: string;
  text: string;
}

/** One notification per person and message (a replayed event adds nothing), pushed live to that person only. */
export async function notifyOne(tx: Transaction<DB>, n: NewNotification, databaseKind: 'pglite' | 'postgres'): Promise<boolean> {
  const inserted = await withAnswers(tx)
    .insertInto('notifications')
    .values({
      id: randomUUID(),
      bank_id: n.bankId,
      user_id: n.userId,
      kind: n.kind,
      conversation_id: n.conversationId,
      message_id: n.messageId,
      text: n.text,
    })
    .onConflict((oc) => oc.columns(['user_id', 'message_id']).doNothing())
    .returning(['id'])
    .executeTakeFirst();
  if (!inserted) return false;
  await enqueueEvents(
    tx,
    [
      {
        type: 'notification.created',
        bankId: n.bankId,
        conversationId: n.conversationId ?? '',
        teamId: n.teamId,
        advisorId: n.advisorId,
        messageId: n.messageId,
        at: new Date().toISOString(),
        userId: n.userId,
      },
    ],
    databaseKind,
  );
  return true;
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}
