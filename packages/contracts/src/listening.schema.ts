import { z } from 'zod';

/** Listening and e-reputation (issue 7): queries, mentions, dashboards, alerts, sources. */

export const queryKindSchema = z.enum(['brand', 'competitor', 'topic']);
export const sensitivitySchema = z.enum(['fewer', 'balanced', 'more']);
export const alertKindSchema = z.enum(['volume_spike', 'term_burst', 'negative_surge', 'rumour_surge']);
export const mentionSourceSchema = z.enum(['message', 'x_stream', 'rss', 'forum']);
export const mentionChannelSchema = z.enum(['x', 'facebook', 'instagram', 'trustpilot', 'google_play', 'app_store', 'rss', 'forum']);

export const listeningQueryInputSchema = z.object({
  name: z.string().trim().min(1, 'Donnez un nom à la requête').max(80),
  kind: queryKindSchema,
  expression: z.string().trim().min(1, 'La requête est vide').max(2000),
  sensitivity: sensitivitySchema.default('balanced'),
  active: z.boolean().default(true),
});
export type ListeningQueryInput = z.input<typeof listeningQueryInputSchema>;

export const listeningQuerySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: queryKindSchema,
  expression: z.string(),
  sensitivity: sensitivitySchema,
  active: z.boolean(),
  updatedAt: z.string(),
});
export type ListeningQuery = z.infer<typeof listeningQuerySchema>;

export const queryCheckSchema = z.object({ expression: z.string().max(2000), sample: z.string().max(2000).optional() });
export type QueryCheckResult = { valid: true; matchesSample: boolean | null } | { valid: false; message: string; position: number };

/** Filters shared by the dashboard, the mentions list and the exports. */
export const listeningFilterSchema = z.object({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  queryIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(',')).filter(Boolean))),
  channels: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(',')).filter(Boolean))),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
  intent: z.string().max(80).optional(),
});
export type ListeningFilter = z.input<typeof listeningFilterSchema>;

export const mentionListQuerySchema = listeningFilterSchema.extend({
  term: z.string().max(80).optional(),
  author: z.string().max(200).optional(),
  rumour: z.enum(['true', 'false']).optional(),
  before: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export interface Mention {
  id: string;
  source: z.infer<typeof mentionSourceSchema>;
  channel: string;
  conversationId: string | null;
  url: string | null;
  author: { key: string; name: string; handle: string | null; reach: number };
  engagement: number;
  title: string | null;
  body: string;
  language: string | null;
  intent: string | null;
  sentiment: string | null;
  urgency: string | null;
  rumour: boolean;
  rating: number | null;
  queryIds: string[];
  publishedAt: string;
  answeredAt: string | null;
  /** "Answer" turns it into a conversation (a stream post), or it already is one. */
  answerable: boolean;
}
export interface MentionPage {
  items: Mention[];
  /** Pass as `before` for the next page; null at the end. */
  next: string | null;
}

export interface DashboardPoint {
  bucket: string;
  total: number;
  negative: number;
  neutral: number;
  positive: number;
}
export interface ListeningAuthor {
  key: string;
  name: string;
  handle: string | null;
  channel: string;
  reach: number;
  mentions: number;
  engagement: number;
  url: string | null;
}
export interface ListeningDashboard {
  from: string;
  to: string;
  grain: 'minute' | 'hour' | 'day';
  totals: { mentions: number; negative: number; positive: number; rumours: number; reach: number; answerable: number; answered: number };
  series: DashboardPoint[];
  shareOfVoice: { queryId: string; name: string; kind: string; mentions: number }[];
  channels: { channel: string; mentions: number }[];
  topTerms: { term: string; mentions: number; negative: number }[];
  /** Most mentions in the period. */
  topAuthors: ListeningAuthor[];
  /** Largest reach, then engagement, among the period's authors. */
  influencers: ListeningAuthor[];
  dissatisfaction: { intent: string; mentions: number }[];
  ratings: { bucket: string; channel: string; average: number; count: number }[];
  responseRate: number | null;
}

export interface ListeningAlert {
  id: string;
  queryId: string;
  queryName: string;
  kind: z.infer<typeof alertKindSchema>;
  term: string | null;
  windowStart: string;
  windowEnd: string;
  observed: number;
  expected: number;
  score: number;
  severity: 'info' | 'warning' | 'critical';
  suggestsCrisis: boolean;
  summary: AlertSummary;
  createdAt: string;
  acknowledgedAt: string | null;
  /** The dashboard filtered on this alert's query and window. */
  link: string;
}
export interface AlertSummary {
  headline: string;
  topTerms: { term: string; mentions: number }[];
  sentiment: { negative: number; neutral: number; positive: number };
  topAuthors: { name: string; handle: string | null; reach: number; mentions: number }[];
  examples: { id: string; author: string; body: string; url: string | null; publishedAt: string }[];
}

export const feedInputSchema = z.object({
  url: z
    .string()
    .trim()
    .url('Adresse de flux invalide')
    .refine((u) => /^https?:\/\//i.test(u), 'Le flux doit être en http(s)'),
  title: z.string().trim().max(120).optional(),
  pollSeconds: z.number().int().min(60).max(86_400).default(900),
});
export interface ListeningFeed {
  id: string;
  url: string;
  title: string | null;
  active: boolean;
  pollSeconds: number;
  lastPolledAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  itemsSeen: number;
}

export const webhookInputSchema = z.object({
  url: z
    .string()
    .trim()
    .url('Adresse invalide')
    .refine((u) => /^https?:\/\//i.test(u), 'Le webhook doit être en http(s)'),
});
export interface ListeningWebhook {
  id: string;
  url: string;
  active: boolean;
  createdAt: string;
  deliveries: { delivered: number; pending: number; failed: number; lastError: string | null };
}
/** Returned once, at creation: the signing secret is never shown again. */
export interface CreatedWebhook extends ListeningWebhook {
  secret: string;
}
