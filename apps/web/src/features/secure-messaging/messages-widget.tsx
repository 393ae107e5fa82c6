import { Alert, Anchor, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClientLive, useSecureSummary } from './secure.api.ts';
import { ThreadList } from './thread-list.tsx';

/** The personal space's "Messages" card: unread count and the last threads, live. */
export function MessagesWidget() {
  const { t } = useTranslation();
  useClientLive();
  const summary = useSecureSummary();
  if (summary.isPending) return <Loader size="sm" />;
  if (summary.isError) return <Alert color="orange">{summary.error.message}</Alert>;
  return (
    <Stack gap="xs" data-testid="messages-widget">
      <Text
        size="sm"
        fw={600}
        c={summary.data.unread > 0 ? 'bank.8' : 'dimmed'}
        data-testid="messages-widget-unread"
        data-unread={summary.data.unread}
      >
        {t('secure.widget.unread', { count: summary.data.unread })}
      </Text>
      {summary.data.threads.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('secure.widget.none')}
        </Text>
      ) : (
        <ThreadList side="client" threads={summary.data.threads} linkOf={(id) => `/espace/messages/${id}`} />
      )}
      <Anchor component={Link} to="/espace/messages" size="sm">
        {t('secure.widget.open')}
      </Anchor>
    </Stack>
  );
}
