import type { BusinessCalendarInput } from '@agora/contracts/sla.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../api/http-client.ts';
import './calendars.i18n.ts';

/** A team's business calendar, as GET/PUT /api/admin/teams/:id/calendar read and write it. */
export type BusinessCalendar = BusinessCalendarInput;
export type Weekday = keyof BusinessCalendar['weeklyHours'];
export type Closure = BusinessCalendar['closures'][number];

/** Monday first, as French calendars are read. */
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const calendarKey = (teamId: string) => ['team-calendar', teamId] as const;
const calendarPath = (teamId: string) => `/api/admin/teams/${encodeURIComponent(teamId)}/calendar`;

export function useTeamCalendar(teamId: string | null) {
  return useQuery({
    queryKey: calendarKey(teamId ?? ''),
    queryFn: ({ signal }) => api.get<BusinessCalendar>(calendarPath(teamId ?? ''), signal),
    enabled: Boolean(teamId),
  });
}

export function useSaveTeamCalendar(teamId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (calendar: BusinessCalendar) => apiRequest<BusinessCalendar>(calendarPath(teamId ?? ''), { method: 'PUT', body: calendar }),
    onSuccess: (saved) => queryClient.setQueryData(calendarKey(teamId ?? ''), saved),
  });
}

export const canEditCalendars = (role: string) => role === 'admin' || role === 'supervisor';
