import { z } from 'zod';
import { MalformedPayloadError, type NormalizedItem } from '../connector.types.ts';

/**
 * What the community stores as a raw delivery when a forum question needs the bank: our own
 * format (the platform is Agora itself), ingested like any platform's webhook so routing, the
 * SLA clock and the audit apply. Only public, already-masked text travels here.
 */
export const forumDeliverySchema = z.object({
  type: z.enum(['question', 'followup']),
  topicId: z.string().uuid(),
  postId: z.string().uuid(),
  member: z.object({ id: z.string().uuid(), pseudonym: z.string().max(60) }),
  title: z.string().max(300),
  text: z.string().max(20_000),
  url: z.string().max(500),
  /** When the member wrote it: a replay of the same delivery is the same body, hence a no-op. */
  at: z.string(),
  /** The delay the question waited without an answer (minutes), shown to the agent. */
  waitedMinutes: z.number().int().nullable(),
});
export type ForumDelivery = z.infer<typeof forumDeliverySchema>;

export function encodeForumDelivery(delivery: ForumDelivery): Buffer {
  return Buffer.from(JSON.stringify(forumDeliverySchema.parse(delivery)), 'utf8');
}

export function parseForumDelivery(rawBody: Buffer): NormalizedItem[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedPayloadError('forum delivery is not JSON');
  }
  const parsed = forumDeliverySchema.safeParse(json);
  if (!parsed.success) throw new MalformedPayloadError('unexpected forum delivery');
  const d = parsed.data;
  const body =
    d.type === 'question'
      ? `Question sans réponse sur le forum${d.waitedMinutes ? ` depuis ${Math.round(d.waitedMinutes / 60)} h` : ''} — « ${d.title} »\n\n${d.text}\n\n${d.url}`
      : d.text;
  return [
    {
      kind: 'message',
      itemId: `forum:${d.postId}`,
      channel: 'forum',
      // A public thread with one person: the topic. The answer is posted in the topic.
      conversationKind: 'public',
      threadKey: d.topicId,
      platformMessageId: d.postId,
      replyToPlatformId: d.postId,
      author: {
        platformUserId: d.member.id,
        handle: `@${d.member.pseudonym}`,
        displayName: d.member.pseudonym,
        profileUrl: null,
        avatarUrl: null,
      },
      fromBank: false,
      body,
      attachments: [],
      createdAt: d.at,
      title: d.type === 'question' ? d.title : null,
    },
  ];
}
