import type {
  CriterionView,
  InvestorDashboard,
  InvestorProfileView,
  KnowledgeQuestion,
  PledgeView,
  ProjectInput,
  ProjectView,
  ReconciliationRow,
  StaffProjectView,
  StatementLine,
} from '@agora/contracts/cofinancing.schema.ts';
import type { TopicView } from '@agora/contracts/community.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/http-client.ts';
import './cofinancing.i18n.ts';

/** "1234,5" or 1234.5 → 123450: typed euros become integer cents by their digits, never by a float product. */
export function eurosToCents(value: string | number): number {
  const text = String(value).trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d{0,2})?$/.test(text)) return Number.NaN;
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 100 + Number(`${fraction}00`.slice(0, 2));
}

export function formatEuros(cents: number, language: string) {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export const formatRate = (rateBp: number, language: string) =>
  `${new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 2 }).format(rateBp / 100)} %`;

// ---- public ----
export const usePublicProjects = () =>
  useQuery({ queryKey: ['cofinancing', 'projects'], queryFn: ({ signal }) => api.get<ProjectView[]>('/api/cofinancing/projects', signal) });
export const usePublicProject = (id: string) =>
  useQuery({
    queryKey: ['cofinancing', 'project', id],
    queryFn: ({ signal }) => api.get<ProjectView>(`/api/cofinancing/projects/${id}`, signal),
  });

/** The project's discussion in the community (its subject topic); null while nobody opened it. */
export const useProjectDiscussion = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ['cofinancing', 'discussion', id],
    queryFn: ({ signal }) => api.get<TopicView>(`/api/community/subjects/cofinancing_project/${id}`, signal),
    enabled,
    retry: false,
  });

// ---- client (keys under 'client': a 401 there ends the secure space) ----
const CLIENT_KEY = ['client', 'cofinancing'] as const;
export const useInvestorProfile = () =>
  useQuery({
    queryKey: [...CLIENT_KEY, 'profile'],
    queryFn: ({ signal }) => api.get<InvestorProfileView>('/api/client/cofinancing/profile', signal),
  });
export const useKnowledgeTest = () =>
  useQuery({
    queryKey: [...CLIENT_KEY, 'test'],
    queryFn: ({ signal }) =>
      api.get<{ questions: KnowledgeQuestion[]; riskWarning: string }>('/api/client/cofinancing/knowledge-test', signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
export const useInvestorDashboard = (passive = false) =>
  useQuery({
    queryKey: [...CLIENT_KEY, 'dashboard'],
    queryFn: ({ signal }) =>
      passive
        ? api.passiveGet<InvestorDashboard>('/api/client/cofinancing/dashboard', signal)
        : api.get<InvestorDashboard>('/api/client/cofinancing/dashboard', signal),
  });
export const useStatement = () =>
  useQuery({
    queryKey: [...CLIENT_KEY, 'statement'],
    queryFn: ({ signal }) => api.get<StatementLine[]>('/api/client/cofinancing/statement', signal),
  });

export function useClientCofinancingMutations() {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: CLIENT_KEY });
    void queryClient.invalidateQueries({ queryKey: ['client', 'accounts'] });
    void queryClient.invalidateQueries({ queryKey: ['cofinancing'] });
  };
  return {
    takeTest: useMutation({
      mutationFn: (answers: number[]) =>
        api.post<{ passed: boolean; score: number; corrections: { right: boolean; answer: string }[] }>(
          '/api/client/cofinancing/knowledge-test',
          { answers },
        ),
      onSuccess: refresh,
    }),
    simulate: useMutation({
      mutationFn: (input: { annualIncomeCents: number; liquidAssetsCents: number; annualCommitmentsCents: number }) =>
        api.post<InvestorProfileView>('/api/client/cofinancing/simulation', input),
      onSuccess: refresh,
    }),
    acknowledge: useMutation({
      mutationFn: () => api.post<InvestorProfileView>('/api/client/cofinancing/risk-acknowledgement'),
      onSuccess: refresh,
    }),
    pledge: useMutation({
      mutationFn: (input: { projectId: string; amountCents: number; accountId: string; largePledgeConsent: boolean }) =>
        api.post<PledgeView>(`/api/client/cofinancing/projects/${input.projectId}/pledges`, {
          amountCents: input.amountCents,
          accountId: input.accountId,
          largePledgeConsent: input.largePledgeConsent,
        }),
      onSuccess: refresh,
    }),
    withdraw: useMutation({
      mutationFn: (pledgeId: string) => api.post<PledgeView>(`/api/client/cofinancing/pledges/${pledgeId}/withdrawal`),
      onSuccess: refresh,
    }),
  };
}

// ---- staff ----
const STAFF_KEY = ['staff', 'cofinancing'] as const;
export const useStaffProjects = () =>
  useQuery({
    queryKey: [...STAFF_KEY, 'projects'],
    queryFn: ({ signal }) => api.get<StaffProjectView[]>('/api/staff/cofinancing/projects', signal),
  });
export const useCriteria = () =>
  useQuery({
    queryKey: [...STAFF_KEY, 'criteria'],
    queryFn: ({ signal }) => api.get<CriterionView[]>('/api/staff/cofinancing/criteria', signal),
  });
export const useReconciliation = (enabled: boolean) =>
  useQuery({
    queryKey: [...STAFF_KEY, 'reconciliation'],
    queryFn: ({ signal }) => api.get<ReconciliationRow[]>('/api/staff/cofinancing/reconciliation', signal),
    enabled,
  });

export function useStaffCofinancingMutations() {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: STAFF_KEY });
  const base = '/api/staff/cofinancing/projects';
  return {
    create: useMutation({ mutationFn: (input: ProjectInput) => api.post<StaffProjectView>(base, input), onSuccess: refresh }),
    update: useMutation({
      mutationFn: ({ id, input }: { id: string; input: ProjectInput }) => api.put<StaffProjectView>(`${base}/${id}`, input),
      onSuccess: refresh,
    }),
    setCriteria: useMutation({
      mutationFn: ({ id, criteria }: { id: string; criteria: { key: string; evidence: string }[] }) =>
        api.put<StaffProjectView>(`${base}/${id}/criteria`, { criteria }),
      onSuccess: refresh,
    }),
    approve: useMutation({ mutationFn: (id: string) => api.post<StaffProjectView>(`${base}/${id}/approvals`), onSuccess: refresh }),
    publish: useMutation({ mutationFn: (id: string) => api.post<StaffProjectView>(`${base}/${id}/publication`), onSuccess: refresh }),
    impact: useMutation({
      mutationFn: ({ id, title, body }: { id: string; title: string; body: string }) =>
        api.post<StaffProjectView>(`${base}/${id}/impact-reports`, { title, body }),
      onSuccess: refresh,
    }),
    pay: useMutation({
      mutationFn: ({ id, number, receivedCents }: { id: string; number: number; receivedCents: number }) =>
        api.post<StaffProjectView>(`${base}/${id}/instalments/${number}/payment`, { receivedCents }),
      onSuccess: refresh,
    }),
    saveCriterion: useMutation({
      mutationFn: (input: CriterionView) => api.put<CriterionView[]>('/api/staff/cofinancing/criteria', input),
      onSuccess: refresh,
    }),
    declareDefault: useMutation({ mutationFn: (id: string) => api.post<StaffProjectView>(`${base}/${id}/default`), onSuccess: refresh }),
  };
}
