import { z } from 'zod';
import { attachmentSchema, channelSchema } from './common.schema.ts';
import { slaBadgeSchema } from './sla.schema.ts';

export const conversationStatusSchema = z.enum(['open', 'pending', 'resolved']);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export const deliveryStatusSchema = z.enum(['sending', 'retrying', 'sent', 'failed']);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const sentimentSchema = z.enum(['negative', 'neutral', 'positive']);
export const urgencySchema = z.enum(['low', 'normal', 'high', 'critical']);
export const piiTypeSchema = z.enum([
  'iban',
  'card_number',
  'email',
  'phone',
  'fr_nir',
  'account_number',
  'secret_code',
  'birth_date',
  'balance',
]);
export type PiiType = z.infer<typeof piiTypeSchema>;

/** The reading of a message by packages/nlu; spans are UTF-16 offsets into the body, end exclusive. */
export const messageAnalysisSchema = z.object({
  language: z.enum(['fr', 'en', 'other']),
  intent: z.string(),
  intentConfidence: z.number(),
  sentiment: sentimentSchema,
  sentimentScore: z.number(),
  insult: z.boolean(),
  insultReason: z.string().nullable(),
  urgency: urgencySchema,
  rumour: z.boolean(),
  pii: z.array(z.object({ type: piiTypeSchema, start: z.number().int(), end: z.number().int() })),
});
export type MessageAnalysis = z.infer<typeof messageAnalysisSchema>;

/** The latest inbound message's reading, shown as badges in the list. */
export const conversationSignalsSchema = z.object({
  intent: z.string().nullable(),
  sentiment: sentimentSchema.nullable(),
  urgency: urgencySchema.nullable(),
  insult: z.boolean(),
  rumour: z.boolean(),
});

export const listConversationsQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  status: conversationStatusSchema.optional(),
  channel: channelSchema.optional(),
  assignee: z.enum(['me', 'team', 'unassigned']).optional(),
  intent: z.string().trim().max(80).optional(),
  sentiment: sentimentSchema.optional(),
  urgency: urgencySchema.optional(),
  /** Conversations carrying this tag (modules/macros). */
  tag: z.string().trim().toLowerCase().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
});
export type ListConversationsQuery = z.infer<typeof listConversationsQuerySchema>;

export const personRefSchema = z.object({ id: z.string(), displayName: z.string() });

export const contactSchema = z.object({
  id: z.string(),
  platform: z.string(),
  handle: z.string().nullable(),
  displayName: z.string(),
  profileUrl: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  clientId: z.string().nullable(),
});
export type Contact = z.infer<typeof contactSchema>;

export const conversationListItemSchema = z.object({
  id: z.string(),
  channel: channelSchema,
  kind: z.enum(['public', 'private']),
  status: conversationStatusSchema,
  teamId: z.string(),
  teamName: z.string(),
  contact: contactSchema.pick({ id: true, handle: true, displayName: true, avatarUrl: true }),
  excerpt: z.string(),
  lastMessageAt: z.string(),
  assignee: personRefSchema.nullable(),
  unread: z.boolean(),
  /** The SLA countdown (modules/sla); null before the clock starts. */
  sla: slaBadgeSchema.nullable().optional(),
  signals: conversationSignalsSchema,
  /** Why the bank does not answer (rule 4: an insult), or null. */
  notAnsweredReason: z.string().nullable(),
});
export type ConversationListItem = z.infer<typeof conversationListItemSchema>;

