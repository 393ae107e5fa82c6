import { z } from 'zod';

/** The countdown shown in the inbox: the clock that matters now for a conversation. */
export const slaBadgeSchema = z.object({
  kind: z.enum(['first', 'next', 'resolution']),
  state: z.enum(['running', 'paused', 'warning', 'breached', 'met', 'na']),
  /** When the clock runs out (null while paused, met or not applicable). */
  dueAt: z.string().nullable(),
  /** Open minutes left, frozen while waiting on the client. */
  pausedRemainingMinutes: z.number().nullable(),
  /** Why there is no SLA ('insult'). */
  reason: z.string().nullable(),
});
export type SlaBadge = z.infer<typeof slaBadgeSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'heure attendue au format HH:MM');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ');
const openingRangeSchema = z.object({ start: hhmm, end: hhmm }).refine((r) => r.end > r.start, { message: 'la fin doit suivre le début' });
const dayRanges = z.array(openingRangeSchema).max(4);

export const businessCalendarSchema = z.object({
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'fuseau horaire inconnu'),
  weeklyHours: z.object({ mon: dayRanges, tue: dayRanges, wed: dayRanges, thu: dayRanges, fri: dayRanges, sat: dayRanges, sun: dayRanges }),
  holidayCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  closures: z
    .array(
      z
        .object({ from: isoDay, to: isoDay, label: z.string().max(120).optional() })
        .refine((c) => c.to >= c.from, { message: 'la fin doit suivre le début' }),
    )
    .max(200),
});
export type BusinessCalendarInput = z.infer<typeof businessCalendarSchema>;

export const conversationSlaSchema = z.object({
  badge: slaBadgeSchema.nullable(),
  startedAt: z.string().nullable(),
  firstResponseDueAt: z.string().nullable(),
  firstResponseMetAt: z.string().nullable(),
  responseKind: z.enum(['first', 'next']).nullable(),
  responseDueAt: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  resolutionMetAt: z.string().nullable(),
  pausedAt: z.string().nullable(),
  acknowledgedFor: z.string().nullable(),
});
export type ConversationSla = z.infer<typeof conversationSlaSchema>;

export const slaEscalationSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  target: z.enum(['first', 'next', 'resolution']),
  level: z.enum(['warning', 'breach']),
  dueAt: z.string(),
  createdAt: z.string(),
  excerpt: z.string(),
  channel: z.string(),
});
export type SlaEscalation = z.infer<typeof slaEscalationSchema>;
