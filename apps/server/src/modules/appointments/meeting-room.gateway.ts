import { type MeetingRole, type MeetingServerFrame, meetingClientFrameSchema } from '@agora/contracts/appointments.schema.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppDeps } from '../../platform/app-deps.ts';
import { isClientSessionAlive } from '../../platform/auth/client-session.service.ts';
import { isSessionAlive } from '../../platform/auth/staff-session.service.ts';
import { appointmentById, ROOM_CLOSES_AFTER_MS, ROOM_OPENS_BEFORE_MS } from './appointments.repository.ts';

const SESSION_RECHECK_MS = 15_000;
/** Signalling is a few dozen frames per call; a flood is a bug or an abuse, and ends the socket. */
const MAX_FRAMES_PER_10S = 300;

interface Seat {
  socket: WebSocket;
  name: string;
  sessionId: string;
}

/** The STUN/TURN servers the two browsers use to find a path (config, documented in the README). */
export function iceServersOf(config: AppDeps['config']) {
  const split = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const servers: { urls: string[]; username?: string; credential?: string }[] = [];
  const stun = split(config.MEETING_STUN_URLS);
  if (stun.length) servers.push({ urls: stun });
  const turn = split(config.MEETING_TURN_URLS);
  if (turn.length) {
    servers.push({
      urls: turn,
      ...(config.MEETING_TURN_USERNAME ? { username: config.MEETING_TURN_USERNAME } : {}),
      ...(config.MEETING_TURN_CREDENTIAL ? { credential: config.MEETING_TURN_CREDENTIAL } : {}),
    });
  }
  return servers;
}

function sameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  try {
    return origin !== undefined && ((host !== undefined && new URL(origin).host === host) || origin === new URL(publicUrl).origin);
  } catch {
    return false;
  }
}

/**
 * The meeting room of a video appointment: a WebSocket that relays WebRTC signalling (offers,
 * answers, ICE candidates) and the chat between exactly two people, the appointment's client and
 * its advisor, from 15 minutes before the start until 30 minutes after the end. Media flow
 * browser to browser; the server sees signalling and chat only, keeps neither, and logs neither.
 * Rooms live in this process: one web process per deployment, or sticky routing by appointment
 * (ADR 032).
 */
export async function registerMeetingRoom(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const rooms = new Map<string, Map<MeetingRole, Seat>>();
  const send = (socket: WebSocket, frame: MeetingServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const refuse = (socket: WebSocket, code: number, errorCode: string, message: string) => {
    send(socket, { type: 'error', code: errorCode, message });
    socket.close(code, errorCode);
  };

  const recheck = setInterval(async () => {
    for (const room of rooms.values()) {
      for (const [role, seat] of room) {
        const alive =
          role === 'client'
            ? await isClientSessionAlive(deps, seat.sessionId).catch(() => true)
            : await isSessionAlive(deps, seat.sessionId).catch(() => true);
        if (!alive) seat.socket.close(4401, 'session ended');
      }
    }
  }, SESSION_RECHECK_MS);
  recheck.unref();
  app.addHook('onClose', async () => {
    clearInterval(recheck);
    for (const room of rooms.values()) for (const seat of room.values()) seat.socket.close(1001, 'server stopping');
  });

  app.get('/api/meetings/:id/ws', { websocket: true }, async (socket, request) => {
    // A cross-site page cannot open a socket with our cookies (cross-site WebSocket hijacking).
    if (!sameOrigin(request, deps.config.publicUrl)) return refuse(socket, 4403, 'origin_refused', 'Origine refusée.');
    const id = (request.params as { id?: string }).id ?? '';
    const bankId = request.client?.bankId ?? request.staff?.bankId;
    if (!bankId) return refuse(socket, 4401, 'not_signed_in', 'Connectez-vous pour rejoindre ce rendez-vous.');
    const row = await appointmentById(deps.database.db, bankId, id);
    // Only the two people of the appointment; to anyone else it does not exist.
    let role: MeetingRole | null = null;
    let seat: Seat | null = null;
    if (row && request.client && row.client_id === request.client.clientId) {
      role = 'client';
      seat = { socket, name: `${request.client.firstName} ${request.client.lastName}`, sessionId: request.client.sessionId };
    } else if (row && request.staff && row.advisor_id === request.staff.userId) {
      role = 'advisor';
      seat = { socket, name: request.staff.displayName, sessionId: request.staff.sessionId };
    }
    if (!row || !role || !seat) return refuse(socket, 4404, 'appointment_not_found', "Ce rendez-vous n'existe pas.");
    if (row.mode !== 'video') return refuse(socket, 4409, 'not_video', "Ce rendez-vous n'a pas lieu en vidéo.");
    const now = Date.now();
    const opensAt = row.starts_at.getTime() - ROOM_OPENS_BEFORE_MS;
    const closesAt = row.ends_at.getTime() + ROOM_CLOSES_AFTER_MS;
    if (row.status !== 'booked' || now < opensAt || now >= closesAt) {
      return refuse(socket, 4403, 'room_closed', 'La salle ouvre 15 minutes avant le rendez-vous et ferme 30 minutes après sa fin.');
    }

    const room = rooms.get(row.id) ?? new Map<MeetingRole, Seat>();
    rooms.set(row.id, room);
    // The same person from another tab or after a reload takes their seat back.
    room.get(role)?.socket.close(4409, 'joined elsewhere');
    room.set(role, seat);
    const other: MeetingRole = role === 'client' ? 'advisor' : 'client';
    const closeTimer = setTimeout(() => socket.close(4403, 'room closed'), closesAt - now);
    closeTimer.unref();

    send(socket, { type: 'joined', role, peerPresent: room.has(other), iceServers: iceServersOf(deps.config) });
    const peer = room.get(other);
    if (peer) send(peer.socket, { type: 'peer-joined', role });

    let frames = 0;
    const window = setInterval(() => {
      frames = 0;
    }, 10_000);
    window.unref();
    socket.on('message', (raw) => {
      if (++frames > MAX_FRAMES_PER_10S) return socket.close(4429, 'too many frames');
      let parsed: ReturnType<typeof meetingClientFrameSchema.safeParse>;
      try {
        parsed = meetingClientFrameSchema.safeParse(JSON.parse(String(raw)));
      } catch {
        return send(socket, { type: 'error', code: 'invalid_frame', message: 'Message illisible.' });
      }
      if (!parsed.success) return send(socket, { type: 'error', code: 'invalid_frame', message: 'Message illisible.' });
      const frame = parsed.data;
      const target = room.get(other);
      if (frame.type === 'ping') return send(socket, { type: 'pong' });
      if (frame.type === 'signal') {
        if (target) send(target.socket, { type: 'signal', data: frame.data });
        return;
      }
      const chat: MeetingServerFrame = { type: 'chat', from: role, name: seat.name, text: frame.text, at: new Date().toISOString() };
      send(socket, chat);
      if (target) send(target.socket, chat);
    });
    const leave = () => {
      clearTimeout(closeTimer);
      clearInterval(window);
      if (room.get(role)?.socket !== socket) return;
      room.delete(role);
      const stay = room.get(other);
      if (stay) send(stay.socket, { type: 'peer-left', role });
      if (room.size === 0) rooms.delete(row.id);
    };
    socket.on('close', leave);
    socket.on('error', leave);
  });
}
