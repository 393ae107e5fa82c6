import type { ConversationListItem } from '@agora/contracts/conversation.schema.ts';
import { Alert, Badge, Box, Button, Center, Group, Loader, ScrollArea, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { useIntersection } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { RelativeTime } from '../../components/relative-time.tsx';
import { ChannelIcon } from './channel-icon.tsx';
import './composer.i18n.ts';
import { SlaCountdown } from '../sla/sla-countdown.tsx';
import { type InboxFilters, useConversationList } from './conversations.api.ts';
import { SignalBadges } from './signals.tsx';
import { StatusBadge } from './status-badge.tsx';

const SKELETON_ROWS = ['a', 'b', 'c', 'd', 'e', 'f'];

export function ConversationList({ filters, selectedId }: { filters: InboxFilters; selectedId: string | undefined }) {
  const { t } = useTranslation();
  const query = useConversationList(filters);
  const { ref: sentinelRef, entry } = useIntersection({ threshold: 0.1 });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    if (entry?.isIntersecting && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [entry?.isIntersecting, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const items = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <ScrollArea style={{ flex: 1 }} type="auto" aria-label={t('inbox.list')}>
      {query.isPending ? (
        <Stack gap={0}>
          {SKELETON_ROWS.map((key) => (
            <Box key={key} p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
              <Skeleton height={12} width="50%" mb={8} />
              <Skeleton height={10} mb={6} />
              <Skeleton height={10} width="70%" />
            </Box>
          ))}
        </Stack>
      ) : query.isError ? (
        <Alert color="red" m="sm" title={t('errors.title')}>
          {query.error.message}
          <Button size="xs" variant="light" mt="xs" onClick={() => void query.refetch()} display="block">
            {t('common.retry')}
          </Button>
        </Alert>
      ) : items.length === 0 ? (
        <Text c="dimmed" ta="center" p="xl" size="sm" data-testid="conversation-list-empty">
          {t('inbox.empty')}
        </Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="conversation-list">
          {items.map((item) => (
            <li key={item.id}>
              <ConversationRow item={item} active={item.id === selectedId} />
            </li>
          ))}
        </ul>
      )}
      {hasNextPage ? (
        <Center p="sm" ref={sentinelRef}>
          <Button
            variant="subtle"
            size="xs"
            onClick={() => void fetchNextPage()}
            loading={isFetchingNextPage}
            data-testid="conversation-load-more"
          >
            {t('common.loadMore')}
          </Button>
        </Center>
      ) : null}
      {query.isFetching && !query.isPending && !isFetchingNextPage ? (
        <Center pos="absolute" top={4} right={8} style={{ pointerEvents: 'none' }}>
          <Loader size="xs" />
        </Center>
      ) : null}
    </ScrollArea>
  );
}

function ConversationRow({ item, active }: { item: ConversationListItem; active: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Link
      to={{ pathname: `/inbox/${item.id}`, search: location.search }}
      className="conversation-row"
      data-active={active ? 'true' : 'false'}
      data-testid="conversation-row"
      data-conversation-id={item.id}
      data-unread={item.unread ? 'true' : 'false'}
      aria-current={active ? 'true' : undefined}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ChannelIcon channel={item.channel} size={30} />
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              {item.unread ? <span className="unread-dot" data-testid="unread-marker" title={t('inbox.unreadLabel')} /> : null}
              <Text size="sm" fw={item.unread ? 700 : 500} truncate="end" data-testid="conversation-author">
                {item.contact.displayName}
              </Text>
              {item.contact.handle ? (
                <Text size="xs" c="dimmed" truncate="end" style={{ flexShrink: 2 }}>
                  @{item.contact.handle.replace(/^@/, '')}
                </Text>
              ) : null}
            </Group>
            <Text c="dimmed" component="span" style={{ flex: 'none' }}>
              <RelativeTime iso={item.lastMessageAt} />
            </Text>
          </Group>
          <Text
            size="sm"
            c={item.unread ? 'dark.8' : 'dimmed'}
            fw={item.unread ? 600 : 400}
            lineClamp={2}
            mt={2}
            data-testid="conversation-excerpt"
          >
            {item.excerpt}
          </Text>
          <SignalBadges signals={item.signals} />
          {/* Wraps rather than squeezing the status badge when a row carries several badges (not answered, SLA). */}
          <Group gap={6} mt={6} wrap="wrap" style={{ rowGap: 4 }}>
            <StatusBadge status={item.status} />
            {item.notAnsweredReason ? (
              <Tooltip label={item.notAnsweredReason} openDelay={300}>
                <Badge
                  size="xs"
                  radius="sm"
                  color="gray"
                  variant="filled"
                  tt="none"
                  style={{ flex: 'none' }}
                  data-testid="not-answered-badge"
                >
                  {t('composer.notAnsweredBadge')}
                </Badge>
              </Tooltip>
            ) : null}
            <SlaCountdown sla={item.sla} size="xs" compact />
            <Text
              size="xs"
              c={item.assignee ? 'dark.4' : 'dimmed'}
              fs={item.assignee ? undefined : 'italic'}
              truncate="end"
              data-testid="conversation-assignee"
            >
              {item.assignee ? item.assignee.displayName : t('inbox.unassigned')}
            </Text>
          </Group>
        </Box>
      </Group>
    </Link>
  );
}
