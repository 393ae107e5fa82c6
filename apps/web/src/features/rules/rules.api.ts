import type { Role } from '@agora/contracts/common.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../api/http-client.ts';

/** The bank's rules (GET /api/settings/rules): read by every agent, changed by supervisors (crisis) and admins. */
export interface BankRules {
  signatureTemplate: string;
  crisisMode: boolean;
  complaintApprovalThreshold: number;
}

export const BANK_RULES_KEY = ['bank-rules'] as const;

/** Re-read every 30 s and on every live event (see realtime.tsx): crisis mode must reach every screen quickly. */
export function useBankRules() {
  return useQuery({
    queryKey: BANK_RULES_KEY,
    queryFn: ({ signal }) => api.get<BankRules>('/api/settings/rules', signal),
    refetchInterval: 30_000,
    staleTime: 10_000,
  });
}

export function useUpdateBankRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<BankRules>) => apiRequest<BankRules>('/api/settings/rules', { method: 'PUT', body: input }),
    onSuccess: (rules) => queryClient.setQueryData(BANK_RULES_KEY, rules),
  });
}

export const canToggleCrisis = (role: Role) => role === 'supervisor' || role === 'admin';
export const canEditRules = (role: Role) => role === 'admin';

/** The line the server appends to a public reply (same rule as the server's `signed`). */
export function signatureOf(template: string, firstName: string): string {
  return template.replaceAll('{prenom}', firstName).trim();
}

/** The public reply as the platform will receive it: signed unless the agent already signed. */
export function signedBody(body: string, template: string | undefined, firstName: string): string {
  if (!template) return body;
  const signature = signatureOf(template, firstName);
  return signature && !body.trimEnd().endsWith(signature) ? `${body.trimEnd()}\n${signature}` : body;
}
