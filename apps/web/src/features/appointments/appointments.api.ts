import type {
  AdvisorAvailability,
  Appointment,
  AppointmentMode,
  AppointmentNotice,
  AvailabilityExceptionInput,
  AvailabilityInput,
  Branch,
  SlotsResponse,
} from '@agora/contracts/appointments.schema.ts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, withQuery } from '../../api/http-client.ts';
import './appointments.i18n.ts';

// The client's side: query keys start with 'client' (the secure space clears them at sign-out).
export const CLIENT_APPOINTMENTS_KEY = ['client', 'appointments'] as const;

export function useClientAppointments() {
  return useQuery({
    queryKey: CLIENT_APPOINTMENTS_KEY,
    queryFn: ({ signal }) => api.passiveGet<Appointment[]>('/api/client/appointments', signal),
    // An advisor may move or cancel, and a room opens at its time: a passive read each minute keeps up.
    refetchInterval: 60_000,
  });
}

export function useClientSlots(from: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['client', 'appointments', 'slots', from ?? 'today'],
    queryFn: ({ signal }) => api.passiveGet<SlotsResponse>(withQuery('/api/client/appointments/slots', { from, days: 14 }), signal),
    enabled,
  });
}

export function useClientNotices() {
  return useQuery({
    queryKey: ['client', 'appointments', 'notices'],
    queryFn: ({ signal }) => api.passiveGet<AppointmentNotice[]>('/api/client/appointment-notices', signal),
  });
}

export function useClientBranches() {
  return useQuery({ queryKey: ['client', 'branches'], queryFn: ({ signal }) => api.passiveGet<Branch[]>('/api/client/branches', signal) });
}

export const bookAppointment = (body: { startsAt: string; mode: AppointmentMode; subject: string }) =>
  api.post<Appointment>('/api/client/appointments', body);
export const cancelMyAppointment = (id: string) => api.post<Appointment>(`/api/client/appointments/${id}/cancel`);
export const rescheduleMyAppointment = (id: string, startsAt: string) =>
  api.post<Appointment>(`/api/client/appointments/${id}/reschedule`, { startsAt });
export const markNoticesRead = () => api.post<void>('/api/client/appointment-notices/read');

// The workstation's side.
export const AGENDA_KEY = ['appointments', 'agenda'] as const;

export function useAgenda(advisorId?: string) {
  return useQuery({
    queryKey: [...AGENDA_KEY, advisorId ?? 'me'],
    queryFn: ({ signal }) => api.get<Appointment[]>(withQuery('/api/appointments', { advisorId, days: 31 }), signal),
    // Clients book at any time; the bus also tells the workstation, this keeps a forgotten tab fresh.
    refetchInterval: 60_000,
  });
}

export function useAvailability() {
  return useQuery({
    queryKey: ['appointments', 'availability'],
    queryFn: ({ signal }) => api.get<AdvisorAvailability>('/api/appointments/availability', signal),
  });
}

export function useBranches() {
  return useQuery({ queryKey: ['branches'], queryFn: ({ signal }) => api.get<Branch[]>('/api/branches', signal) });
}

export const saveAvailability = (body: AvailabilityInput) => api.put<AdvisorAvailability>('/api/appointments/availability', body);
export const addAvailabilityException = (body: Partial<AvailabilityExceptionInput> & { day: string }) =>
  api.post<AdvisorAvailability>('/api/appointments/availability/exceptions', body);
export const removeAvailabilityException = (id: string) =>
  api.delete<AdvisorAvailability>(`/api/appointments/availability/exceptions/${id}`);
export const advisorSlotsFor = (appointmentId: string, from?: string) =>
  api.get<{ slots: { startsAt: string; endsAt: string }[] }>(withQuery(`/api/appointments/${appointmentId}/slots`, { from, days: 14 }));
export const cancelAsAdvisor = (id: string) => api.post<Appointment>(`/api/appointments/${id}/cancel`);
export const rescheduleAsAdvisor = (id: string, startsAt: string) =>
  api.post<Appointment>(`/api/appointments/${id}/reschedule`, { startsAt });

const dateTime = (lang: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', {
    timeZone: 'Europe/Paris',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Times are the bank's (Paris) wherever the reader is: the branch, the advisor and the e-mail say the same. */
export const formatWhen = (iso: string, lang: string) => capitalised(dateTime(lang).format(new Date(iso)));
/** The same, inside a sentence ("jusqu’au samedi 5 décembre à 06:30"). */
export const formatWhenInline = (iso: string, lang: string) => dateTime(lang).format(new Date(iso));
export const formatTime = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
export const parisDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso));
export const formatDay = (day: string, lang: string) =>
  capitalised(
    new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    ),
  );

/** The room is open to its two people from 15 minutes before to 30 minutes after. */
export const roomIsOpen = (a: Appointment, now = Date.now()) =>
  a.status === 'booked' &&
  a.mode === 'video' &&
  !!a.roomOpensAt &&
  !!a.roomClosesAt &&
  now >= Date.parse(a.roomOpensAt) &&
  now < Date.parse(a.roomClosesAt);

/** Re-renders every half minute: a room's button appears (and goes) on time even when no data changed. */
export function useClock(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
