import { randomUUID } from 'node:crypto';
import type { Channel } from '@agora/contracts/common.schema.ts';
import type { ConversationDetail, ConversationStatus, Message } from '@agora/contracts/conversation.schema.ts';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { replyLength } from '@agora/contracts/reply-length.ts';
import type { Transaction } from 'kysely';
import { PLATFORM_OF_CHANNEL, type Platform, type ReplyOptions } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { canSeeConversation, type StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { frenchSearchVector } from '../../platform/db/search-vector.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { excerptOf } from '../../platform/text.ts';
import { recordAnswerUse } from '../answers/answers.service.ts';
import { assertChannelNotPaused } from '../channels/channel.service.ts';
import { guardReply } from '../routing/reply-guard.ts';
import { getBankSettings } from './bank-settings.repository.ts';
import {
  assigneeNotAllowed,
  conversationNotFound,
  insultNotAnswered,
  replyBlocked,
  replyModeNotAllowed,
  replyTooLong,
} from './conversation.errors.ts';
import { findContact, findConversationRow, listMessages, otherConversationsOf, toListItem } from './conversation.repository.ts';
import { checkOutbound } from './outbound-rules.ts';
import { approvalReason, signed } from './reply-approval.rules.ts';

export const platformOfChannel = (channel: string): Platform => PLATFORM_OF_CHANNEL[channel as Channel];

const actorLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;

/** Loads a conversation the principal may see; anything else is "not found", so ids leak nothing. */
export async function visibleConversation(deps: AppDeps, p: StaffPrincipal, id: string) {
  const row = await findConversationRow(deps.database.db, p.bankId, id);
  if (!row || !canSeeConversation(p, { bankId: p.bankId, teamId: row.team_id, advisorId: row.advisor_id })) throw conversationNotFound();
  return row;
}

function replyOptionsOf(deps: AppDeps, row: { channel: string; kind: 'public' | 'private'; last_inbound_at: Date | null }): ReplyOptions {
  const connector = deps.connectors.get(platformOfChannel(row.channel));
  if (!connector) return { modes: [], maxLength: 0, counting: 'characters', notice: "Ce canal n'est pas connecté." };
  return connector.replyOptions(row.channel as Channel, {
    conversationKind: row.kind,
    lastInboundAt: row.last_inbound_at,
    now: new Date(),
  });
}

export async function getConversationDetail(deps: AppDeps, p: StaffPrincipal, id: string): Promise<ConversationDetail> {
  const row = await visibleConversation(deps, p, id);
  const db = deps.database.db;
  // Opening a conversation marks it read for the team (one shared inbox, one unread marker).
  await db
    .updateTable('conversations')
    .set({ last_read_at: new Date() })
    .where('id', '=', row.id)
    .where('bank_id', '=', p.bankId)
    .execute();
  const [contact, messages, others] = await Promise.all([
    findContact(db, p.bankId, row.contact_id),
    listMessages(db, p.bankId, row.id),
    otherConversationsOf(db, p, row.contact_id, row.id),
  ]);
  return {
    ...toListItem({ ...row, last_read_at: new Date() }),
    contact: {
      id: contact.id,
      platform: contact.platform,
      handle: contact.handle,
      displayName: contact.display_name,
      profileUrl: contact.profile_url,
      avatarUrl: contact.avatar_url,
      clientId: contact.client_id,
    },
    messages,
    reply: replyOptionsOf(deps, row),
    otherConversations: others,
  };
}

function eventOf(
  type: BusEvent['type'],
  row: { id: string; team_id: string; advisor_id: string | null },
  bankId: string,
  messageId: string | null,
): BusEvent {
  return { type, bankId, conversationId: row.id, teamId: row.team_id, advisorId: row.advisor_id, messageId, at: new Date().toISOString() };
}

async function commitWithEvents(deps: AppDeps, work: (tx: Transaction<DB>) => Promise<BusEvent[]>) {
  await deps.database.db.transaction().execute(async (tx) => {
    const events = await work(tx);
    await enqueueEvents(tx, events, deps.database.kind);
  });
  deps.wakeOutbox();
}

/**
 * Queues a reply: stored at once as "sending" with a stable idempotency key, then posted by the
 * delivery worker, which reports the platform's answer back on the message.
 */
export async function replyToConversation(
  deps: AppDeps,
  p: StaffPrincipal,
  id: string,
  input: { body: string; mode: 'public' | 'private'; sendAt?: string; answerId?: string; confirm?: boolean },
): Promise<Message> {
  const row = await visibleConversation(deps, p, id);
  // Collision guard and assignee-only teams (modules/routing).
  await guardReply(deps, p, row, { confirm: input.confirm });
  await assertChannelNotPaused(deps, row.channel);
  const options = replyOptionsOf(deps, row);
  if (!options.modes.includes(input.mode)) throw replyModeNotAllowed(input.mode, options.notice);
  // Rule 4: never answer an insult (the person writing again without insulting reopens it).
  if (row.not_answered_reason) throw insultNotAnswered(row.not_answered_reason);
  const settings = await getBankSettings(deps.database.db, p.bankId);
  const body = input.mode === 'public' ? signed(input.body, settings.signatureTemplate, p.firstName) : input.body;
  if (replyLength(body, options.counting) > options.maxLength) throw replyTooLong(options.maxLength);
  const verdict = checkOutbound(body, input.mode);
  if (!verdict.ok) throw replyBlocked(verdict.code, verdict.reason);
  const messageId = randomUUID();
  const now = new Date();
  // Send later: checked now like any reply, held (delivery_status null) until modules/scheduling releases it.
  const scheduledAt = input.sendAt ? new Date(input.sendAt) : null;
  let needsApproval: string | null = null;
  await commitWithEvents(deps, async (tx) => {
    const target = await tx
      .selectFrom('messages')
      .select(['platform_message_id', 'reply_to_platform_id', 'body', 'intent', 'sentiment_score', 'rumour'])
      .where('conversation_id', '=', row.id)
      .where('direction', '=', 'inbound')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    needsApproval = approvalReason(
      input.mode,
      settings,
      target ? { body: target.body, intent: target.intent, sentimentScore: target.sentiment_score, rumour: target.rumour } : null,
    );
    await tx
      .insertInto('messages')
      .values({
        id: messageId,
        bank_id: p.bankId,
        conversation_id: row.id,
        direction: 'outbound',
        visibility: input.mode,
        reply_to_platform_id: target?.reply_to_platform_id ?? target?.platform_message_id ?? null,
        author_user_id: p.userId,
        body,
        attachments: '[]',
        search_vector: frenchSearchVector(body),
        created_at: now,
        // A reply awaiting a second person's approval is not handed to the delivery worker.
        delivery_status: needsApproval || scheduledAt ? null : 'sending',
        next_attempt_at: needsApproval || scheduledAt ? null : now,
        scheduled_at: scheduledAt,
        approval_state: needsApproval ? 'pending' : null,
        approval_reason: needsApproval,
        idempotency_key: `reply-${messageId}`,
      })
      .execute();
    await tx
      .updateTable('conversations')
      .set({ excerpt: excerptOf(body), last_message_at: now, updated_at: now, last_read_at: now })
      .where('id', '=', row.id)
      .execute();
    if (input.answerId)
      await recordAnswerUse(tx, { bankId: p.bankId, answerId: input.answerId, messageId, conversationId: row.id, userId: p.userId });
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: actorLabel(p),
      action: 'conversation.replied',
      targetType: 'conversation',
      targetId: row.id,
      details: {
        messageId,
        mode: input.mode,
        channel: row.channel,
        ...(needsApproval ? { approval: 'requested' } : {}),
        ...(scheduledAt ? { scheduledAt: scheduledAt.toISOString() } : {}),
      },
    });
    return [eventOf('message.created', row, p.bankId, messageId), eventOf('conversation.updated', row, p.bankId, null)];
  });
  if (!needsApproval && !scheduledAt) deps.wakeDelivery();
  const [message] = await listMessages(deps.database.db, p.bankId, row.id, messageId);
  return message!;
}

