import { z } from 'zod';
import { channelSchema } from './common.schema.ts';
import { conversationStatusSchema } from './conversation.schema.ts';

/** Approved answers library (issue 5): versions, four-eyes approval, variables, usage. */
export const answerLanguageSchema = z.enum(['fr', 'en']);
export const answerStateSchema = z.enum(['draft', 'submitted', 'approved', 'published', 'superseded', 'rejected']);
export type AnswerState = z.infer<typeof answerStateSchema>;

/** The variables an answer may hold; the server fills them for a conversation. */
export const ANSWER_VARIABLES = ['{prenom}', '{conseiller}', '{lien_espace_securise}'] as const;

const tagSchema = z.string().trim().min(1).max(40);
const isoDate = z.string().datetime({ offset: true });

export const answerInputSchema = z
  .object({
    title: z.string().trim().min(1, 'Donnez un titre').max(120),
    body: z.string().trim().min(1, 'La réponse est vide').max(5000),
    language: answerLanguageSchema,
    channels: z.array(channelSchema).max(20).default([]),
    intents: z.array(z.string().trim().min(1).max(80)).max(30).default([]),
    tags: z.array(tagSchema).max(30).default([]),
    validFrom: isoDate.nullable().default(null),
    validUntil: isoDate.nullable().default(null),
    pinned: z.boolean().default(false),
  })
  .refine((v) => !v.validFrom || !v.validUntil || v.validFrom < v.validUntil, {
    message: 'La fin de validité doit suivre son début',
    path: ['validUntil'],
  });
export type AnswerInput = z.input<typeof answerInputSchema>;

export const answerVersionSchema = z.object({
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  language: answerLanguageSchema,
  channels: z.array(channelSchema),
  intents: z.array(z.string()),
  tags: z.array(z.string()),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  pinned: z.boolean(),
  state: answerStateSchema,
  author: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
  approvedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  approvedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
});
export type AnswerVersion = z.infer<typeof answerVersionSchema>;

export const answerSchema = z.object({
  id: z.string(),
  owner: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  usageCount: z.number().int(),
  /** The newest version, whatever its state. */
  latest: answerVersionSchema,
  /** The version offered in the composer, or null when none is published. */
  published: answerVersionSchema.nullable(),
  /** Published and inside its validity dates, now. */
  offered: z.boolean(),
  updatedAt: z.string(),
});
export type Answer = z.infer<typeof answerSchema>;
export const answerDetailSchema = answerSchema.extend({ versions: z.array(answerVersionSchema) });
export type AnswerDetail = z.infer<typeof answerDetailSchema>;

export const listAnswersQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  state: answerStateSchema.optional(),
  language: answerLanguageSchema.optional(),
});

export const answerReviewSchema = z.object({ comment: z.string().trim().max(1000).optional() });

export const answerSuggestionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  pinned: z.boolean(),
  tags: z.array(z.string()),
  intents: z.array(z.string()),
  usageCount: z.number().int(),
  /** Matches the conversation's intent, or shares a tag with it: shown as "suggested". */
  intentMatch: z.boolean(),
  tagMatches: z.number().int(),
});
export type AnswerSuggestion = z.infer<typeof answerSuggestionSchema>;
export const answerSuggestionsResponseSchema = z.object({
  intent: z.string().nullable(),
  language: answerLanguageSchema,
  /** The person exposed personal data in public: the secure-space invitation comes first. */
  personalDataExposed: z.boolean(),
  items: z.array(answerSuggestionSchema),
});
export type AnswerSuggestionsResponse = z.infer<typeof answerSuggestionsResponseSchema>;

export const renderAnswerRequestSchema = z.object({ conversationId: z.string().uuid() });
export const renderAnswerResponseSchema = z.object({ text: z.string(), answerId: z.string(), version: z.number().int() });

/** In-app notifications (a colleague mentioned you in a note). */
export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  conversationId: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationsResponseSchema = z.object({ unread: z.number().int(), items: z.array(notificationSchema) });
export type NotificationsResponse = z.infer<typeof notificationsResponseSchema>;

/** Conversation tags. */
export const conversationTagSchema = z
  .string()
  .trim()
  .min(1, 'Le tag est vide')
  .max(40, 'Le tag est trop long')
  .transform((t) => t.toLowerCase());
export const addTagRequestSchema = z.object({ tag: conversationTagSchema });

/** Macros: several actions applied at once, in one transaction. */
export const macroActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('add_tag'), tag: conversationTagSchema }),
  z.object({ type: z.literal('remove_tag'), tag: conversationTagSchema }),
  z.object({ type: z.literal('set_status'), status: conversationStatusSchema }),
  z.object({ type: z.literal('assign_team'), teamId: z.string().uuid() }),
  z.object({ type: z.literal('assign_user'), userId: z.string().uuid().nullable() }),
  z.object({ type: z.literal('add_note'), body: z.string().trim().min(1).max(5000) }),
]);
export type MacroAction = z.infer<typeof macroActionSchema>;
export const macroInputSchema = z.object({
  name: z.string().trim().min(1, 'Donnez un nom').max(80),
  actions: z.array(macroActionSchema).min(1, 'Ajoutez au moins une action').max(10),
});
export const macroSchema = z.object({ id: z.string(), name: z.string(), actions: z.array(macroActionSchema) });
export type Macro = z.infer<typeof macroSchema>;

/** CSAT: the survey sent after resolution and the person's score. */
export const csatSchema = z.object({
  sentAt: z.string(),
  state: z.enum(['waiting', 'answered', 'closed']),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type Csat = z.infer<typeof csatSchema>;
export const conversationExtrasSchema = z.object({ tags: z.array(z.string()), csat: csatSchema.nullable() });
export type ConversationExtras = z.infer<typeof conversationExtrasSchema>;
export const csatSettingsSchema = z.object({ enabled: z.boolean() });
