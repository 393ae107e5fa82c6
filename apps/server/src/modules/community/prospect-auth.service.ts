import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import { hashPassword, spendPasswordCheckTime, verifyPassword } from '../../platform/auth/password.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import { communityErrors } from './community.errors.ts';
import './community.tables.ts';
import { checkPseudonym, insertMember } from './community-members.ts';

/**
 * Prospects' accounts (ADR 035): people who are not clients join the community with an e-mail
 * they confirm, a password and a pseudonym. Their session is a cookie of its own, never the
 * secure space's: a prospect session opens nothing but the community.
 */
export const PROSPECT_COOKIE = 'agora_community';
const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
const SESSION_IDLE_MS = 7 * 24 * 3600_000;
const VERIFICATION_MS = 48 * 3600_000;
const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60_000;

export interface ProspectSession {
  tokenHash: string;
  prospectId: string;
  bankId: string;
  csrfToken: string;
}

export async function signUpProspect(
  deps: AppDeps,
  bankId: string,
  input: { email: string; password: string; pseudonym: string },
): Promise<void> {
  const db = deps.database.db;
  const pseudonym = await checkPseudonym(db, bankId, input.pseudonym);
  const passwordHash = await hashPassword(input.password);
  const existing = await db
    .selectFrom('community_prospects')
    .select(['id', 'email_verified_at'])
    .where('bank_id', '=', bankId)
    .where('email', '=', input.email)
    .executeTakeFirst();
  if (existing?.email_verified_at) throw communityErrors.emailTaken();
  const token = randomToken(32);
  await db.transaction().execute(async (tx) => {
    let prospectId = existing?.id;
    if (!prospectId) {
      prospectId = randomUUID();
      await tx
        .insertInto('community_prospects')
        .values({ id: prospectId, bank_id: bankId, email: input.email, password_hash: passwordHash })
        .execute();
      await insertMember(tx, { bankId, kind: 'prospect', prospectId, pseudonym, email: input.email });
    } else {
      // Signing up again before confirming: a new password and a new link (the pseudonym stays).
      await tx.updateTable('community_prospects').set({ password_hash: passwordHash }).where('id', '=', prospectId).execute();
    }
    await tx
      .insertInto('community_email_verifications')
      .values({
        token_hash: sha256Hex(token),
        prospect_id: prospectId,
        bank_id: bankId,
        expires_at: new Date(Date.now() + VERIFICATION_MS),
      })
      .execute();
    const link = `${deps.config.publicUrl}/communaute/verification/${token}`;
    await queueMail(tx, bankId, {
      kind: 'community.verify_email',
      to: input.email,
      subject: 'Confirmez votre adresse pour rejoindre la communauté',
      text: `Bonjour ${pseudonym},\n\nPour activer votre compte de la communauté Banque Exemple, confirmez votre adresse e-mail :\n${link}\n\nCe lien est valable 48 heures. Ce compte donne accès à la communauté seulement ; il n'ouvre pas d'espace client.\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.`,
      html: `<p>Bonjour ${pseudonym},</p><p>Pour activer votre compte de la communauté Banque Exemple, confirmez votre adresse e-mail :</p><p><a href="${link}">Confirmer mon adresse</a></p><p>Ce lien est valable 48 heures. Ce compte donne accès à la communauté seulement ; il n'ouvre pas d'espace client.</p>`,
    });
  });
}

async function openSession(deps: AppDeps, prospect: { id: string; bankId: string }): Promise<{ token: string; session: ProspectSession }> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const tokenHash = sha256Hex(token);
  await deps.database.db
    .insertInto('community_prospect_sessions')
    .values({
      token_hash: tokenHash,
      prospect_id: prospect.id,
      bank_id: prospect.bankId,
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + SESSION_ABSOLUTE_MS),
    })
    .execute();
  return { token, session: { tokenHash, prospectId: prospect.id, bankId: prospect.bankId, csrfToken } };
}

