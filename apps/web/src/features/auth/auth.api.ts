import type { LoginRequest, LoginResponse, Me } from '@agora/contracts/auth.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from '../../api/http-client.ts';

export const ME_QUERY_KEY = ['me'] as const;

/** The signed-in person, or null when signed out (the API answers 401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
}

/** The signed-in person; only call below <RequireAuth>, which guarantees it is loaded. */
export function useCurrentUser(): Me {
  const queryClient = useQueryClient();
  const me = queryClient.getQueryData<Me | null>(ME_QUERY_KEY);
  const { data } = useMe();
  const current = data ?? me;
  if (!current) throw new Error('useCurrentUser used outside <RequireAuth>');
  return current;
}

export async function login(request: LoginRequest) {
  const response = await api.post<LoginResponse>('/api/auth/login', request);
  if (response.status === 'ok') setCsrfToken(response.me.csrfToken);
  // The pending session (password right, TOTP not set up yet) has its own token for the setup calls.
  if (response.status === 'totp_setup_required') setCsrfToken(response.csrfToken);
  return response;
}

export async function logout() {
  try {
    await api.post('/api/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

export const startTotpSetup = () => api.post<{ secret: string; otpauthUrl: string }>('/api/auth/totp/setup');
/** Turning TOTP on signs the person in (the server answers like a successful login). */
export async function enableTotp(code: string) {
  const response = await api.post<LoginResponse>('/api/auth/totp/enable', { code });
  if (response.status === 'ok') setCsrfToken(response.me.csrfToken);
  return response;
}
export const acceptInvite = (token: string, password: string) => api.post<unknown>('/api/auth/accept-invite', { token, password });

export const canAdminister = (role: Role) => role === 'admin';
export const canReadAudit = (role: Role) => role === 'admin' || role === 'compliance';
