import type { PresenceEntry } from '@agora/contracts/routing.schema.ts';
import { Avatar, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth/auth.api.ts';
import { announcePresence, fetchPresence } from './routing.api.ts';
import './routing.i18n.ts';

const HEARTBEAT_MS = 25_000;
const TYPING_THROTTLE_MS = 4_000;
const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

/**
 * Collision guard, the visible half: says "viewing" while this conversation is open (and "typing"
 * when the person types in it), and shows colleagues doing the same: "Inès consulte · Marc écrit…".
 */
export function PresenceBar({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [others, setOthers] = useState<PresenceEntry[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    const refresh = () =>
      fetchPresence(conversationId, controller.signal)
        .then((entries) => setOthers(entries.filter((e) => e.userId !== me.id)))
        .catch(() => undefined);
    void announcePresence(conversationId, 'viewing').then(refresh);
    const heartbeat = setInterval(() => void announcePresence(conversationId, 'viewing'), HEARTBEAT_MS);
    // Typing anywhere in the open conversation (reply or note) tells colleagues, a few times a minute at most.
    let lastTyping = 0;
    const onInput = (event: Event) => {
      const target = event.target as HTMLElement | null;
      if (!target?.closest?.(`[data-conversation-id="${CSS.escape(conversationId)}"]`)) return;
      if (Date.now() - lastTyping < TYPING_THROTTLE_MS) return;
      lastTyping = Date.now();
      void announcePresence(conversationId, 'typing');
    };
    // Colleagues' presence comes as WebSocket events (features/realtime).
    const onPresence = (event: Event) => {
      if ((event as CustomEvent<string>).detail === conversationId) void refresh();
    };
    // Typing fades after a few seconds without news: look again now and then.
    const poll = setInterval(refresh, 10_000);
    document.addEventListener('input', onInput, true);
    window.addEventListener('agora:presence', onPresence);
    return () => {
      controller.abort();
      clearInterval(heartbeat);
      clearInterval(poll);
      document.removeEventListener('input', onInput, true);
      window.removeEventListener('agora:presence', onPresence);
      void announcePresence(conversationId, 'left');
    };
  }, [conversationId, me.id]);

  if (others.length === 0) return null;
  return (
    <Group gap={6} wrap="nowrap" data-testid="presence-bar" aria-live="polite">
      <Avatar.Group spacing={6}>
        {others.map((o) => (
          <Tooltip key={o.userId} label={o.displayName}>
            <Avatar size={22} radius="xl" color={o.state === 'typing' ? 'orange' : 'bank'}>
              {initials(o.displayName)}
            </Avatar>
          </Tooltip>
        ))}
      </Avatar.Group>
      <Text size="xs" c={others.some((o) => o.state === 'typing') ? 'orange.8' : 'dimmed'} data-testid="presence-text">
        {others
          .map((o) => t(o.state === 'typing' ? 'routing.typing' : 'routing.viewing', { name: o.displayName.split(' ')[0] }))
          .join(' · ')}
      </Text>
    </Group>
  );
}
