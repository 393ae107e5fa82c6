import { z } from 'zod';

/**
 * Events published on the bus and pushed over WebSocket. They carry ids and the scope needed
 * for the visibility check (team, client's advisor), never message bodies: a screen that
 * receives one refetches what it may see through the API.
 */
export const busEventSchema = z.object({
  // conversation.typing: someone is typing in a live chat; ephemeral, published on the bus directly
  // (no outbox row), and carries who types so that each side shows only the other's typing.
  type: z.enum([
    'message.created',
    'message.updated',
    'conversation.created',
    'conversation.updated',
    'conversation.typing',
    'conversation.presence',
    'sla.warning',
    'sla.breached',
    'notification.created',
    // modules/community: something changed in the community (a topic, an idea, an event's Q&A, a
    // member's notifications); community.post_published: a public post is readable (listening).
    'community.changed',
    'community.post_published',
    // modules/secure-messaging: a secure thread changed (message, read receipt); conversationId is
    // the thread's id, clientId its client, teamId its team or '' (advisor only).
    'secure.changed',
    // modules/appointments: an appointment was booked, moved, cancelled or reminded (clientId and advisorId say whose).
    'appointment.changed',
  ]),
  bankId: z.string(),
  conversationId: z.string(),
  teamId: z.string(),
  advisorId: z.string().nullable(),
  messageId: z.string().nullable(),
  at: z.string(),
  typing: z.enum(['contact', 'staff']).optional(),
  // conversation.presence (modules/routing): a colleague views, types in or leaves a conversation;
  // ephemeral like typing, published on the bus directly so every process's gateway relays it.
  actor: z.object({ id: z.string(), displayName: z.string() }).optional(),
  presence: z.enum(['viewing', 'typing', 'left']).optional(),
  // conversation.updated when only this changed: 'contact', its person (a profile lookup found
  // their name or picture); 'clock', its SLA clock. Screens refresh; the workers with nothing to
  // redo for it skip it (clocks and surveys for both, routing for 'contact').
  change: z.enum(['contact', 'clock']).optional(),
  // notification.created (modules/answers): for this staff member only, e.g. an @mention in a note.
  userId: z.string().optional(),
  // Events of a client's secure space (their threads, appointments): the client gateway pushes
  // an event to the client it names and to nobody else; staff gateways apply their usual rule.
  clientId: z.string().optional(),
  // community.* events: what changed, by ids (conversationId and teamId are empty strings).
  community: z
    .object({
      kind: z.enum(['topic', 'post', 'idea', 'event', 'group', 'notification', 'moderation']),
      id: z.string(),
      topicId: z.string().optional(),
      memberId: z.string().optional(),
    })
    .optional(),
});
// sla.warning / sla.breached: a conversation's SLA clock reached 80 % or ran out (modules/sla);
// same shape, so the gateway's visibility check and the screens' refetch apply unchanged.
export type BusEvent = z.infer<typeof busEventSchema>;

/** Frames the server sends to a WebSocket client. */
export type ServerFrame = { type: 'event'; event: BusEvent } | { type: 'ready' } | { type: 'error'; message: string };
