import type { BusEvent, ServerFrame } from '@agora/contracts/events.schema.ts';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppDeps } from '../../platform/app-deps.ts';
import { clientTokenFromCookieHeader, resolveClientSessionToken } from '../../platform/auth/client-session.service.ts';
import { authenticateSessionToken, sessionTokenFromCookieHeader } from '../../platform/auth/staff-session.service.ts';
import { findMember } from './community-members.ts';
import { PROSPECT_COOKIE, resolveProspectSession } from './prospect-auth.service.ts';

interface Listener {
  memberId: string | null;
  staff: boolean;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The community's live channel (/api/community/ws): topics, ideas and live Q&A refresh as they
 * change, for anyone reading them (frames carry ids only; the API decides what each may see).
 * A member's notifications go to that member only; moderation events to staff only.
 */
export async function registerCommunityGateway(app: FastifyInstance, deps: AppDeps) {
  const sockets = new Map<WebSocket, Listener>();
  const send = (socket: WebSocket, frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = deps.bus.subscribe((event: BusEvent) => {
    if (event.type !== 'community.changed' || !event.community || event.bankId !== deps.bankId) return;
    const { kind, memberId } = event.community;
    for (const [socket, listener] of sockets) {
      if (kind === 'notification' && listener.memberId !== memberId) continue;
      if (kind === 'moderation' && !listener.staff) continue;
      send(socket, { type: 'event', event });
    }
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    for (const socket of sockets.keys()) socket.close(1001, 'server stopping');
  });

  // Open to anonymous readers on purpose: public topics are public, and frames carry ids only.
  app.get('/api/community/ws', { websocket: true }, async (socket, request) => {
    const origin = request.headers.origin;
    const host = request.headers.host;
    let sameOrigin = false;
    try {
      sameOrigin = origin !== undefined && host !== undefined && new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
    if (!sameOrigin && origin !== new URL(deps.config.publicUrl).origin) {
      send(socket, { type: 'error', message: 'Origine refusée.' });
      socket.close(4403, 'origin refused');
      return;
    }
    const cookies = request.headers.cookie;
    const staffToken = sessionTokenFromCookieHeader(cookies);
    const staff = staffToken ? await authenticateSessionToken(deps, staffToken) : null;
    const clientToken = clientTokenFromCookieHeader(cookies);
    const client = clientToken ? await resolveClientSessionToken(deps, clientToken, { touch: false }) : null;
    const prospect = await resolveProspectSession(deps, cookieValue(cookies, PROSPECT_COOKIE));
    const member = client
      ? await findMember(deps.database.db, deps.bankId, { clientId: client.principal.clientId })
      : prospect
        ? await findMember(deps.database.db, deps.bankId, { prospectId: prospect.prospectId })
        : null;
    sockets.set(socket, { memberId: member?.id ?? null, staff: !!staff && staff.bankId === deps.bankId });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    socket.on('message', () => undefined);
    send(socket, { type: 'ready' });
  });
}