/** The link in the e-mail proves the address; it signs the prospect in once. */
export async function verifyProspectEmail(deps: AppDeps, bankId: string, token: string) {
  const db = deps.database.db;
  const row = await db
    .selectFrom('community_email_verifications')
    .select(['prospect_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', sha256Hex(token))
    .where('bank_id', '=', bankId)
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at < new Date()) throw communityErrors.linkInvalid();
  const used = await db
    .updateTable('community_email_verifications')
    .set({ used_at: new Date() })
    .where('token_hash', '=', sha256Hex(token))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw communityErrors.linkInvalid();
  await db
    .updateTable('community_prospects')
    .set({ email_verified_at: new Date() })
    .where('id', '=', row.prospect_id)
    .where('email_verified_at', 'is', null)
    .execute();
  return openSession(deps, { id: row.prospect_id, bankId });
}

/** Same answer whatever was wrong; five failures lock the account for a quarter of an hour. */
export async function logInProspect(deps: AppDeps, bankId: string, input: { email: string; password: string }) {
  const db = deps.database.db;
  const row = await db
    .selectFrom('community_prospects')
    .select(['id', 'password_hash', 'email_verified_at', 'status', 'failed_login_count', 'locked_until'])
    .where('bank_id', '=', bankId)
    .where('email', '=', input.email)
    .executeTakeFirst();
  if (!row) {
    await spendPasswordCheckTime(input.password);
    throw communityErrors.invalidCredentials();
  }
  if (row.locked_until && row.locked_until > new Date()) throw communityErrors.locked();
  const ok = row.status === 'active' && (await verifyPassword(row.password_hash, input.password));
  if (!ok) {
    const failures = row.failed_login_count + 1;
    await db
      .updateTable('community_prospects')
      .set({
        failed_login_count: failures >= MAX_FAILURES ? 0 : failures,
        locked_until: failures >= MAX_FAILURES ? new Date(Date.now() + LOCK_MS) : null,
      })
      .where('id', '=', row.id)
      .execute();
    throw communityErrors.invalidCredentials();
  }
  if (!row.email_verified_at) throw communityErrors.emailNotVerified();
  await db.updateTable('community_prospects').set({ failed_login_count: 0, locked_until: null }).where('id', '=', row.id).execute();
  return openSession(deps, { id: row.id, bankId });
}

export async function logOutProspect(deps: AppDeps, tokenHash: string) {
  await deps.database.db.deleteFrom('community_prospect_sessions').where('token_hash', '=', tokenHash).execute();
}

/** The live session behind the community cookie (idle 7 days, 30 days at most). */
export async function resolveProspectSession(deps: AppDeps, token: string | undefined): Promise<ProspectSession | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = sha256Hex(token);
  const db = deps.database.db;
  const row = await db
    .selectFrom('community_prospect_sessions as s')
    .innerJoin('community_prospects as p', 'p.id', 's.prospect_id')
    .select(['s.prospect_id', 's.bank_id', 's.csrf_token', 's.last_seen_at', 's.expires_at', 'p.status'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  if (row.status !== 'active' || row.expires_at.getTime() <= now || now - row.last_seen_at.getTime() > SESSION_IDLE_MS) {
    await logOutProspect(deps, tokenHash);
    return null;
  }
  if (now - row.last_seen_at.getTime() > 60_000)
    await db.updateTable('community_prospect_sessions').set({ last_seen_at: new Date() }).where('token_hash', '=', tokenHash).execute();
  return { tokenHash, prospectId: row.prospect_id, bankId: row.bank_id, csrfToken: row.csrf_token };
}

const isHttps = (request: FastifyRequest, publicUrl: string) => request.protocol === 'https' || publicUrl.startsWith('https:');

/** SameSite=Lax: a prospect following a link from an e-mail or a search engine arrives signed in. */
export function setProspectCookie(request: FastifyRequest, reply: FastifyReply, deps: AppDeps, token: string) {
  reply.setCookie(PROSPECT_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request, deps.config.publicUrl),
    path: '/',
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

export function clearProspectCookie(request: FastifyRequest, reply: FastifyReply, deps: AppDeps) {
  reply.clearCookie(PROSPECT_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isHttps(request, deps.config.publicUrl), path: '/' });
}
