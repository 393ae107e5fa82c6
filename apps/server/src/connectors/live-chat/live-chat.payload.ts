import { attachmentSchema } from '@agora/contracts/common.schema.ts';
import { z } from 'zod';
import { MalformedPayloadError, type NormalizedItem } from '../connector.types.ts';

/**
 * The raw delivery the live-chat routes store for each visitor message: our own format, since
 * the platform is Agora itself. It goes through the same ingest path as a platform webhook.
 */
const visitorSchema = z.object({ name: z.string().max(120).nullable(), email: z.string().max(254).nullable() });
export const liveChatDeliverySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    visitorId: z.string().uuid(),
    messageId: z.string().uuid(),
    text: z.string().max(5000),
    attachments: z.array(attachmentSchema).max(5),
    at: z.string(),
    visitor: visitorSchema,
    /** The pre-chat topic, on the first message of a chat only. */
    topic: z.string().max(120).nullable(),
  }),
  z.object({
    /** Left through the offline form: answered by e-mail. */
    type: z.literal('offline'),
    visitorId: z.string().uuid(),
    messageId: z.string().uuid(),
    text: z.string().max(5000),
    at: z.string(),
    visitor: visitorSchema.extend({ email: z.string().max(254) }),
  }),
]);
export type LiveChatDelivery = z.infer<typeof liveChatDeliverySchema>;

export function encodeLiveChatDelivery(delivery: LiveChatDelivery): Buffer {
  return Buffer.from(JSON.stringify(liveChatDeliverySchema.parse(delivery)), 'utf8');
}

/** A visitor without a name gets a short stable label, so two anonymous chats are told apart. */
export const anonymousLabel = (visitorId: string) => `Visiteur ${visitorId.slice(0, 4).toUpperCase()}`;

export function parseLiveChatDelivery(rawBody: Buffer): NormalizedItem[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedPayloadError('live chat delivery is not JSON');
  }
  const parsed = liveChatDeliverySchema.safeParse(json);
  if (!parsed.success) throw new MalformedPayloadError('unexpected live chat delivery');
  const d = parsed.data;
  const offline = d.type === 'offline';
  const body = offline ? `Message laissé hors des horaires d'ouverture — répondre par e-mail à ${d.visitor.email}\n\n${d.text}` : d.text;
  return [
    {
      kind: 'message',
      itemId: `live_chat:${d.messageId}`,
      channel: 'live_chat',
      // One private conversation per visitor: it reopens when the visitor comes back.
      conversationKind: 'private',
      threadKey: d.visitorId,
      platformMessageId: d.messageId,
      replyToPlatformId: null,
      author: {
        platformUserId: d.visitorId,
        handle: d.visitor.email,
        displayName: d.visitor.name || d.visitor.email || anonymousLabel(d.visitorId),
        profileUrl: null,
        avatarUrl: null,
      },
      fromBank: false,
      body,
      attachments: d.type === 'message' ? d.attachments : [],
      createdAt: d.at,
      title: d.type === 'message' ? d.topic : 'Message hors horaires',
    },
  ];
}
