import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatWhen, roomIsOpen, useClientAppointments, useClock } from './appointments.api.ts';
import { MODE_ICONS } from './client-appointments-page.tsx';

/** The personal space's appointments widget: the next appointment (and its room when open), a book button. */
export function AppointmentsWidget() {
  const { t, i18n } = useTranslation();
  const { data } = useClientAppointments();
  const now = useClock();
  const next = (data ?? []).filter((a) => a.status === 'booked' && Date.parse(a.endsAt) > now).at(-1);
  const Icon = next ? MODE_ICONS[next.mode] : null;
  return (
    <Stack gap="xs" data-testid="appointments-widget-body">
      {next && Icon ? (
        <div>
          <Text size="xs" c="dimmed">
            {t('appointments.widget.next')}
          </Text>
          <Group gap={6} wrap="nowrap">
            <Icon size={18} stroke={1.6} style={{ flexShrink: 0 }} />
            <Text fw={600} size="sm" truncate="end">
              {formatWhen(next.startsAt, i18n.language)}
            </Text>
          </Group>
          <Text size="sm" c="dimmed" truncate="end">
            {t(`appointments.modes.${next.mode}`)} · {next.subject}
          </Text>
          {roomIsOpen(next, now) ? (
            <Anchor component={Link} to={`/espace/rendez-vous/${next.id}/salle`} size="sm" fw={600}>
              {t('appointments.client.join')}
            </Anchor>
          ) : null}
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          {t('appointments.widget.none')}
        </Text>
      )}
      <Group gap="xs">
        <Button component={Link} to="/espace/rendez-vous" size="xs" leftSection={<IconCalendarPlus size={16} />}>
          {t('appointments.widget.book')}
        </Button>
      </Group>
    </Stack>
  );
}