export const listConversationsResponseSchema = z.object({
  items: z.array(conversationListItemSchema),
  nextCursor: z.string().nullable(),
});

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  direction: z.enum(['inbound', 'outbound', 'note']),
  visibility: z.enum(['public', 'private', 'internal']),
  body: z.string(),
  attachments: z.array(attachmentSchema),
  author: z.object({ kind: z.enum(['contact', 'staff']), id: z.string(), displayName: z.string() }),
  createdAt: z.string(),
  deliveryStatus: deliveryStatusSchema.nullable(),
  deliveryError: z.string().nullable(),
  deliveryAttempts: z.number().int(),
  /** Inbound messages only. */
  analysis: messageAnalysisSchema.nullable(),
  /** Four-eyes: a sensitive public reply waits for a second person's approval. */
  approval: z
    .object({
      state: z.enum(['pending', 'approved', 'rejected']),
      reason: z.string().nullable(),
      comment: z.string().nullable(),
      by: z.string().nullable(),
    })
    .nullable(),
  /** Platform-side changes, kept in the archive: the last edit, a deletion, a hide (moderation). */
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  hiddenAt: z.string().nullable(),
  /** Reviews: stars (1–5) and title. */
  rating: z.number().int().nullable(),
  title: z.string().nullable(),
  /** Send later: the due time, and when it was cancelled (kept in the thread, never sent). */
  scheduled: z.object({ at: z.string(), cancelledAt: z.string().nullable() }).nullable().optional(),
});
export type Message = z.infer<typeof messageSchema>;

/** Hide a public comment from everyone but its author, or show it again (Facebook, Instagram). */
export const moderationRequestSchema = z.object({ action: z.enum(['hide', 'unhide']) });
export type ModerationRequest = z.infer<typeof moderationRequestSchema>;

export const conversationDetailSchema = conversationListItemSchema.extend({
  contact: contactSchema,
  messages: z.array(messageSchema),
  /** What the reply box may offer on this channel, now (messaging windows, length limits). */
  reply: z.object({
    modes: z.array(z.enum(['public', 'private'])),
    maxLength: z.number().int(),
    counting: z.enum(['characters', 'x-weighted']),
    notice: z.string().nullable(),
  }),
  otherConversations: z.array(
    z.object({ id: z.string(), channel: channelSchema, excerpt: z.string(), status: conversationStatusSchema, lastMessageAt: z.string() }),
  ),
});
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

export const replyRequestSchema = z.object({
  body: z.string().trim().min(1, 'La réponse est vide').max(5000, 'La réponse est trop longue'),
  mode: z.enum(['public', 'private']),
  /** The approved answer the draft came from: its use is counted (modules/answers). */
  answerId: z.string().uuid().optional(),
  /** Send even though a colleague answered the same message moments ago (modules/routing). */
  confirm: z.boolean().optional(),
  /** Send later (modules/scheduling): a future instant, at most 30 days ahead. */
  sendAt: z
    .string()
    .datetime({ offset: true, message: 'Date d’envoi invalide' })
    .refine((v) => Date.parse(v) > Date.now(), 'La date d’envoi doit être dans le futur')
    .refine((v) => Date.parse(v) <= Date.now() + 30 * 24 * 3600_000, 'La date d’envoi doit être dans les 30 jours')
    .optional(),
});
export const noteRequestSchema = z.object({
  body: z.string().trim().min(1, 'La note est vide').max(5000, 'La note est trop longue'),
});
export const updateConversationSchema = z
  .object({
    status: conversationStatusSchema.optional(),
    assigneeId: z.string().uuid().nullable().optional(),
  })
  .refine((v) => v.status !== undefined || v.assigneeId !== undefined, 'Rien à modifier');

/** The composer asks before sending: which personal data would a reply expose? */
export const replyCheckRequestSchema = z.object({ body: z.string().max(5000), mode: z.enum(['public', 'private']) });
export const replyCheckResponseSchema = z.object({
  pii: z.array(z.object({ type: piiTypeSchema, start: z.number().int(), end: z.number().int() })),
  /** One sentence per problem, ready to show. */
  warnings: z.array(z.string()),
});
export type ReplyCheckResponse = z.infer<typeof replyCheckResponseSchema>;

export const pendingApprovalSchema = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  channel: z.string(),
  contactName: z.string(),
  inboundExcerpt: z.string(),
  body: z.string(),
  reason: z.string().nullable(),
  author: z.object({ id: z.string(), displayName: z.string() }),
  createdAt: z.string(),
});
export type PendingApproval = z.infer<typeof pendingApprovalSchema>;
export const approvalDecisionSchema = z.object({ comment: z.string().trim().max(1000).optional() });
export const rejectionSchema = z.object({ comment: z.string().trim().min(1, 'Dites pourquoi la réponse est refusée').max(1000) });
