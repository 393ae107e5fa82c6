import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import type { PresenceEntry, PresenceState } from '@agora/contracts/routing.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';

/** A screen says "viewing" again at least this often; silence past it means the person left. */
export const VIEWING_TTL_MS = 60_000;
/** Typing shows for a few seconds after the last keystroke reported. */
export const TYPING_TTL_MS = 8_000;

type Seen = { displayName: string; state: 'viewing' | 'typing'; at: number };

/**
 * Who is viewing or typing in which conversation: kept in memory in each process and fed by the
 * bus, so every process (and its WebSocket gateway) knows what any colleague does. Nothing is
 * stored: presence is worth seconds.
 */
export interface PresenceBoard {
  announce(p: StaffPrincipal, scope: { id: string; team_id: string; advisor_id: string | null }, state: PresenceState): Promise<void>;
  list(conversationId: string): PresenceEntry[];
  close(): void;
}

export function createPresenceBoard(deps: AppDeps): PresenceBoard {
  const board = new Map<string, Map<string, Seen>>();
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type !== 'conversation.presence' || event.bankId !== deps.bankId || !event.actor || !event.presence) return;
    const people = board.get(event.conversationId) ?? new Map<string, Seen>();
    if (event.presence === 'left') people.delete(event.actor.id);
    else
      people.set(event.actor.id, { displayName: event.actor.displayName, state: event.presence, at: Date.parse(event.at) || Date.now() });
    if (people.size === 0) board.delete(event.conversationId);
    else board.set(event.conversationId, people);
  });

  return {
    async announce(p, scope, state) {
      const event: BusEvent = {
        type: 'conversation.presence',
        bankId: p.bankId,
        conversationId: scope.id,
        teamId: scope.team_id,
        advisorId: scope.advisor_id,
        messageId: null,
        at: new Date().toISOString(),
        actor: { id: p.userId, displayName: p.displayName },
        presence: state,
      };
      await deps.bus.publish(event, randomUUID());
    },
    list(conversationId) {
      const now = Date.now();
      const people = board.get(conversationId);
      if (!people) return [];
      const entries: PresenceEntry[] = [];
      for (const [userId, seen] of people) {
        // Typing that stopped falls back to viewing; viewing that stopped is gone.
        if (now - seen.at > VIEWING_TTL_MS) {
          people.delete(userId);
          continue;
        }
        const state = seen.state === 'typing' && now - seen.at > TYPING_TTL_MS ? 'viewing' : seen.state;
        entries.push({ userId, displayName: seen.displayName, state, at: new Date(seen.at).toISOString() });
      }
      return entries.sort((a, b) => a.displayName.localeCompare(b.displayName));
    },
    close: unsubscribe,
  };
}
