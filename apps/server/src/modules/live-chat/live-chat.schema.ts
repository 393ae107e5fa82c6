import { z } from 'zod';

/** Topics of the pre-chat form; labels in French go to the agent, the widget shows its own. */
export const CHAT_TOPICS = {
  account: 'Compte et opérations',
  card: 'Carte bancaire',
  loan: 'Crédit',
  savings: 'Épargne',
  other: 'Autre',
} as const;

export const sessionRequestSchema = z.object({ lang: z.enum(['fr', 'en']).optional() }).strict();
export const prechatRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    email: z.string().trim().email().max(254),
    topic: z.enum(Object.keys(CHAT_TOPICS) as [keyof typeof CHAT_TOPICS, ...(keyof typeof CHAT_TOPICS)[]]),
  })
  .strict();
export const messageRequestSchema = z
  .object({
    text: z.string().trim().max(5000).default(''),
    attachments: z.array(z.string().uuid()).max(5).default([]),
  })
  .strict();
export const offlineRequestSchema = z
  .object({
    name: z.string().trim().max(120).optional(),
    email: z.string().trim().email().max(254),
    text: z.string().trim().min(1).max(5000),
  })
  .strict();

/** A message as the visitor sees it: no analysis, no internal notes, the agent's first name only. */
export interface VisitorMessage {
  id: string;
  from: 'visitor' | 'agent';
  text: string;
  attachments: { type: 'image' | 'file'; url: string; name: string | null }[];
  at: string;
  agentName: string | null;
}

/** Frames of the visitor's WebSocket. */
export type VisitorFrame = { type: 'ready' } | { type: 'message'; message: VisitorMessage } | { type: 'typing' };
