import type { AppDeps } from '../../platform/app-deps.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import { escapeHtml } from '../../platform/text.ts';
import { createWorkLoop, type WorkLoop } from '../../platform/work-loop.ts';
import { getCommunitySettings } from './community-settings.ts';

const parisHour = (now: Date) =>
  Number(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: 'numeric', hour12: false }).format(now));

/**
 * The daily e-mail digest: once a day at the bank's hour (Europe/Paris), each member who wants it
 * gets one mail with what they have not read yet; those notifications are marked as mailed in the
 * same transaction, so nothing is mailed twice.
 */
export async function sendDigests(deps: AppDeps, now = new Date(), options: { anyHour?: boolean } = {}): Promise<number> {
  const settings = await getCommunitySettings(deps, deps.bankId);
  if (!options.anyHour && parisHour(now) !== settings.digestHour) return 0;
  const members = await deps.database.db
    .selectFrom('community_members as m')
    .select(['m.id', 'm.email', 'm.pseudonym'])
    .where('m.bank_id', '=', deps.bankId)
    .where('m.digest', '=', 'daily')
    .where('m.email', 'is not', null)
    .where((eb) => eb.or([eb('m.last_digest_at', 'is', null), eb('m.last_digest_at', '<', new Date(now.getTime() - 20 * 3600_000))]))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('community_notifications as n')
          .select('n.id')
          .whereRef('n.member_id', '=', 'm.id')
          .where('n.read_at', 'is', null)
          .where('n.emailed_at', 'is', null),
      ),
    )
    .limit(500)
    .execute();
  let sent = 0;
  for (const member of members) {
    await deps.database.db.transaction().execute(async (tx) => {
      const notes = await tx
        .updateTable('community_notifications')
        .set({ emailed_at: now })
        .where('member_id', '=', member.id)
        .where('read_at', 'is', null)
        .where('emailed_at', 'is', null)
        .returning(['text', 'url', 'created_at'])
        .execute();
      await tx.updateTable('community_members').set({ last_digest_at: now }).where('id', '=', member.id).execute();
      if (!notes.length || !member.email) return;
      notes.sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
      const base = deps.config.publicUrl;
      const lines = notes.slice(0, 30).map((n) => `• ${n.text}\n  ${base}${n.url}`);
      await queueMail(tx, deps.bankId, {
        kind: 'community.digest',
        to: member.email,
        subject: `Communauté : ${notes.length} nouveauté${notes.length > 1 ? 's' : ''} pour vous`,
        text: `Bonjour ${member.pseudonym},\n\nVoici ce qui s'est passé dans la communauté depuis votre dernière visite :\n\n${lines.join('\n')}\n\nPour ne plus recevoir ce résumé : ${base}/communaute/moi`,
        html: `<p>Bonjour ${escapeHtml(member.pseudonym)},</p><p>Voici ce qui s'est passé dans la communauté depuis votre dernière visite :</p><ul>${notes
          .slice(0, 30)
          .map((n) => `<li><a href="${escapeHtml(base + n.url)}">${escapeHtml(n.text)}</a></li>`)
          .join('')}</ul><p><a href="${escapeHtml(`${base}/communaute/moi`)}">Gérer mes notifications</a></p>`,
      });
      sent++;
    });
  }
  return sent;
}

export function createDigestWorker(deps: AppDeps): WorkLoop {
  const loop = createWorkLoop('community-digest', deps.logger, async () => {
    await sendDigests(deps);
    return 0;
  });
  return { ...loop, start: () => loop.start(5 * 60_000) };
}
