import { BANK_WIDE_ROLES, type Role } from '@agora/contracts/common.schema.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** The signed-in staff member behind a request or a WebSocket. */
export interface StaffPrincipal {
  userId: string;
  bankId: string;
  role: Role;
  teamIds: string[];
  email: string;
  firstName: string;
  displayName: string;
  csrfToken: string;
  /** Hash of the session token: lets a gateway re-check that the session is still alive. */
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffPrincipal | null;
  }
}

export const SESSION_COOKIE = 'agora_session';

/** preHandler: a signed-in staff member, optionally with one of `roles`. */
export function requireStaff(roles?: readonly Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.staff) throw new AppError('unauthenticated', 'not_signed_in', 'Connectez-vous pour continuer.');
    if (roles && !roles.includes(request.staff.role)) {
      throw new AppError('forbidden', 'role_forbidden', 'Votre rôle ne permet pas cette action.');
    }
  };
}

export function principalOf(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new AppError('unauthenticated', 'not_signed_in', 'Connectez-vous pour continuer.');
  return request.staff;
}

export interface ConversationScope {
  bankId: string;
  teamId: string;
  /** The own advisor of the client behind the contact, when the contact is linked to a client. */
  advisorId: string | null;
}

/**
 * Who sees a conversation: the bank-wide roles see all of their bank; others see their teams'
 * conversations, and an advisor also sees their own clients' wherever they arrive.
 */
export function canSeeConversation(p: StaffPrincipal, scope: ConversationScope): boolean {
  if (p.bankId !== scope.bankId) return false;
  if (BANK_WIDE_ROLES.includes(p.role)) return true;
  if (p.teamIds.includes(scope.teamId)) return true;
  return scope.advisorId !== null && scope.advisorId === p.userId;
}
