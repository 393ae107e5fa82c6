import { appointmentsTimelineSource } from '../appointments/appointments-timeline.source.ts';
import { cofinancingTimelineSource } from '../cofinancing/cofinancing-timeline.source.ts';
import { communityTimelineSource } from '../community/community-timeline.source.ts';
import { secureMessagesTimelineSource } from '../secure-messaging/secure-timeline.source.ts';
import { clientNotesTimelineSource } from './client-notes.service.ts';
import { conversationsTimelineSource } from './client-timeline.conversations.ts';
import type { TimelineSource } from './client-timeline.types.ts';

/**
 * Everything that makes up a client's timeline in the 360 view, one line per source. A module
 * that adds a kind of history (secure messages, appointments, co-financing, community) writes a
 * TimelineSource next to its own tables and adds it here; see client-timeline.types.ts for the
 * contract each source keeps (scope, order, cursor, viewer).
 */
export const CLIENT_TIMELINE_SOURCES: readonly TimelineSource[] = [
  conversationsTimelineSource,
  clientNotesTimelineSource,
  communityTimelineSource,
  cofinancingTimelineSource,
  secureMessagesTimelineSource,
  appointmentsTimelineSource,
];
