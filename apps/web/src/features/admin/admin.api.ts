import type { StaffUser } from '@agora/contracts/admin.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/http-client.ts';

export const ADMIN_USERS_KEY = ['admin', 'users'] as const;

export function useAdminUsers() {
  return useQuery({ queryKey: ADMIN_USERS_KEY, queryFn: ({ signal }) => api.get<StaffUser[]>('/api/admin/users', signal) });
}

export interface InviteInput {
  email: string;
  displayName: string;
  firstName: string;
  role: Role;
  teamIds: string[];
}

export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteInput) => api.post<{ user: StaffUser; inviteUrl: string }>('/api/admin/users', input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ADMIN_USERS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; role?: Role; teamIds?: string[]; active?: boolean }) =>
      api.patch<StaffUser>(`/api/admin/users/${encodeURIComponent(id)}`, patch),
    onSuccess: (user) => {
      queryClient.setQueryData<StaffUser[]>(ADMIN_USERS_KEY, (users) => users?.map((u) => (u.id === user.id ? user : u)));
      void queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (id: string) => api.post<{ resetUrl: string }>(`/api/admin/users/${encodeURIComponent(id)}/reset-password`),
  });
}
