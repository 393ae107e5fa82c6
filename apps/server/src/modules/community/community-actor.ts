import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import { CSRF_HEADER } from '../../platform/auth/staff-auth.plugin.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { safeEqual } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { communityErrors } from './community.errors.ts';
import { findMember, type Member, refreshClientEmail } from './community-members.ts';
import { PROSPECT_COOKIE, type ProspectSession, resolveProspectSession } from './prospect-auth.service.ts';

/**
 * Who is acting in the community: a member (a client through the secure-space session, or a
 * prospect through the community cookie), a staff member (shown as "Conseiller officiel"), a
 * client who has not chosen a pseudonym yet, or an anonymous reader.
 */
export type CommunityActor =
  | { kind: 'anonymous' }
  | { kind: 'staff'; staff: StaffPrincipal }
  | { kind: 'member'; member: Member; via: 'client' | 'prospect' }
  | { kind: 'newcomer'; client: ClientPrincipal };

export interface ActorContext {
  actor: CommunityActor;
  /** A staff session held by the same browser (the person may switch to "Conseiller officiel"). */
  staff: StaffPrincipal | null;
  client: ClientPrincipal | null;
  prospect: ProspectSession | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    community: ActorContext;
  }
}

/** Sent by the web app when the person chose to act as staff while also signed in as a member. */
export const ACT_AS_HEADER = 'x-community-as';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  return (request.cookies as Record<string, string | undefined> | undefined)?.[name];
}

/** The community's preHandler: resolves the actor and checks the prospect session's CSRF token. */
export function communityActorHook(deps: AppDeps) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const prospect = await resolveProspectSession(deps, cookieOf(request, PROSPECT_COOKIE));
    const staff = request.staff && request.staff.bankId === deps.bankId ? request.staff : null;
    const client = request.client && request.client.bankId === deps.bankId ? request.client : null;
    let actor: CommunityActor = { kind: 'anonymous' };
    if (staff && (request.headers[ACT_AS_HEADER] === 'staff' || (!client && !prospect))) actor = { kind: 'staff', staff };
    else if (client) {
      const member = await findMember(deps.database.db, deps.bankId, { clientId: client.clientId });
      if (member) await refreshClientEmail(deps, member, client);
      actor = member ? { kind: 'member', member, via: 'client' } : { kind: 'newcomer', client };
    } else if (prospect && prospect.bankId === deps.bankId) {
      const member = await findMember(deps.database.db, deps.bankId, { prospectId: prospect.prospectId });
      if (member) actor = { kind: 'member', member, via: 'prospect' };
    }
    request.community = { actor, staff, client, prospect };
    // The global hook checked the Origin and, when the browser holds a staff or client session,
    // its token. A browser with only the community cookie proves the page is ours with that one.
    if (STATE_CHANGING.has(request.method) && prospect && !request.staffSession && !request.client) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !safeEqual(header, prospect.csrfToken))
        throw new AppError('forbidden', 'csrf', 'Requête refusée : jeton de sécurité absent ou périmé. Rechargez la page.');
    }
  };
}

export const actorOf = (request: FastifyRequest): CommunityActor => request.community?.actor ?? { kind: 'anonymous' };

/** A member who may write; a client without a pseudonym is asked to choose one first. */
export function memberOf(request: FastifyRequest): Member {
  const actor = actorOf(request);
  if (actor.kind === 'member') return actor.member;
  if (actor.kind === 'newcomer') throw communityErrors.pseudonymRequired();
  throw communityErrors.signInRequired();
}

/** A member or a staff member acting as "Conseiller officiel". */
export function participantOf(request: FastifyRequest): Extract<CommunityActor, { kind: 'member' | 'staff' }> {
  const actor = actorOf(request);
  if (actor.kind === 'member' || actor.kind === 'staff') return actor;
  if (actor.kind === 'newcomer') throw communityErrors.pseudonymRequired();
  throw communityErrors.signInRequired();
}

export const COMMUNITY_STAFF_ROLES = ['community_manager', 'supervisor', 'admin', 'agent', 'advisor', 'compliance'] as const;
/** Who moderates and runs the community's programme (ideas, groups, events). */
export const COMMUNITY_MANAGERS = ['community_manager', 'supervisor', 'admin'] as const;

export function isManager(staff: StaffPrincipal | null): boolean {
  return !!staff && (COMMUNITY_MANAGERS as readonly string[]).includes(staff.role);
}
