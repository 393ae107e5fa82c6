import type { Client360 } from '@agora/contracts/client-360.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import '../../platform/auth/client-auth.tables.ts';
import './client-360.tables.ts';
import { accessToClient } from './client-access.ts';
import { computeSegments } from './client-segment.service.ts';

const isoDate = (d: Date | string | null) => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** The client as their advisor sees them: who they are, who follows them, where they talk to us. */
export async function getClient360(deps: AppDeps, principal: StaffPrincipal, clientId: string): Promise<Client360> {
  const access = await accessToClient(deps, principal, clientId);
  const db = deps.database.db;
  const bankId = principal.bankId;
  // A client the segment worker has not reached yet (just created, just linked) is computed now.
  const computed = await db.selectFrom('client_segments').select(['client_id']).where('client_id', '=', clientId).executeTakeFirst();
  if (!computed) await computeSegments(deps, bankId, [clientId]);
  const client = await db
    .selectFrom('clients as c')
    .leftJoin('staff_users as adv', 'adv.id', 'c.advisor_id')
    .leftJoin('client_accounts as a', 'a.client_id', 'c.id')
    .leftJoin('client_segments as s', 's.client_id', 'c.id')
    .select([
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.email',
      'c.phone',
      'c.birth_date',
      'c.created_at',
      'c.advisor_id',
      'adv.display_name as advisor_name',
      'a.status as account_status',
      's.segment',
      's.social_count',
      's.web_count',
      's.computed_at',
    ])
    .where('c.bank_id', '=', bankId)
    .where('c.id', '=', clientId)
    .executeTakeFirstOrThrow();
  const identities = await db
    .selectFrom('contacts')
    .select(['id', 'platform', 'handle', 'display_name', 'profile_url', 'created_at'])
    .where('bank_id', '=', bankId)
    .where('client_id', '=', clientId)
    .orderBy('created_at', 'desc')
    .execute();
  const isAdmin = principal.role === 'admin';
  const unlinks = isAdmin
    ? await db
        .selectFrom('client_identity_unlinks as u')
        .innerJoin('contacts as ct', 'ct.id', 'u.contact_id')
        .innerJoin('staff_users as su', 'su.id', 'u.unlinked_by')
        .select([
          'u.id',
          'u.reason',
          'u.unlinked_at',
          'su.display_name as unlinked_by',
          'ct.id as contact_id',
          'ct.platform',
          'ct.handle',
          'ct.display_name',
          'ct.profile_url',
          'ct.client_id as current_client_id',
          'ct.created_at',
        ])
        .where('u.bank_id', '=', bankId)
        .where('u.client_id', '=', clientId)
        .where('u.relinked_at', 'is', null)
        .orderBy('u.unlinked_at', 'desc')
        .limit(50)
        .execute()
    : [];
  const full = access.level === 'full';
  return {
    id: client.id,
    firstName: client.first_name,
    lastName: client.last_name,
    email: client.email,
    phone: client.phone,
    birthDate: isoDate(client.birth_date as Date | string | null),
    createdAt: client.created_at.toISOString(),
    advisor: client.advisor_id ? { id: client.advisor_id, displayName: client.advisor_name ?? '' } : null,
    segment:
      client.segment && client.computed_at
        ? {
            value: client.segment,
            socialCount: client.social_count ?? 0,
            webCount: client.web_count ?? 0,
            computedAt: client.computed_at.toISOString(),
          }
        : null,
    spaceStatus: client.account_status ?? 'none',
    identities: identities.map((i) => ({
      contactId: i.id,
      platform: i.platform,
      handle: i.handle,
      displayName: i.display_name,
      profileUrl: i.profile_url,
      firstSeenAt: i.created_at.toISOString(),
    })),
    unlinkedIdentities: unlinks.map((u) => ({
      unlinkId: u.id,
      contactId: u.contact_id,
      platform: u.platform,
      handle: u.handle,
      displayName: u.display_name,
      profileUrl: u.profile_url,
      firstSeenAt: u.created_at.toISOString(),
      reason: u.reason,
      unlinkedAt: u.unlinked_at.toISOString(),
      unlinkedBy: u.unlinked_by,
      relinkable: u.current_client_id === null,
    })),
    access: access.level,
    can: {
      // The invitation API's own rule: the client's advisor, or an admin.
      invite: isAdmin || (principal.role === 'advisor' && client.advisor_id === principal.userId),
      unlink: isAdmin,
      writeNote: full,
    },
  };
}
