import { z } from 'zod';

/** Appointments last one slot of the grid; starts sit on :00 and :30 (Europe/Paris wall clock). */
export const SLOT_MINUTES = 30;
export const APPOINTMENT_TIME_ZONE = 'Europe/Paris';

export const appointmentModeSchema = z.enum(['branch', 'phone', 'video']);
export type AppointmentMode = z.infer<typeof appointmentModeSchema>;

// Half-hour wall-clock times ("09:00", "12:30"; "24:00" closes a day at midnight).
const halfHour = z.string().regex(/^([01]\d|2[0-3]):(00|30)$|^24:00$/, 'heure attendue au format HH:MM, à l’heure ou à la demie');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ');
const rangeSchema = z.object({ start: halfHour, end: halfHour }).refine((r) => r.end > r.start, { message: 'la fin doit suivre le début' });
const dayRanges = z.array(rangeSchema).max(4);
export const weeklyHoursSchema = z.object({
  mon: dayRanges,
  tue: dayRanges,
  wed: dayRanges,
  thu: dayRanges,
  fri: dayRanges,
  sat: dayRanges,
  sun: dayRanges,
});
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

export const branchSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  postalCode: z.string(),
  city: z.string(),
  phone: z.string().nullable(),
  weeklyHours: weeklyHoursSchema,
  /** Public holidays (France) close every branch: the next ones, so the page can say so. */
  closedOn: z.array(z.object({ day: z.string(), label: z.string() })),
});
export type Branch = z.infer<typeof branchSchema>;

export const availabilityExceptionSchema = z.object({
  id: z.string(),
  day: z.string(),
  /** Both null: the whole day. */
  start: z.string().nullable(),
  end: z.string().nullable(),
  label: z.string(),
});
export type AvailabilityException = z.infer<typeof availabilityExceptionSchema>;

export const advisorAvailabilitySchema = z.object({
  advisorId: z.string(),
  branchId: z.string().nullable(),
  weeklyHours: weeklyHoursSchema,
  exceptions: z.array(availabilityExceptionSchema),
  /** False until the advisor saved a week once: clients see no slot before. */
  published: z.boolean(),
});
export type AdvisorAvailability = z.infer<typeof advisorAvailabilitySchema>;

export const availabilityInputSchema = z.object({
  branchId: z.string().uuid('agence inconnue').nullable(),
  weeklyHours: weeklyHoursSchema,
});
export type AvailabilityInput = z.infer<typeof availabilityInputSchema>;

export const availabilityExceptionInputSchema = z
  .object({
    day: isoDay,
    start: halfHour.nullable().default(null),
    end: halfHour.nullable().default(null),
    label: z.string().trim().max(120, '120 caractères au plus').default(''),
  })
  .refine((e) => (e.start === null) === (e.end === null), { message: 'indiquez le début et la fin, ou aucun des deux (journée entière)' })
  .refine((e) => e.start === null || (e.end !== null && e.end > e.start), { message: 'la fin doit suivre le début' });
export type AvailabilityExceptionInput = z.infer<typeof availabilityExceptionInputSchema>;

export const slotsQuerySchema = z.object({
  from: isoDay.optional(),
  days: z.coerce.number().int().min(1, 'au moins un jour').max(31, '31 jours au plus').default(14),
});

export const slotSchema = z.object({ startsAt: z.string(), endsAt: z.string() });
export const slotsResponseSchema = z.object({
  advisor: z.object({ displayName: z.string() }).nullable(),
  branch: branchSchema.nullable(),
  timeZone: z.string(),
  slots: z.array(slotSchema),
});
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;

export const bookingInputSchema = z.object({
  startsAt: z.string().datetime({ offset: true, message: 'date et heure attendues (ISO 8601)' }),
  mode: appointmentModeSchema,
  subject: z.string().trim().min(3, 'dites en quelques mots l’objet du rendez-vous').max(200, '200 caractères au plus'),
});
export type BookingInput = z.infer<typeof bookingInputSchema>;

export const rescheduleInputSchema = z.object({
  startsAt: z.string().datetime({ offset: true, message: 'date et heure attendues (ISO 8601)' }),
});

export const appointmentSchema = z.object({
  id: z.string(),
  mode: appointmentModeSchema,
  subject: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['booked', 'cancelled']),
  cancelledBy: z.enum(['client', 'advisor']).nullable(),
  advisor: z.object({ id: z.string(), displayName: z.string() }),
  client: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
  branch: z.object({ id: z.string(), name: z.string(), address: z.string(), city: z.string() }).nullable(),
  /** Whether the one reading may still cancel or move it (the client's cut-off, or the start for the advisor). */
  canChange: z.boolean(),
  /** The last instant the client may cancel or move it themselves. */
  changeDeadline: z.string(),
  /** A video appointment's room is open to its two people from a little before until a little after. */
  roomOpensAt: z.string().nullable(),
  roomClosesAt: z.string().nullable(),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export const appointmentNoticeSchema = z.object({
  id: z.string(),
  appointmentId: z.string(),
  kind: z.string(),
  text: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type AppointmentNotice = z.infer<typeof appointmentNoticeSchema>;

export const agendaQuerySchema = z.object({
  advisorId: z.string().uuid('conseiller inconnu').optional(),
  from: isoDay.optional(),
  days: z.coerce.number().int().min(1).max(62).default(14),
});

/** What the meeting room's WebSocket carries, client to server. */
export const meetingClientFrameSchema = z.discriminatedUnion('type', [
  // SDP offers/answers and ICE candidates, relayed as they are to the other person.
  z.object({ type: z.literal('signal'), data: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('chat'), text: z.string().trim().min(1).max(2000) }),
  z.object({ type: z.literal('ping') }),
]);
export type MeetingClientFrame = z.infer<typeof meetingClientFrameSchema>;

export type MeetingRole = 'client' | 'advisor';
export type MeetingServerFrame =
  | { type: 'joined'; role: MeetingRole; peerPresent: boolean; iceServers: { urls: string[]; username?: string; credential?: string }[] }
  | { type: 'peer-joined'; role: MeetingRole }
  | { type: 'peer-left'; role: MeetingRole }
  | { type: 'signal'; data: Record<string, unknown> }
  | { type: 'chat'; from: MeetingRole; name: string; text: string; at: string }
  | { type: 'error'; code: string; message: string }
  | { type: 'pong' };
