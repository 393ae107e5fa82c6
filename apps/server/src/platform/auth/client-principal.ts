import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** The signed-in client behind a request or a WebSocket of the secure space. */
export interface ClientPrincipal {
  clientId: string;
  bankId: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Their own advisor, who sees their whole relationship. */
  advisorId: string | null;
  csrfToken: string;
  /** Hash of the session token. */
  sessionId: string;
  /** Last time the client proved both factors (sign-in or re-authentication). */
  reauthenticatedAt: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The secure-space client behind the `agora_client` cookie; null when none is alive. */
    client: ClientPrincipal | null;
  }
}

/** Sensitive actions (contact details, linking a social identity) need both factors this recently. */
export const REAUTH_WINDOW_MS = 5 * 60_000;

const notSignedIn = () => new AppError('unauthenticated', 'client_not_signed_in', 'Connectez-vous à votre espace sécurisé pour continuer.');

/** preHandler: a signed-in client of the secure space. */
export async function requireClient(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.client) throw notSignedIn();
}

export function clientOf(request: FastifyRequest): ClientPrincipal {
  if (!request.client) throw notSignedIn();
  return request.client;
}

/**
 * For a sensitive action: the client must have proved both factors in the last five minutes,
 * else the screen asks for them again (POST /api/client/auth/reauthenticate) and retries.
 */
export function requireRecentAuth(principal: ClientPrincipal, now = new Date()): void {
  if (now.getTime() - principal.reauthenticatedAt.getTime() > REAUTH_WINDOW_MS) {
    throw new AppError('forbidden', 'reauthentication_required', 'Pour cette action, confirmez votre identité (mot de passe et code).');
  }
}