export async function addNote(deps: AppDeps, p: StaffPrincipal, id: string, body: string): Promise<Message> {
  const row = await visibleConversation(deps, p, id);
  const messageId = randomUUID();
  await commitWithEvents(deps, async (tx) => {
    await tx
      .insertInto('messages')
      .values({
        id: messageId,
        bank_id: p.bankId,
        conversation_id: row.id,
        direction: 'note',
        visibility: 'internal',
        author_user_id: p.userId,
        body,
        attachments: '[]',
        search_vector: frenchSearchVector(body),
        created_at: new Date(),
      })
      .execute();
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: actorLabel(p),
      action: 'conversation.note_added',
      targetType: 'conversation',
      targetId: row.id,
      details: { messageId },
    });
    return [eventOf('message.created', row, p.bankId, messageId)];
  });
  const [message] = await listMessages(deps.database.db, p.bankId, row.id, messageId);
  return message!;
}

export async function updateConversation(
  deps: AppDeps,
  p: StaffPrincipal,
  id: string,
  input: { status?: ConversationStatus; assigneeId?: string | null },
) {
  const row = await visibleConversation(deps, p, id);
  await commitWithEvents(deps, async (tx) => {
    const changes: { status?: ConversationStatus; assignee_id?: string | null; updated_at: Date } = { updated_at: new Date() };
    if (input.status !== undefined && input.status !== row.status) {
      changes.status = input.status;
      await appendAudit(tx, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: actorLabel(p),
        action: 'conversation.status_changed',
        targetType: 'conversation',
        targetId: row.id,
        details: { from: row.status, to: input.status },
      });
    }
    if (input.assigneeId !== undefined && input.assigneeId !== row.assignee_id) {
      if (input.assigneeId !== null) await checkAssignee(tx, p.bankId, input.assigneeId, row);
      changes.assignee_id = input.assigneeId;
      await appendAudit(tx, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: actorLabel(p),
        action: input.assigneeId ? 'conversation.assigned' : 'conversation.unassigned',
        targetType: 'conversation',
        targetId: row.id,
        details: { from: row.assignee_id, to: input.assigneeId },
      });
    }
    await tx.updateTable('conversations').set(changes).where('id', '=', row.id).where('bank_id', '=', p.bankId).execute();
    return [eventOf('conversation.updated', row, p.bankId, null)];
  });
  const updated = await findConversationRow(deps.database.db, p.bankId, row.id);
  return toListItem(updated!);
}

/** An assignee must be an active colleague who could see the conversation. */
async function checkAssignee(tx: Transaction<DB>, bankId: string, userId: string, row: { team_id: string; advisor_id: string | null }) {
  const user = await tx
    .selectFrom('staff_users')
    .select(['id', 'role', 'active'])
    .where('bank_id', '=', bankId)
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user?.active) throw assigneeNotAllowed();
  const teams = await tx.selectFrom('team_members').select(['team_id']).where('user_id', '=', userId).execute();
  const ok = canSeeConversation(
    {
      userId,
      bankId,
      role: user.role as StaffPrincipal['role'],
      teamIds: teams.map((t) => t.team_id),
      email: '',
      firstName: '',
      displayName: '',
      csrfToken: '',
      sessionId: '',
    },
    { bankId, teamId: row.team_id, advisorId: row.advisor_id },
  );
  if (!ok) throw assigneeNotAllowed();
}
