import type { ConversationDetail, Message } from '@agora/contracts/conversation.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/http-client.ts';

export function useNextOpening(teamId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['next-opening', teamId],
    queryFn: ({ signal }) =>
      api.get<{ nextOpening: string; openNow: boolean; timeZone: string }>(`/api/teams/${encodeURIComponent(teamId)}/next-opening`, signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useCancelScheduled(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (messageId: string) =>
      api.delete<Message>(`/api/conversations/${encodeURIComponent(conversationId)}/scheduled/${encodeURIComponent(messageId)}`),
    onSuccess: (message) =>
      queryClient.setQueryData<ConversationDetail>(['conversation', conversationId], (detail) =>
        detail ? { ...detail, messages: detail.messages.map((m) => (m.id === message.id ? message : m)) } : detail,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['conversation', conversationId] }),
  });
}

/** "lundi 9 h 00" (French wall time of the bank), "Monday 9:00 AM" in English. */
export function formatScheduled(iso: string, language: string): string {
  const date = new Date(iso);
  const en = language.startsWith('en');
  const sameWeek = Math.abs(date.getTime() - Date.now()) < 6 * 24 * 3600_000;
  const dayKey = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
  // "lundi" on a Monday morning would read as next week: today and tomorrow are named as such.
  const relative =
    dayKey(date) === dayKey(new Date())
      ? en
        ? 'today'
        : 'aujourd’hui'
      : dayKey(date) === dayKey(new Date(Date.now() + 24 * 3600_000))
        ? en
          ? 'tomorrow'
          : 'demain'
        : null;
  const day =
    relative ??
    new Intl.DateTimeFormat(
      en ? 'en-GB' : 'fr-FR',
      sameWeek
        ? { weekday: 'long', timeZone: 'Europe/Paris' }
        : { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Paris' },
    ).format(date);
  const parts = new Intl.DateTimeFormat('fr-FR', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/Paris',
  }).formatToParts(date);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return en ? `${day} ${hour}:${minute}` : `${day} ${hour} h ${minute}`;
}
