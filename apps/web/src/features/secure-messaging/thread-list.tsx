import type { SecureThreadSummary } from '@agora/contracts/secure-messaging.schema.ts';
import { Badge, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconClock, IconShare } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Side } from './secure.api.ts';

const timeOf = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

/** Threads newest first, unread ones in bold with their count. */
export function ThreadList({ side, threads, linkOf }: { side: Side; threads: SecureThreadSummary[]; linkOf: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="xs" data-testid="secure-thread-list">
      {threads.map((thread) => (
        <UnstyledButton key={thread.id} component={Link} to={linkOf(thread.id)} data-testid="secure-thread-row" data-unread={thread.unread}>
          <Paper p="sm" withBorder radius="md">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Text fw={thread.unread > 0 ? 700 : 500} truncate="end">
                  {thread.subject}
                </Text>
                <Text size="xs" c="dimmed" truncate="end">
                  {side === 'staff' ? `${thread.clientName} · ` : ''}
                  {thread.recipient === 'team' ? thread.teamName : thread.advisorName} · {timeOf(thread.lastMessageAt, i18n.language)}
                </Text>
              </div>
              <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
                {side === 'staff' && thread.originConversationId ? (
                  <IconShare size={16} color="var(--mantine-color-dimmed)" aria-label={t('secure.fromHandoff')} />
                ) : null}
                {side === 'staff' && thread.responseDueAt ? (
                  <Badge size="sm" color="orange" variant="light" leftSection={<IconClock size={10} />}>
                    {timeOf(thread.responseDueAt, i18n.language)}
                  </Badge>
                ) : null}
                {thread.unread > 0 ? (
                  <Badge size="sm" color="bank" data-testid="secure-unread">
                    {t('secure.unread', { count: thread.unread })}
                  </Badge>
                ) : null}
              </Group>
            </Group>
          </Paper>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
