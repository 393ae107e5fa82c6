import { z } from 'zod';

/** GET /api/supervision/overview: period of the first-response figures (default: this week, Monday 00:00 Paris → now). */
export const supervisionQuerySchema = z.object({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});

const slaShareSchema = z.object({
  /** Conversations whose first response was due in the period and is settled (met or breached). */
  settled: z.number().int(),
  within: z.number().int(),
  breached: z.number().int(),
  /** Still running, not yet due. */
  running: z.number().int(),
  /** within / settled, null when nothing is settled. */
  share: z.number().nullable(),
});

export const supervisionOverviewSchema = z.object({
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  sla: z.object({ today: slaShareSchema, week: slaShareSchema }),
  queues: z.array(z.object({ teamId: z.string(), teamName: z.string(), unassigned: z.number().int(), assigned: z.number().int() })),
  agents: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string(),
      open: z.number().int(),
      /** From the routing module when present; null otherwise. */
      capacity: z.number().int().nullable(),
      status: z.enum(['available', 'away', 'offline']).nullable(),
    }),
  ),
  /** Wall-clock seconds from a conversation's first inbound message to the first staff reply. */
  firstResponse: z.object({ count: z.number().int(), p50Seconds: z.number().nullable(), p90Seconds: z.number().nullable() }),
  /** Inbound messages with a negative sentiment over the 7 days before `to`, by intent. */
  dissatisfaction: z.array(z.object({ intent: z.string(), count: z.number().int() })),
  /** Inbound messages per local hour (Europe/Paris) of the day of `to`. */
  volumeByHour: z.array(z.object({ hour: z.number().int(), inbound: z.number().int() })),
});
export type SupervisionOverview = z.infer<typeof supervisionOverviewSchema>;
