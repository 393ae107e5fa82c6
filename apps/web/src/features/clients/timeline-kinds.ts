import { IconCalendarEvent, IconLock, IconNote, IconPlant2, type Icon as TablerIcon } from '@tabler/icons-react';

/**
 * How the 360's timeline shows what other modules add: where an item's link opens in the
 * workstation, and the icon of a kind that is not a social channel. One line per module (secure
 * messages, appointments, co-financing, community); labels are i18n keys `clients.c360.kinds.<kind>`.
 */
export const TIMELINE_LINKS: Record<string, (id: string) => string> = {
  conversation: (id) => `/inbox/${id}`,
  secure_thread: (id) => `/secure/${id}`,
  // The advisor's agenda lists the appointment (a bank-wide reader opens their own agenda).
  appointment: () => '/agenda',
};

export const TIMELINE_CHANNEL_ICONS: Record<string, TablerIcon> = {
  note: IconNote,
  secure: IconLock,
  appointment: IconCalendarEvent,
  cofinancing: IconPlant2,
};
