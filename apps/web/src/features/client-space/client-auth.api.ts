import type { ClientLoginResponse, ClientMe } from '@agora/contracts/clients.schema.ts';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from '../../api/http-client.ts';
import './client-space.i18n.ts';

export const CLIENT_ME_QUERY_KEY = ['client', 'me'] as const;

/** The signed-in client, or null when signed out. Reading it does not extend the session. */
export async function fetchClientMe(): Promise<ClientMe | null> {
  try {
    const me = await api.get<ClientMe>('/api/client/auth/session');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

const SIGN_OUT_KEY = ['client', 'sign-out'] as const;
export interface SignOut {
  reason: 'inactivite' | 'deconnexion';
  minutes?: number;
}

/**
 * Ends the space on this screen: RequireClient sends the person to the sign-in page, which says
 * why (idle time, or their own sign-out). One place decides where to go, so nothing races.
 */
export function markSignedOut(queryClient: QueryClient, signOut: SignOut) {
  queryClient.setQueryData(SIGN_OUT_KEY, signOut);
  queryClient.setQueryData(CLIENT_ME_QUERY_KEY, null);
}

export const signOutOf = (queryClient: QueryClient) => queryClient.getQueryData<SignOut>(SIGN_OUT_KEY) ?? null;

export function useClientMe() {
  return useQuery({ queryKey: CLIENT_ME_QUERY_KEY, queryFn: fetchClientMe, staleTime: 30_000, retry: 1 });
}

export async function clientLogin(body: { email: string; password: string; totp?: string; passkey?: Record<string, unknown> }) {
  const response = await api.post<ClientLoginResponse>('/api/client/auth/login', body);
  if (response.status === 'ok') setCsrfToken(response.me.csrfToken);
  return response;
}

export async function clientLogout() {
  try {
    await api.post('/api/client/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

export const clientKeepAlive = () => api.post<ClientMe>('/api/client/auth/keepalive');
export const clientReauthenticate = (body: { password: string; totp?: string; passkey?: Record<string, unknown> }) =>
  api.post<void>('/api/client/auth/reauthenticate', body);

export interface ActivationInfo {
  firstName: string;
  purpose: 'activate' | 'reset';
  expiresAt: string;
}
export const describeActivation = (token: string) => api.get<ActivationInfo>(`/api/client/auth/activation/${encodeURIComponent(token)}`);
export const startActivationTotp = (token: string) =>
  api.post<{ secret: string; otpauthUrl: string; qrSvg: string }>('/api/client/auth/activation/totp', { token });
export async function activate(body: { token: string; password: string; totp: string }) {
  const response = await api.post<ClientLoginResponse>('/api/client/auth/activate', body);
  if (response.status === 'ok') setCsrfToken(response.me.csrfToken);
  return response;
}
