import type { Channel } from '@agora/contracts/common.schema.ts';
import type { Message, ModerationRequest } from '@agora/contracts/conversation.schema.ts';
import { DeliveryError } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { enqueueEvents } from '../../platform/outbox/outbox.ts';
import { platformOfChannel, visibleConversation } from '../conversations/conversation.service.ts';
import { messageNotFound, notModeratable, platformRefused, platformUnavailable } from './moderation.errors.ts';

/** Channels whose public comments the bank may hide from everyone but their author. */
const MODERATABLE = new Set<Channel>(['facebook', 'instagram']);

/**
 * Hides (or shows again) a public comment on the platform, then records it: the platform call
 * comes first and outside any transaction, so a refusal leaves nothing marked; the mark, the
 * audit row and the event are then committed together. The comment itself is never erased.
 */
export async function moderateMessage(
  deps: AppDeps,
  p: StaffPrincipal,
  conversationId: string,
  messageId: string,
  input: ModerationRequest,
): Promise<Pick<Message, 'id' | 'hiddenAt'>> {
  const conversation = await visibleConversation(deps, p, conversationId);
  const db = deps.database.db;
  const message = /^[0-9a-f-]{36}$/i.test(messageId)
    ? await db
        .selectFrom('messages')
        .select(['id', 'direction', 'visibility', 'platform_message_id', 'hidden_at'])
        .where('bank_id', '=', p.bankId)
        .where('conversation_id', '=', conversation.id)
        .where('id', '=', messageId)
        .executeTakeFirst()
    : undefined;
  if (!message) throw messageNotFound();
  const channel = conversation.channel as Channel;
  if (!MODERATABLE.has(channel) || message.direction !== 'inbound' || message.visibility !== 'public' || !message.platform_message_id) {
    throw notModeratable();
  }
  const connector = deps.connectors.get(platformOfChannel(channel));
  if (!connector?.moderate) throw notModeratable();
  try {
    await connector.moderate(input.action, channel, message.platform_message_id);
  } catch (error) {
    if (error instanceof DeliveryError && !error.retryable) throw platformRefused(error.message);
    throw platformUnavailable(error instanceof Error ? error.message : String(error));
  }

  const hiddenAt = input.action === 'hide' ? new Date() : null;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('messages').set({ hidden_at: hiddenAt }).where('id', '=', message.id).where('bank_id', '=', p.bankId).execute();
    await appendAudit(tx, {
      bankId: p.bankId,
      actorId: p.userId,
      actorLabel: `${p.displayName} (${p.role})`,
      action: input.action === 'hide' ? 'message.hidden' : 'message.unhidden',
      targetType: 'message',
      targetId: message.id,
      details: { conversationId: conversation.id, channel, platformMessageId: message.platform_message_id },
    });
    await enqueueEvents(
      tx,
      [
        {
          type: 'message.updated',
          bankId: p.bankId,
          conversationId: conversation.id,
          teamId: conversation.team_id,
          advisorId: conversation.advisor_id,
          messageId: message.id,
          at: new Date().toISOString(),
        },
      ],
      deps.database.kind,
    );
  });
  deps.wakeOutbox();
  return { id: message.id, hiddenAt: hiddenAt?.toISOString() ?? null };
}
