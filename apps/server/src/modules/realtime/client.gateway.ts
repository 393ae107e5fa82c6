import type { BusEvent, ServerFrame } from '@agora/contracts/events.schema.ts';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import {
  clientTokenFromCookieHeader,
  isClientSessionAlive,
  resolveClientSessionToken,
} from '../../platform/auth/client-session.service.ts';

const SESSION_RECHECK_MS = 10_000;

export interface ClientGateway {
  /** Closes every socket of a client at once (logout elsewhere, account disabled). */
  closeClient(clientId: string): void;
  connectedCount(): number;
}

/**
 * The secure space's live channel: a client receives the events that name them (`clientId`), and
 * nothing else. Frames carry ids only; the screen refetches through the API, which checks
 * ownership again. Sockets close as soon as the session ends (idle, logout, another process).
 */
export async function registerClientGateway(app: FastifyInstance, deps: AppDeps): Promise<ClientGateway> {
  const sockets = new Map<WebSocket, ClientPrincipal>();
  const send = (socket: WebSocket, frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  const unsubscribe = deps.bus.subscribe((event: BusEvent) => {
    if (!event.clientId) return;
    for (const [socket, principal] of sockets) {
      if (principal.clientId === event.clientId && principal.bankId === event.bankId) send(socket, { type: 'event', event });
    }
  });

  const recheck = setInterval(async () => {
    for (const [socket, principal] of sockets) {
      if (!(await isClientSessionAlive(deps, principal.sessionId).catch(() => true))) socket.close(4401, 'session ended');
    }
  }, SESSION_RECHECK_MS);
  recheck.unref();
  app.addHook('onClose', async () => {
    clearInterval(recheck);
    unsubscribe();
    for (const socket of sockets.keys()) socket.close(1001, 'server stopping');
  });

  app.get('/api/client/ws', { websocket: true }, async (socket, request) => {
    // A cross-site page cannot open a socket with our cookie (cross-site WebSocket hijacking).
    const origin = request.headers.origin;
    const host = request.headers.host;
    let sameOrigin = false;
    try {
      sameOrigin = origin !== undefined && host !== undefined && new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
    const publicOrigin = origin !== undefined && origin === new URL(deps.config.publicUrl).origin;
    if (!sameOrigin && !publicOrigin) {
      send(socket, { type: 'error', message: 'Origine refusée.' });
      socket.close(4403, 'origin refused');
      return;
    }
    const token = clientTokenFromCookieHeader(request.headers.cookie);
    const session = token ? await resolveClientSessionToken(deps, token, { touch: false }) : null;
    if (!session) {
      send(socket, { type: 'error', message: 'Connectez-vous à votre espace sécurisé.' });
      socket.close(4401, 'not signed in');
      return;
    }
    sockets.set(socket, session.principal);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    socket.on('message', () => undefined);
    send(socket, { type: 'ready' });
  });

  return {
    closeClient(clientId) {
      for (const [socket, principal] of sockets) if (principal.clientId === clientId) socket.close(4401, 'session ended');
    },
    connectedCount: () => sockets.size,
  };
}
