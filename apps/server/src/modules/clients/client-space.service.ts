import type {
  ClientAccountSummary,
  ClientContactChange,
  ClientProfile,
  PersonalSpace,
  WidgetLayouts,
} from '@agora/contracts/client-space.schema.ts';
import { CoreBankingError } from '../../connectors/core-banking/core-banking.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import { requireRecentAuth } from '../../platform/auth/client-principal.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import './client-360.tables.ts';
import { client360Errors } from './client-360.errors.ts';
import { segmentOfClient } from './client-segment.service.ts';

// Every function here serves the signed-in client only: the client id comes from the session,
// never from the request, so one client cannot name another's data.

export async function readPersonalSpace(deps: AppDeps, principal: ClientPrincipal): Promise<PersonalSpace> {
  const row = await deps.database.db
    .selectFrom('client_widget_layouts')
    .select(['layouts', 'updated_at'])
    .where('bank_id', '=', principal.bankId)
    .where('client_id', '=', principal.clientId)
    .executeTakeFirst();
  const layouts = row ? (typeof row.layouts === 'string' ? (JSON.parse(row.layouts) as WidgetLayouts) : row.layouts) : null;
  return {
    segment: await segmentOfClient(deps, principal.bankId, principal.clientId),
    layouts,
    updatedAt: row ? row.updated_at.toISOString() : null,
  };
}

export async function saveLayouts(deps: AppDeps, principal: ClientPrincipal, layouts: WidgetLayouts): Promise<{ updatedAt: string }> {
  const now = new Date();
  const json = JSON.stringify(layouts);
  await deps.database.db
    .insertInto('client_widget_layouts')
    .values({ client_id: principal.clientId, bank_id: principal.bankId, layouts: json, updated_at: now })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ layouts: json, updated_at: now }))
    .execute();
  return { updatedAt: now.toISOString() };
}

export async function listClientAccounts(deps: AppDeps, principal: ClientPrincipal): Promise<ClientAccountSummary[]> {
  try {
    const accounts = await deps.coreBanking.listAccounts(principal.bankId, principal.clientId);
    // Only what a summary shows: the IBAN arrives already masked from the adapter.
    return accounts.map((a) => ({
      id: a.id,
      label: a.label,
      kind: a.kind,
      ibanMasked: a.ibanMasked,
      balanceCents: a.balanceCents,
      availableCents: a.availableCents,
      currency: a.currency,
    }));
  } catch (error) {
    if (error instanceof CoreBankingError) throw client360Errors.accountsUnavailable();
    throw error;
  }
}

const isoDate = (d: Date | string | null) => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export async function readClientProfile(deps: AppDeps, principal: ClientPrincipal): Promise<ClientProfile> {
  const row = await deps.database.db
    .selectFrom('clients')
    .select(['first_name', 'last_name', 'email', 'phone', 'birth_date'])
    .where('bank_id', '=', principal.bankId)
    .where('id', '=', principal.clientId)
    .executeTakeFirstOrThrow();
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email ?? '',
    phone: row.phone,
    birthDate: isoDate(row.birth_date as Date | string | null),
  };
}

/** "julie.moreau@exemple.fr" → "j•••@exemple.fr"; "+33 6 12 34 56 10" → "••• 10": enough to recognise, not to reuse. */
const maskEmail = (email: string | null) => (email ? `${email.slice(0, 1)}•••${email.slice(email.indexOf('@'))}` : null);
const maskPhone = (phone: string | null) => (phone ? `••• ${phone.replace(/\D/g, '').slice(-2)}` : null);

/**
 * The client changes the e-mail (their sign-in) or phone the bank reaches them at. Sensitive:
 * both factors within the last minutes; audited with masked values; the old and the new address
 * are told, so a stolen session cannot quietly redirect the bank's mail.
 */
export async function changeContactDetails(deps: AppDeps, principal: ClientPrincipal, change: ClientContactChange): Promise<ClientProfile> {
  requireRecentAuth(principal);
  const db = deps.database.db;
  await db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('clients')
      .select(['email', 'phone', 'first_name'])
      .where('bank_id', '=', principal.bankId)
      .where('id', '=', principal.clientId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const emailChanges = change.email !== undefined && change.email !== current.email?.toLowerCase();
    const phoneChanges = change.phone !== undefined && change.phone !== current.phone;
    if (!emailChanges && !phoneChanges) return;
    if (emailChanges) {
      const taken = await tx
        .selectFrom('clients')
        .select(['id'])
        .where('bank_id', '=', principal.bankId)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', change.email as string))
        .where('id', '!=', principal.clientId)
        .executeTakeFirst();
      if (taken) throw client360Errors.emailTaken();
    }
    await tx
      .updateTable('clients')
      .set({
        ...(emailChanges ? { email: change.email } : {}),
        ...(phoneChanges ? { phone: change.phone ?? null } : {}),
      })
      .where('id', '=', principal.clientId)
      .execute();
    const fields = [...(emailChanges ? ['email'] : []), ...(phoneChanges ? ['phone'] : [])];
    await appendAudit(tx, {
      bankId: principal.bankId,
      actorId: null,
      actorLabel: `${principal.firstName} ${principal.lastName} (client)`,
      action: 'client.contact_details_changed',
      targetType: 'client',
      targetId: principal.clientId,
      details: {
        fields,
        ...(emailChanges ? { email: { from: maskEmail(current.email), to: maskEmail(change.email ?? null) } } : {}),
        ...(phoneChanges ? { phone: { from: maskPhone(current.phone), to: maskPhone(change.phone ?? null) } } : {}),
      },
    });
    const recipients = new Set([current.email, emailChanges ? change.email : null].filter((e): e is string => !!e));
    for (const to of recipients) {
      await queueMail(tx, principal.bankId, {
        kind: 'client.contact_details_changed',
        to,
        subject: 'Vos coordonnées ont été modifiées',
        text: [
          `Bonjour ${current.first_name},`,
          '',
          emailChanges
            ? `L’adresse e-mail de votre espace sécurisé est désormais ${change.email}. Elle sert aussi à vous connecter.`
            : 'Le numéro de téléphone enregistré dans votre espace sécurisé a été modifié.',
          '',
          "Si vous n'êtes pas à l'origine de ce changement, appelez tout de suite votre conseiller ou votre agence.",
        ].join('\n'),
      });
    }
  });
  return readClientProfile(deps, principal);
}
