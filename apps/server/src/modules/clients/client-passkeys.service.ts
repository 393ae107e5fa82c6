import { randomUUID } from 'node:crypto';
import type { Passkey } from '@agora/contracts/client-space.schema.ts';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { type ClientPrincipal, requireRecentAuth } from '../../platform/auth/client-principal.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { queueMail } from '../../platform/mail/mail.service.ts';
import './client-360.tables.ts';
import { client360Errors } from './client-360.errors.ts';

/** A challenge is good for this long: enough to find the phone or touch the key, not to be kept. */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60_000;
export const MAX_PASSKEYS = 10;
const CEREMONY_TIMEOUT_MS = 120_000;

type Db = Kysely<DB> | Transaction<DB>;

/** Where passkeys are bound: the public URL's host, unless WEBAUTHN_RP_ID names a parent domain. */
export function relyingParty(deps: Pick<AppDeps, 'config'>) {
  const url = new URL(deps.config.publicUrl);
  return { rpID: deps.config.WEBAUTHN_RP_ID ?? url.hostname, origin: url.origin };
}

const clientLabel = (p: ClientPrincipal) => `${p.firstName} ${p.lastName} (client)`;

async function storeChallenge(db: Db, bankId: string, challenge: string, purpose: 'register' | 'login', clientId: string | null) {
  const now = Date.now();
  // Spent and expired challenges are worthless: the table only ever holds the last minutes' worth.
  await db
    .deleteFrom('client_webauthn_challenges')
    .where('expires_at', '<', new Date(now - 60 * 60_000))
    .execute();
  await db
    .insertInto('client_webauthn_challenges')
    .values({
      challenge_hash: sha256Hex(challenge),
      bank_id: bankId,
      client_id: clientId,
      purpose,
      expires_at: new Date(now + PASSKEY_CHALLENGE_TTL_MS),
    })
    .execute();
}

/** Spends a challenge we issued, once, before it expires; for registration, only by its client. */
async function spendChallenge(db: Db, bankId: string, challenge: string, purpose: 'register' | 'login', clientId: string | null) {
  let query = db
    .updateTable('client_webauthn_challenges')
    .set({ used_at: new Date() })
    .where('challenge_hash', '=', sha256Hex(challenge))
    .where('bank_id', '=', bankId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date());
  query = clientId ? query.where('client_id', '=', clientId) : query.where('client_id', 'is', null);
  const spent = await query.returning(['challenge_hash']).executeTakeFirst();
  return spent !== undefined;
}

/**
 * Options for signing in with a passkey. Nobody is known yet, so no credential is listed: the
 * browser offers the passkeys it holds for this site (discoverable credentials), and the answer
 * never tells whether an e-mail has any.
 */
export async function passkeySignInOptions(deps: AppDeps) {
  const { rpID } = relyingParty(deps);
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'required', timeout: CEREMONY_TIMEOUT_MS });
  await storeChallenge(deps.database.db, deps.bankId, options.challenge, 'login', null);
  return options;
}

const assertionSchema = z.object({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: z.string().max(4096),
    authenticatorData: z.string().max(4096),
    signature: z.string().max(1024),
    userHandle: z.string().max(1024).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

export interface PasskeyUse {
  passkeyId: string;
  newCounter: number;
}

/**
 * Checks a sign-in assertion for `clientId`: a passkey of that client, over a challenge we issued
 * and nobody spent, signed by the key we stored. Null on any failure, with no reason: the sign-in
 * answers the same whatever failed. The challenge is spent whatever the outcome.
 */
export async function verifyPasskeyAssertion(
  deps: AppDeps,
  bankId: string,
  clientId: string,
  assertion: unknown,
): Promise<PasskeyUse | null> {
  const parsed = assertionSchema.safeParse(assertion);
  if (!parsed.success) return null;
  const response = parsed.data as AuthenticationResponseJSON;
  const db = deps.database.db;
  const stored = await db
    .selectFrom('client_passkeys')
    .select(['id', 'client_id', 'credential_id', 'public_key', 'sign_count', 'transports'])
    .where('bank_id', '=', bankId)
    .where('credential_id', '=', response.id)
    .executeTakeFirst();
  if (!stored || stored.client_id !== clientId) {
    try {
      await spendChallenge(db, bankId, decodeClientDataJSON(response.response.clientDataJSON).challenge, 'login', null);
    } catch {
      // Not even a readable clientDataJSON: nothing to spend.
    }
    return null;
  }
  const { rpID, origin } = relyingParty(deps);
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: (challenge) => spendChallenge(db, bankId, challenge, 'login', null),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
      credential: {
        id: stored.credential_id,
        publicKey: Buffer.from(stored.public_key, 'base64url'),
        counter: Number(stored.sign_count),
        transports: stored.transports as AuthenticatorTransportFuture[],
      },
    });
    return result.verified ? { passkeyId: stored.id, newCounter: result.authenticationInfo.newCounter } : null;
  } catch {
    return null;
  }
}

