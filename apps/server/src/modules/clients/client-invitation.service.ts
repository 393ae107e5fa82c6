import { randomUUID } from 'node:crypto';
import type { ClientActivation, CreateClient } from '@agora/contracts/clients.schema.ts';
import { generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { createClientSession, deleteClientSessions, type NewClientSession } from '../../platform/auth/client-session.service.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import { clientLabelOf } from './client-login.service.ts';
import { recordSpaceVisit } from './client-segment.service.ts';
import { totpStepOf } from './client-totp.ts';
import { clientErrors } from './clients.errors.ts';

/** An activation link is valid three days: long enough for a weekend, short enough to matter if leaked. */
export const ACTIVATION_TTL_MS = 72 * 60 * 60_000;
const TOTP_ISSUER = 'Banque Exemple — espace sécurisé';

const staffLabel = (p: StaffPrincipal) => `${p.displayName} (${p.role})`;

/** Who may manage a client's secure-space account: their own advisor, or an admin. */
function assertManages(principal: StaffPrincipal, client: { bank_id: string; advisor_id: string | null }) {
  if (client.bank_id !== principal.bankId) throw clientErrors.clientNotFound();
  if (principal.role === 'admin') return;
  if (principal.role === 'advisor' && client.advisor_id === principal.userId) return;
  throw clientErrors.notYourClient();
}

/** A client record created by their advisor (or an admin, who names the advisor). */
export async function createClient(deps: AppDeps, principal: StaffPrincipal, input: CreateClient): Promise<{ id: string }> {
  if (principal.role !== 'admin' && principal.role !== 'advisor') throw clientErrors.notYourClient();
  const advisorId = principal.role === 'advisor' ? principal.userId : (input.advisorId ?? null);
  const db = deps.database.db;
  if (advisorId) {
    const advisor = await db
      .selectFrom('staff_users')
      .select(['id'])
      .where('bank_id', '=', principal.bankId)
      .where('id', '=', advisorId)
      .where('role', '=', 'advisor')
      .where('active', '=', true)
      .executeTakeFirst();
    if (!advisor) throw clientErrors.unknownAdvisor();
  }
  const taken = await db
    .selectFrom('clients')
    .select(['id'])
    .where('bank_id', '=', principal.bankId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email))
    .executeTakeFirst();
  if (taken) throw clientErrors.emailTaken();
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('clients')
      .values({
        id,
        bank_id: principal.bankId,
        first_name: input.firstName,
        last_name: input.lastName,
        email: input.email,
        phone: input.phone ?? null,
        birth_date: input.birthDate ?? null,
        advisor_id: advisorId,
      })
      .execute();
    await appendAudit(tx, {
      bankId: principal.bankId,
      actorId: principal.userId,
      actorLabel: staffLabel(principal),
      action: 'client.created',
      targetType: 'client',
      targetId: id,
      details: { advisorId },
    });
  });
  return { id };
}

export const activationUrl = (deps: AppDeps, token: string) => `${deps.config.publicUrl}/espace/activation/${token}`;

/**
 * Sends the client a one-time link to choose a password and set up their second factor. A new
 * link replaces the previous ones; a reset of an active account also ends its sessions.
 */
export async function inviteClient(deps: AppDeps, principal: StaffPrincipal, clientId: string): Promise<{ expiresAt: string }> {
  const db = deps.database.db;
  const client = await db
    .selectFrom('clients as c')
    .leftJoin('client_accounts as a', 'a.client_id', 'c.id')
    .select(['c.id', 'c.bank_id', 'c.advisor_id', 'c.first_name', 'c.last_name', 'c.email', 'a.status'])
    .where('c.bank_id', '=', principal.bankId)
    .where('c.id', '=', clientId)
    .executeTakeFirst();
  if (!client) throw clientErrors.clientNotFound();
  assertManages(principal, client);
  if (!client.email) throw clientErrors.noEmail();
  if (client.status === 'disabled') throw clientErrors.disabled();
  const purpose = client.status === 'active' ? 'reset' : 'activate';
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + ACTIVATION_TTL_MS);
  const email = client.email;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('client_accounts')
      .values({ client_id: client.id, bank_id: client.bank_id })
      .onConflict((oc) => oc.column('client_id').doNothing())
      .execute();
    await tx
      .updateTable('client_invitations')
      .set({ used_at: new Date() })
      .where('client_id', '=', client.id)
      .where('used_at', 'is', null)
      .execute();
    await tx
      .insertInto('client_invitations')
      .values({
        token_hash: sha256Hex(token),
        client_id: client.id,
        bank_id: client.bank_id,
        purpose,
        created_by: principal.userId,
        expires_at: expiresAt,
      })
      .execute();
    await queueMail(tx, client.bank_id, {
      kind: purpose === 'activate' ? 'client.activation' : 'client.reset',
      to: email,
      subject: purpose === 'activate' ? 'Activez votre espace sécurisé' : 'Réinitialisez l’accès à votre espace sécurisé',
      text: [
        `Bonjour ${client.first_name},`,
        '',
        purpose === 'activate'
          ? `${principal.firstName}, de votre banque, vous invite à activer votre espace sécurisé : messagerie avec votre conseiller, rendez-vous et documents.`
          : `${principal.firstName}, de votre banque, vous envoie un lien pour choisir un nouveau mot de passe et une nouvelle double authentification.`,
        '',
        `Ouvrez ce lien (valable 3 jours, une seule fois) : ${activationUrl(deps, token)}`,
        '',
        'Nous ne vous demanderons jamais votre mot de passe, ni par e-mail, ni par téléphone, ni sur un réseau social.',
      ].join('\n'),
    });
    await appendAudit(tx, {
      bankId: client.bank_id,
      actorId: principal.userId,
      actorLabel: staffLabel(principal),
      action: purpose === 'activate' ? 'client.invited' : 'client.reset_sent',
      targetType: 'client',
      targetId: client.id,
    });
  });
  return { expiresAt: expiresAt.toISOString() };
}

