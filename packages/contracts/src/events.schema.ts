import { z } from 'zod';

/**
 * Events published on the bus and pushed over WebSocket. They carry ids and the scope needed
 * for the visibility check (team, client's advisor), never message bodies: a screen that
 * receives one refetches what it may see through the API.
 */
export const busEventSchema = z.object({
  type: z.enum(['message.created', 'message.updated', 'conversation.created', 'conversation.updated']),
  bankId: z.string(),
  conversationId: z.string(),
  teamId: z.string(),
  advisorId: z.string().nullable(),
  messageId: z.string().nullable(),
  at: z.string(),
});
export type BusEvent = z.infer<typeof busEventSchema>;

/** Frames the server sends to a WebSocket client. */
export type ServerFrame = { type: 'event'; event: BusEvent } | { type: 'ready' } | { type: 'error'; message: string };