export async function recordPasskeyUse(db: Db, use: PasskeyUse): Promise<void> {
  await db
    .updateTable('client_passkeys')
    .set({ sign_count: use.newCounter, last_used_at: new Date() })
    .where('id', '=', use.passkeyId)
    .execute();
}

/** Options to create a passkey for the signed-in client (a sensitive action: both factors lately). */
export async function passkeyRegistrationOptions(deps: AppDeps, principal: ClientPrincipal) {
  requireRecentAuth(principal);
  const db = deps.database.db;
  const existing = await db
    .selectFrom('client_passkeys')
    .select(['credential_id', 'transports'])
    .where('bank_id', '=', principal.bankId)
    .where('client_id', '=', principal.clientId)
    .execute();
  if (existing.length >= MAX_PASSKEYS) throw client360Errors.tooManyPasskeys();
  const bank = await db.selectFrom('banks').select(['name']).where('id', '=', principal.bankId).executeTakeFirstOrThrow();
  const { rpID } = relyingParty(deps);
  const options = await generateRegistrationOptions({
    rpName: bank.name,
    rpID,
    userName: principal.email,
    userDisplayName: `${principal.firstName} ${principal.lastName}`,
    // An opaque handle (the record's id), never the e-mail: authenticators may show or sync it.
    userID: Buffer.from(principal.clientId.replace(/-/g, ''), 'hex'),
    attestationType: 'none',
    excludeCredentials: existing.map((e) => ({ id: e.credential_id, transports: e.transports as AuthenticatorTransportFuture[] })),
    // Discoverable, so that sign-in needs no list of credentials (which would reveal accounts).
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await storeChallenge(db, principal.bankId, options.challenge, 'register', principal.clientId);
  return options;
}

export async function registerPasskey(
  deps: AppDeps,
  principal: ClientPrincipal,
  input: { name: string; response: Record<string, unknown> },
): Promise<Passkey> {
  requireRecentAuth(principal);
  const db = deps.database.db;
  const { rpID, origin } = relyingParty(deps);
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response as unknown as RegistrationResponseJSON,
      expectedChallenge: (challenge) => spendChallenge(db, principal.bankId, challenge, 'register', principal.clientId),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    });
  } catch {
    throw client360Errors.passkeyRegistrationFailed();
  }
  if (!verification.verified) throw client360Errors.passkeyRegistrationFailed();
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const id = randomUUID();
  const createdAt = new Date();
  await db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('client_passkeys')
      .values({
        id,
        bank_id: principal.bankId,
        client_id: principal.clientId,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        sign_count: credential.counter,
        transports: JSON.stringify(credential.transports ?? []),
        device_type: credentialDeviceType,
        backed_up: credentialBackedUp,
        name: input.name,
        created_at: createdAt,
      })
      .onConflict((oc) => oc.column('credential_id').doNothing())
      .returning(['id'])
      .executeTakeFirst();
    if (!inserted) throw client360Errors.passkeyAlreadyRegistered();
    await appendAudit(tx, {
      bankId: principal.bankId,
      actorId: null,
      actorLabel: clientLabel(principal),
      action: 'client.passkey_added',
      targetType: 'client',
      targetId: principal.clientId,
      details: { passkeyId: id, name: input.name, synced: credentialDeviceType === 'multiDevice' },
    });
    if (principal.email) {
      await queueMail(tx, principal.bankId, {
        kind: 'client.passkey_added',
        to: principal.email,
        subject: 'Une clé d’accès a été ajoutée à votre espace sécurisé',
        text: [
          `Bonjour ${principal.firstName},`,
          '',
          `Une clé d’accès « ${input.name} » peut désormais remplacer le code de votre application pour vous connecter.`,
          '',
          "Si vous n'êtes pas à l'origine de cet ajout, appelez tout de suite votre conseiller ou votre agence.",
        ].join('\n'),
      });
    }
  });
  return { id, name: input.name, createdAt: createdAt.toISOString(), lastUsedAt: null, synced: credentialDeviceType === 'multiDevice' };
}

export async function listPasskeys(deps: AppDeps, principal: ClientPrincipal): Promise<Passkey[]> {
  const rows = await deps.database.db
    .selectFrom('client_passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at', 'device_type'])
    .where('bank_id', '=', principal.bankId)
    .where('client_id', '=', principal.clientId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    synced: r.device_type === 'multiDevice',
  }));
}

export async function removePasskey(deps: AppDeps, principal: ClientPrincipal, passkeyId: string): Promise<void> {
  requireRecentAuth(principal);
  await deps.database.db.transaction().execute(async (tx) => {
    const removed = await tx
      .deleteFrom('client_passkeys')
      .where('bank_id', '=', principal.bankId)
      // Another client's passkey id is simply not found.
      .where('client_id', '=', principal.clientId)
      .where('id', '=', passkeyId)
      .returning(['name'])
      .executeTakeFirst();
    if (!removed) throw client360Errors.passkeyNotFound();
    await appendAudit(tx, {
      bankId: principal.bankId,
      actorId: null,
      actorLabel: clientLabel(principal),
      action: 'client.passkey_removed',
      targetType: 'client',
      targetId: principal.clientId,
      details: { passkeyId, name: removed.name },
    });
  });
}