async function liveInvitation(deps: AppDeps, token: string) {
  const row = await deps.database.db
    .selectFrom('client_invitations as i')
    .innerJoin('clients as c', 'c.id', 'i.client_id')
    .innerJoin('client_accounts as a', 'a.client_id', 'i.client_id')
    .select([
      'i.token_hash',
      'i.client_id',
      'i.bank_id',
      'i.purpose',
      'i.expires_at',
      'i.used_at',
      'c.first_name',
      'c.last_name',
      'c.email',
      'a.status',
    ])
    .where('i.token_hash', '=', sha256Hex(token))
    .where('i.bank_id', '=', deps.bankId)
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at.getTime() <= Date.now() || row.status === 'disabled') throw clientErrors.invitationInvalid();
  return row;
}

/** What the activation page shows before anything is chosen: whose link it is, masked. */
export async function describeActivation(deps: AppDeps, token: string) {
  const row = await liveInvitation(deps, token);
  return { firstName: row.first_name, purpose: row.purpose, expiresAt: row.expires_at.toISOString() };
}

/**
 * A fresh authenticator key for the link's account, stored but not enabled: it only counts once
 * a code from it is checked at activation. Each call replaces the previous key.
 */
export async function startActivationTotp(deps: AppDeps, token: string): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const row = await liveInvitation(deps, token);
  const secret = generateSecret();
  await deps.database.db
    .updateTable('client_accounts')
    .set({ totp_secret: secret, totp_enabled: false })
    .where('client_id', '=', row.client_id)
    .execute();
  const otpauthUrl = generateURI({ issuer: TOTP_ISSUER, label: row.email ?? row.first_name, secret });
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { secret, otpauthUrl, qrSvg };
}

/**
 * Password and second factor chosen through the one-time link: the account becomes active and
 * the client is signed in. The link is spent in the same transaction (two tabs: one wins).
 */
export async function activateClient(deps: AppDeps, input: ClientActivation, ip: string): Promise<NewClientSession> {
  const row = await liveInvitation(deps, input.token);
  const account = await deps.database.db
    .selectFrom('client_accounts')
    .select(['totp_secret'])
    .where('client_id', '=', row.client_id)
    .executeTakeFirstOrThrow();
  if (!account.totp_secret) throw clientErrors.totpSetupMissing();
  // The step is kept: the code typed here cannot sign in a second time.
  const step = await totpStepOf(account.totp_secret, input.totp, null);
  if (step === null) throw clientErrors.totpInvalid();
  const passwordHash = await hashPassword(input.password);
  return deps.database.db.transaction().execute(async (tx) => {
    const spent = await tx
      .updateTable('client_invitations')
      .set({ used_at: new Date() })
      .where('token_hash', '=', row.token_hash)
      .where('used_at', 'is', null)
      .returning(['token_hash'])
      .executeTakeFirst();
    if (!spent) throw clientErrors.invitationInvalid();
    await tx
      .updateTable('client_accounts')
      .set({
        password_hash: passwordHash,
        totp_enabled: true,
        totp_last_step: step,
        status: 'active',
        failed_login_count: 0,
        locked_until: null,
        activated_at: new Date(),
      })
      .where('client_id', '=', row.client_id)
      .execute();
    // A reset ends every session opened with the old factors.
    await deleteClientSessions(tx, row.client_id);
    const session = await createClientSession(tx, { id: row.client_id, bankId: row.bank_id });
    await recordSpaceVisit(tx, row.bank_id, row.client_id);
    await appendAudit(tx, {
      bankId: row.bank_id,
      actorId: null,
      actorLabel: clientLabelOf(row),
      action: row.purpose === 'activate' ? 'client.activated' : 'client.reset_done',
      targetType: 'client',
      targetId: row.client_id,
      details: { ip },
    });
    return session;
  });
}
