import type { Socket } from 'node:net';
import type { BusEvent, ServerFrame } from '@agora/contracts/events.schema.ts';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppDeps } from '../../platform/app-deps.ts';
import { canSeeConversation, type StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { authenticateSessionToken, isSessionAlive, sessionTokenFromCookieHeader } from '../../platform/auth/staff-session.service.ts';

const SESSION_RECHECK_MS = 15_000;

export interface RealtimeGateway {
  /** Closes every socket of a user at once (deactivation, password reset). */
  closeUser(userId: string): void;
  connectedCount(): number;
}

/**
 * Pushes bus events to the staff who may see them. Each socket carries its principal; the same
 * visibility rule as the HTTP routes decides, per event, who gets a frame. Frames carry ids only:
 * the screen refetches through the API, which checks access again.
 */
export async function registerRealtimeGateway(app: FastifyInstance, deps: AppDeps): Promise<RealtimeGateway> {
  const sockets = new Map<WebSocket, StaffPrincipal>();

  // The events of one publish (an ingest batch's, a hundred at a time under load) leave in one
  // write per socket rather than a system call per frame: the socket is corked at its first
  // frame and uncorked once the publish's synchronous run is over.
  const corked = new Set<Socket>();
  const uncorkAll = () => {
    for (const raw of corked) raw.uncork();
    corked.clear();
  };
  const send = (socket: WebSocket, frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN) return;
    // ws keeps its TCP socket as `_socket`; without it (another transport), frames go one by one.
    const raw = (socket as unknown as { _socket?: Socket })._socket;
    if (raw && !corked.has(raw)) {
      if (corked.size === 0) process.nextTick(uncorkAll);
      raw.cork();
      corked.add(raw);
    }
    socket.send(JSON.stringify(frame));
  };

  const unsubscribe = deps.bus.subscribe((event: BusEvent) => {
    // Community events go out through the community's own socket (modules/community).
    if (event.community) return;
    for (const [socket, principal] of sockets) {
      // A personal event (a notification) goes to its addressee only.
      if (event.userId !== undefined && event.userId !== principal.userId) continue;
      if (canSeeConversation(principal, { bankId: event.bankId, teamId: event.teamId, advisorId: event.advisorId }))
        send(socket, { type: 'event', event });
    }
  });

  // Sessions can also end in another process: re-check every open socket's session now and then.
  const recheck = setInterval(async () => {
    for (const [socket, principal] of sockets) {
      if (!(await isSessionAlive(deps, principal.sessionId).catch(() => true))) socket.close(4401, 'session ended');
    }
  }, SESSION_RECHECK_MS);
  recheck.unref();
  app.addHook('onClose', async () => {
    clearInterval(recheck);
    unsubscribe();
    for (const socket of sockets.keys()) socket.close(1001, 'server stopping');
  });

  app.get('/api/ws', { websocket: true }, async (socket, request) => {
    // A cross-site page cannot open a socket with our cookie (cross-site WebSocket hijacking).
    const origin = request.headers.origin;
    const host = request.headers.host;
    const sameOrigin = origin !== undefined && host !== undefined && new URL(origin).host === host;
    const publicOrigin = origin !== undefined && origin === new URL(deps.config.publicUrl).origin;
    if (!sameOrigin && !publicOrigin) {
      send(socket, { type: 'error', message: 'Origine refusée.' });
      socket.close(4403, 'origin refused');
      return;
    }
    const token = sessionTokenFromCookieHeader(request.headers.cookie);
    const principal = token ? await authenticateSessionToken(deps, token) : null;
    if (!principal) {
      send(socket, { type: 'error', message: 'Connectez-vous pour recevoir les mises à jour.' });
      socket.close(4401, 'not signed in');
      return;
    }
    sockets.set(socket, principal);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    // Clients send nothing but pings; anything else is ignored.
    socket.on('message', () => undefined);
    send(socket, { type: 'ready' });
  });

  return {
    closeUser(userId) {
      for (const [socket, principal] of sockets) if (principal.userId === userId) socket.close(4401, 'session ended');
    },
    connectedCount: () => sockets.size,
  };
}
