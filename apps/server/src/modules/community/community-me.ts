import { randomUUID } from 'node:crypto';
import type { CommunityMe, NotificationView } from '@agora/contracts/community.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { sniffFileType } from '../live-chat/file-sniffing.ts';
import { communityErrors } from './community.errors.ts';
import type { ActorContext } from './community-actor.ts';
import { checkPseudonym, type Member, pseudonymKey, suggestPseudonym } from './community-members.ts';
import { getCommunitySettings } from './community-settings.ts';
import { UPLOAD_PATH } from './post-content.ts';
import { can, TRUST_LABELS } from './trust-levels.ts';

export async function communityMe(deps: AppDeps, context: ActorContext): Promise<CommunityMe> {
  const { actor, staff, client, prospect } = context;
  const settings = await getCommunitySettings(deps, deps.bankId);
  const member = actor.kind === 'member' ? actor.member : null;
  const badges = member
    ? (await deps.database.db.selectFrom('community_badges').select(['badge']).where('member_id', '=', member.id).execute()).map(
        (b) => b.badge,
      )
    : [];
  const unread = member
    ? Number(
        (
          await deps.database.db
            .selectFrom('community_notifications')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('member_id', '=', member.id)
            .where('read_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
  const kind: CommunityMe['kind'] =
    actor.kind === 'staff'
      ? 'staff'
      : actor.kind === 'newcomer'
        ? 'client'
        : member
          ? member.kind === 'client'
            ? 'client'
            : 'prospect'
          : 'anonymous';
  const csrfToken = actor.kind === 'staff' ? actor.staff.csrfToken : (client?.csrfToken ?? prospect?.csrfToken ?? staff?.csrfToken ?? null);
  return {
    kind,
    needsPseudonym: actor.kind === 'newcomer',
    canActAsStaff: staff !== null,
    staffName: staff?.firstName ?? null,
    csrfToken,
    member: member
      ? {
          id: member.id,
          pseudonym: member.pseudonym,
          trustLevel: member.trustLevel,
          trustLabel: TRUST_LABELS[member.trustLevel] ?? '',
          reputation: member.reputation,
          isAmbassador: member.isAmbassador,
          badges,
          digest: member.digest,
          abilities: { flag: can(member, 'flag', settings), editWiki: can(member, 'editWiki', settings) },
        }
      : null,
    unreadNotifications: unread,
    suggestedPseudonym: actor.kind === 'newcomer' ? suggestPseudonym(actor.client) : null,
  };
}

export async function updatePreferences(deps: AppDeps, member: Member, input: { digest?: 'daily' | 'off'; pseudonym?: string }) {
  const changes: { digest?: 'daily' | 'off'; pseudonym?: string; pseudonym_key?: string } = {};
  if (input.digest) changes.digest = input.digest;
  if (input.pseudonym && input.pseudonym !== member.pseudonym) {
    const pseudonym = await checkPseudonym(deps.database.db, deps.bankId, input.pseudonym, member.id);
    changes.pseudonym = pseudonym;
    changes.pseudonym_key = pseudonymKey(pseudonym);
  }
  if (Object.keys(changes).length)
    await deps.database.db
      .updateTable('community_members')
      .set(changes)
      .where('id', '=', member.id)
      .where('bank_id', '=', deps.bankId)
      .execute();
}

export async function listNotifications(deps: AppDeps, member: Member): Promise<NotificationView[]> {
  const rows = await deps.database.db
    .selectFrom('community_notifications')
    .select(['id', 'kind', 'text', 'url', 'created_at', 'read_at'])
    .where('member_id', '=', member.id)
    .where('bank_id', '=', deps.bankId)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    text: r.text,
    url: r.url,
    createdAt: r.created_at.toISOString(),
    read: r.read_at !== null,
  }));
}

export async function markNotificationsRead(deps: AppDeps, member: Member, ids: string[] | 'all') {
  let q = deps.database.db
    .updateTable('community_notifications')
    .set({ read_at: new Date() })
    .where('member_id', '=', member.id)
    .where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
  await q.execute();
}

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** An image for a post: checked by its content (not its name or declared type), 2 MB at most. */
export async function saveUpload(deps: AppDeps, uploader: { memberId: string | null; staffId: string | null }, bytes: Buffer) {
  if (bytes.byteLength === 0) throw communityErrors.uploadRefused('Le fichier est vide.');
  if (bytes.byteLength > MAX_IMAGE_BYTES) throw communityErrors.uploadRefused('Image trop volumineuse : 2 Mo au maximum.');
  const sniffed = sniffFileType(bytes);
  if (!sniffed || sniffed.kind !== 'image') throw communityErrors.uploadRefused('Seules les images PNG, JPEG, GIF ou WebP sont acceptées.');
  const id = randomUUID();
  await deps.database.db
    .insertInto('community_uploads')
    .values({
      id,
      bank_id: deps.bankId,
      member_id: uploader.memberId,
      staff_id: uploader.staffId,
      content_type: sniffed.mime,
      size_bytes: bytes.byteLength,
      data: new Uint8Array(bytes),
    })
    .execute();
  return { id, url: `${UPLOAD_PATH}${id}`, contentType: sniffed.mime };
}

export async function readUpload(deps: AppDeps, id: string) {
  return deps.database.db
    .selectFrom('community_uploads')
    .select(['content_type', 'data'])
    .where('bank_id', '=', deps.bankId)
    .where('id', '=', id)
    .executeTakeFirst();
}
