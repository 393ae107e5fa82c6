import type { ConversationDetail } from '@agora/contracts/conversation.schema.ts';
import { Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/http-client.ts';

const RELAY_EVERY_MS = 2_000;
const SHOWN_FOR_MS = 5_000;
const LABEL = { fr: 'Le visiteur écrit…', en: 'The visitor is typing…' };

/**
 * Live chat only: tells the visitor that an agent is typing, at most every two seconds.
 * Returns a function to call on each change of the draft.
 */
export function useAgentTypingRelay(conversation: Pick<ConversationDetail, 'id' | 'channel'>) {
  const last = useRef(0);
  return () => {
    if (conversation.channel !== 'live_chat') return;
    const now = Date.now();
    if (now - last.current < RELAY_EVERY_MS) return;
    last.current = now;
    // Best effort: a lost indicator is not worth an error on screen.
    apiRequest(`/api/conversations/${conversation.id}/typing`, { method: 'POST' }).catch(() => undefined);
  };
}

/** "The visitor is typing…" under the thread, from the realtime provider's DOM event. */
export function ContactTypingNotice({ conversationId }: { conversationId: string }) {
  const { i18n } = useTranslation();
  const [typingAt, setTypingAt] = useState(0);
  useEffect(() => {
    const onTyping = (event: Event) => {
      if ((event as CustomEvent<string>).detail === conversationId) setTypingAt(Date.now());
    };
    window.addEventListener('agora:contact-typing', onTyping);
    return () => window.removeEventListener('agora:contact-typing', onTyping);
  }, [conversationId]);
  useEffect(() => {
    if (!typingAt) return;
    const timer = setTimeout(() => setTypingAt(0), SHOWN_FOR_MS);
    return () => clearTimeout(timer);
  }, [typingAt]);
  if (!typingAt) return null;
  return (
    <Text size="xs" c="dimmed" fs="italic" px="md" py={4} aria-live="polite" data-testid="contact-typing">
      {i18n.language?.startsWith('en') ? LABEL.en : LABEL.fr}
    </Text>
  );
}
