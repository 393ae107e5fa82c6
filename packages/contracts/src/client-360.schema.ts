import { z } from 'zod';

/** Rule 12: the client's habit over the last 12 months (DOMAIN.md). */
export const segmentSchema = z.enum(['social', 'web', 'silent']);
export type Segment = z.infer<typeof segmentSchema>;

/**
 * One item of a client's timeline, whatever its channel. Each timeline source (modules/clients/
 * client-timeline.sources.ts) maps its rows to this shape; the web shows `kind` with its own label
 * and icon, `body` as plain text, and opens `link` when there is one.
 */
export const timelineItemSchema = z.object({
  /** Unique across sources and stable: "<kind>:<row id>". Breaks ties between equal times. */
  id: z.string(),
  /** e.g. 'message', 'conversation_note', 'client_note', 'secure_message', 'appointment'. */
  kind: z.string(),
  at: z.string(),
  /** A social or chat channel ('x', 'live_chat'…), or the module's own ('secure', 'appointment'…). */
  channel: z.string(),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  /** Who wrote or did it, as the staff should read it. */
  author: z.string().nullable(),
  body: z.string(),
  /** Where the full item lives in the workstation. */
  link: z.object({ kind: z.enum(['conversation', 'secure_thread', 'appointment', 'other']), id: z.string() }).nullable(),
  /** A few facts the screen may show beside the body (status, public/private…). */
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;

export const timelinePageSchema = z.object({ items: z.array(timelineItemSchema), nextCursor: z.string().nullable() });
export type TimelinePage = z.infer<typeof timelinePageSchema>;

export const timelineQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const linkedIdentitySchema = z.object({
  contactId: z.string(),
  platform: z.string(),
  handle: z.string().nullable(),
  displayName: z.string(),
  profileUrl: z.string().nullable(),
  /** When the bank first saw this identity on its platform. */
  firstSeenAt: z.string(),
});
export type LinkedIdentity = z.infer<typeof linkedIdentitySchema>;

export const unlinkedIdentitySchema = linkedIdentitySchema.extend({
  unlinkId: z.string(),
  reason: z.string(),
  unlinkedAt: z.string(),
  unlinkedBy: z.string(),
  /** Still free to link back (no other client took it since). */
  relinkable: z.boolean(),
});
export type UnlinkedIdentity = z.infer<typeof unlinkedIdentitySchema>;

export const client360Schema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  birthDate: z.string().nullable(),
  createdAt: z.string(),
  advisor: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  segment: z.object({ value: segmentSchema, socialCount: z.number(), webCount: z.number(), computedAt: z.string() }).nullable(),
  /** The secure space: none (never invited), invited, active or disabled. */
  spaceStatus: z.enum(['none', 'invited', 'active', 'disabled']),
  identities: z.array(linkedIdentitySchema),
  /** Admins only (empty for others): links undone, with the way back. */
  unlinkedIdentities: z.array(unlinkedIdentitySchema),
  /** What the viewer may see: 'full' (own advisor, bank-wide roles) or 'team' (their teams' conversations only). */
  access: z.enum(['full', 'team']),
  can: z.object({ invite: z.boolean(), unlink: z.boolean(), writeNote: z.boolean() }),
});
export type Client360 = z.infer<typeof client360Schema>;

export const clientNoteInputSchema = z.object({
  body: z.string().trim().min(1, 'La note est vide.').max(4000, 'Une note fait au plus 4 000 caractères.'),
});

export const unlinkIdentitySchema = z.object({
  reason: z.string().trim().min(3, 'Dites pourquoi ce lien est défait (3 caractères au moins).').max(500),
});

/** Something waiting in a client's relationship: a conversation, a secure message, an appointment… */
export const portfolioSignalSchema = z.object({
  /** e.g. 'conversation', 'secure_message', 'appointment'. */
  kind: z.string(),
  /** Items the client sent that nobody has read yet. */
  unread: z.number(),
  /** Items waiting for the bank's answer. */
  waiting: z.number(),
  /** The earliest time an answer is due (SLA), if any. */
  dueAt: z.string().nullable(),
  /** Already past due. */
  breached: z.boolean(),
});
export type PortfolioSignal = z.infer<typeof portfolioSignalSchema>;

export const portfolioRowSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  advisor: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  segment: segmentSchema.nullable(),
  spaceStatus: z.enum(['none', 'invited', 'active', 'disabled']),
  identities: z.number(),
  unread: z.number(),
  waiting: z.number(),
  dueAt: z.string().nullable(),
  breached: z.boolean(),
  signals: z.array(portfolioSignalSchema),
  lastActivityAt: z.string().nullable(),
});
export type PortfolioRow = z.infer<typeof portfolioRowSchema>;

export const portfolioQuerySchema = z.object({
  /** Bank-wide roles pick an advisor's portfolio; an advisor always gets their own. */
  advisorId: z.string().uuid().optional(),
  q: z.string().trim().max(100).optional(),
  segment: segmentSchema.optional(),
  filter: z.enum(['all', 'unread', 'due']).default('all'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
export type PortfolioQuery = z.infer<typeof portfolioQuerySchema>;

export const portfolioPageSchema = z.object({
  rows: z.array(portfolioRowSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  advisorId: z.string().nullable(),
});
export type PortfolioPage = z.infer<typeof portfolioPageSchema>;
