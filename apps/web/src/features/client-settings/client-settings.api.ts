import type { ClientContactChange, ClientProfile, Passkey } from '@agora/contracts/client-space.schema.ts';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/http-client.ts';
import './client-settings.i18n.ts';

// Keys start with 'client': a 401 there ends the secure space, not a staff session.
export const PROFILE_KEY = ['client', 'profile'] as const;
export const PASSKEYS_KEY = ['client', 'passkeys'] as const;

export const useClientProfile = () =>
  useQuery({ queryKey: PROFILE_KEY, queryFn: ({ signal }) => api.passiveGet<ClientProfile>('/api/client/profile', signal) });
export const changeContactDetails = (change: ClientContactChange) => api.patch<ClientProfile>('/api/client/profile', change);

export const usePasskeys = () =>
  useQuery({ queryKey: PASSKEYS_KEY, queryFn: ({ signal }) => api.passiveGet<Passkey[]>('/api/client/passkeys', signal) });

/** Creates a passkey on this device (the browser asks for the fingerprint, face or PIN) and saves it. */
export async function createPasskey(name: string): Promise<Passkey> {
  const optionsJSON = await api.post<Parameters<typeof startRegistration>[0]['optionsJSON']>('/api/client/passkeys/registration-options');
  const response = await startRegistration({ optionsJSON });
  return api.post<Passkey>('/api/client/passkeys', { name, response });
}

export const removePasskey = (id: string) => api.delete<void>(`/api/client/passkeys/${id}`);

/**
 * A passkey assertion for a sign-in or a re-authentication: the browser offers the passkeys it
 * holds for this site; the password goes in the same request as the assertion.
 */
export async function passkeyAssertion(): Promise<Record<string, unknown>> {
  const optionsJSON = await api.post<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/api/client/auth/passkey/options');
  return (await startAuthentication({ optionsJSON })) as unknown as Record<string, unknown>;
}
