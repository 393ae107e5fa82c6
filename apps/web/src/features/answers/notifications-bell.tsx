import { ActionIcon, Indicator, Menu, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { RelativeTime } from '../../components/relative-time.tsx';
import { useMarkNotificationRead, useNotifications } from './answers.api.ts';

/** The header's bell: unread count, the latest notifications; live through the WebSocket. */
export function NotificationsBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data } = useNotifications();
  const markRead = useMarkNotificationRead();
  const unread = data?.unread ?? 0;
  return (
    <Menu position="bottom-end" width={360} shadow="md" withinPortal>
      <Menu.Target>
        <Indicator
          label={unread}
          size={16}
          disabled={unread === 0}
          color="red"
          offset={4}
          data-testid="notifications-count"
          data-count={unread}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`${t('notifications.title')} — ${t('notifications.unread', { count: unread })}`}
            data-testid="notifications-bell"
          >
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown data-testid="notifications-menu">
        <Menu.Label>{t('notifications.title')}</Menu.Label>
        {(data?.items ?? []).length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            {t('notifications.empty')}
          </Text>
        ) : null}
        {(data?.items ?? []).map((n) => (
          <Menu.Item
            key={n.id}
            onClick={() => {
              if (!n.readAt) markRead.mutate(n.id);
              if (n.conversationId) void navigate(`/inbox/${n.conversationId}`);
              // A listening alert has no conversation: its list is where it is handled.
              else if (n.kind === 'listening_alert') void navigate('/listening/alerts');
              // A client booked, moved or cancelled an appointment (modules/appointments).
              else if (n.kind === 'appointment') void navigate('/agenda');
            }}
            style={{ background: n.readAt ? undefined : 'var(--mantine-color-bank-0, var(--mantine-color-blue-0))' }}
            data-testid="notification-item"
            data-unread={n.readAt ? 'false' : 'true'}
          >
            <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={3}>
              {n.text}
            </Text>
            <RelativeTime iso={n.createdAt} />
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
