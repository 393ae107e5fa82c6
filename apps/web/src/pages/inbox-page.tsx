import { Box, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ConversationList } from '../features/inbox/conversation-list.tsx';
import { ConversationView } from '../features/inbox/conversation-view.tsx';
import { InboxFiltersPanel, useInboxFilters } from '../features/inbox/inbox-filters.tsx';

export function InboxPage() {
  const { t } = useTranslation();
  const { conversationId } = useParams();
  const [filters, setFilters] = useInboxFilters();

  return (
    <Box style={{ display: 'flex', height: 'calc(100dvh - var(--app-shell-header-height, 60px))', minHeight: 0 }}>
      <Box
        component="section"
        aria-label={t('inbox.list')}
        w={380}
        style={{
          flex: 'none',
          display: 'flex',
          flexDirection: 'column',
          minHeight: 0,
          position: 'relative',
          background: 'var(--mantine-color-white)',
          borderRight: '1px solid var(--mantine-color-gray-3)',
        }}
      >
        <Title order={1} size="h5" px="sm" pt="sm">
          {t('inbox.title')}
        </Title>
        <InboxFiltersPanel filters={filters} onChange={setFilters} />
        <ConversationList filters={filters} selectedId={conversationId} />
      </Box>
      <Box component="section" style={{ flex: 1, minWidth: 0, minHeight: 0 }}>
        {conversationId ? (
          <ConversationView key={conversationId} conversationId={conversationId} />
        ) : (
          <Center h="100%">
            <Stack align="center" gap="xs">
              <ThemeIcon size={56} radius="xl" variant="light" color="gray">
                <IconInbox size={30} />
              </ThemeIcon>
              <Text c="dimmed">{t('inbox.selectHint')}</Text>
            </Stack>
          </Center>
        )}
      </Box>
    </Box>
  );
}
