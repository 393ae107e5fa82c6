import type { ConversationDetail } from '@agora/contracts/conversation.schema.ts';
import { ActionIcon, Alert, Badge, Box, Center, Drawer, Group, Loader, ScrollArea, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconLayoutSidebarRight, IconLock, IconWorld } from '@tabler/icons-react';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http-client.ts';
import { ContactTypingNotice } from '../live-chat/live-chat-typing.tsx';
import { PresenceBar } from '../routing/presence-bar.tsx';
import { ChannelIcon } from './channel-icon.tsx';
import { ConversationSidePanel } from './conversation-side-panel.tsx';
import { useConversation } from './conversations.api.ts';
import { MessageItem } from './message-item.tsx';
import { ReplyBox } from './reply-box.tsx';
import { SignalsSummary } from './signals.tsx';

/** Below this width the side panel leaves the row and opens as a drawer (1024-px screens). */
const WIDE_LAYOUT = '(min-width: 75em)';

import { CsatBadge } from '../answers/conversation-extras.tsx';
import { SlaCountdown } from '../sla/sla-countdown.tsx';
import { StatusBadge } from './status-badge.tsx';

export function ConversationView({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const query = useConversation(conversationId);

  if (query.isPending) {
    return (
      <Center h="100%">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (query.isError) {
    const notFound = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 403);
    return (
      <Alert color={notFound ? 'gray' : 'red'} m="md" title={notFound ? undefined : t('errors.title')} data-testid="conversation-error">
        {notFound ? t('inbox.notFound') : query.error.message}
      </Alert>
    );
  }
  return <ConversationLoaded conversation={query.data} />;
}

function ConversationLoaded({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const viewport = useRef<HTMLDivElement>(null);
  const messages = useMemo(
    () => [...conversation.messages].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    [conversation.messages],
  );
  const lastId = messages.at(-1)?.id;
  const content = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const wide = useMediaQuery(WIDE_LAYOUT, true, { getInitialValueInEffect: false });
  const [panelOpen, panel] = useDisclosure(false);

  // Follow the conversation: stay at the newest message while the person has not scrolled up,
  // also when images finish loading and grow the thread.
  useEffect(() => {
    const node = viewport.current;
    const inner = content.current;
    if (!node || !inner) return;
    const onScroll = () => {
      stickToBottom.current = node.scrollHeight - node.scrollTop - node.clientHeight < 80;
    };
    const observer = new ResizeObserver(() => {
      if (stickToBottom.current) node.scrollTop = node.scrollHeight;
    });
    node.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(inner);
    return () => {
      node.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, []);

  // A new message (ours or theirs) brings the view back to the bottom.
  useEffect(() => {
    const node = viewport.current;
    if (!node || lastId === undefined) return;
    stickToBottom.current = true;
    node.scrollTop = node.scrollHeight;
  }, [lastId]);

  return (
    <Box style={{ display: 'flex', height: '100%', minHeight: 0 }} data-testid="conversation-view" data-conversation-id={conversation.id}>
      <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', background: 'var(--mantine-color-gray-0)' }}>
        <Box px="md" py="sm" style={{ background: 'var(--mantine-color-white)', borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <ChannelIcon channel={conversation.channel} size={34} />
              <div style={{ minWidth: 0 }}>
                <Title order={2} size="h4" lineClamp={1} data-testid="conversation-title">
                  {conversation.contact.displayName}
                </Title>
                <Group gap={6} wrap="nowrap">
                  <Text size="xs" c="dimmed">
                    {t(`channels.${conversation.channel}`)} · {t('conversation.team')} {conversation.teamName}
                  </Text>
                </Group>
              </div>
            </Group>
            <Group gap={6} wrap="nowrap">
              <Badge
                variant="outline"
                color={conversation.kind === 'public' ? 'bank' : 'grape'}
                radius="sm"
                leftSection={conversation.kind === 'public' ? <IconWorld size={12} /> : <IconLock size={12} />}
              >
                {conversation.kind === 'public' ? t('conversation.public') : t('conversation.private')}
              </Badge>
              <StatusBadge status={conversation.status} />
              <SlaCountdown sla={conversation.sla} />
              <CsatBadge conversationId={conversation.id} />
              {wide ? null : (
                <Tooltip label={t('sidePanel.open')}>
                  <ActionIcon
                    variant="light"
                    color="gray"
                    size="lg"
                    onClick={panel.open}
                    aria-label={t('sidePanel.open')}
                    aria-expanded={panelOpen}
                    data-testid="side-panel-open"
                  >
                    <IconLayoutSidebarRight size={18} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          </Group>
          <Box mt={6}>
            <SignalsSummary signals={conversation.signals} />
          </Box>
          <PresenceBar conversationId={conversation.id} />
        </Box>
        <ScrollArea style={{ flex: 1 }} viewportRef={viewport} type="auto" aria-label={t('conversation.thread')}>
          <Stack gap="md" p="md" role="log" aria-live="polite" data-testid="message-thread" ref={content}>
            {messages.length === 0 ? (
              <Text c="dimmed" ta="center" size="sm">
                {t('conversation.noMessages')}
              </Text>
            ) : (
              messages.map((message) => <MessageItem key={message.id} message={message} />)
            )}
          </Stack>
        </ScrollArea>
        <ContactTypingNotice conversationId={conversation.id} />
        <ReplyBox conversation={conversation} />
      </Box>
      {wide ? (
        <ScrollArea
          w={310}
          style={{ flex: 'none', borderLeft: '1px solid var(--mantine-color-gray-3)', background: 'var(--mantine-color-gray-0)' }}
          type="auto"
        >
          <ConversationSidePanel conversation={conversation} />
        </ScrollArea>
      ) : (
        <Drawer
          opened={panelOpen}
          onClose={panel.close}
          position="right"
          size={340}
          padding={0}
          title={t('sidePanel.title')}
          styles={{ header: { paddingInline: 'var(--mantine-spacing-sm)' }, body: { background: 'var(--mantine-color-gray-0)' } }}
          data-testid="side-panel-drawer"
        >
          <ConversationSidePanel conversation={conversation} />
        </Drawer>
      )}
    </Box>
  );
}
