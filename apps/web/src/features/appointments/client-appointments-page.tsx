import type { Appointment } from '@agora/contracts/appointments.schema.ts';
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBuildingBank, IconCalendarPlus, IconDownload, IconPhone, IconVideo } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useClientMe } from '../client-space/client-auth.api.ts';
import {
  CLIENT_APPOINTMENTS_KEY,
  cancelMyAppointment,
  formatWhen,
  formatWhenInline,
  markNoticesRead,
  roomIsOpen,
  useClientAppointments,
  useClientNotices,
  useClock,
} from './appointments.api.ts';
import { BookingModal } from './booking-modal.tsx';

export const MODE_ICONS = { branch: IconBuildingBank, phone: IconPhone, video: IconVideo } as const;

/** The client's appointments: book, move, cancel (until the cut-off), join a video room, add to a calendar. */
export function ClientAppointmentsPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useClientMe();
  const appointments = useClientAppointments();
  const notices = useClientNotices();
  const [booking, setBooking] = useState(false);
  const [moving, setMoving] = useState<string | null>(null);
  const unread = (notices.data ?? []).filter((n) => !n.readAt);
  const now = useClock();

  useEffect(() => {
    if (unread.length) void markNoticesRead().catch(() => undefined);
  }, [unread.length]);

  if (appointments.isPending) return <Loader />;
  if (appointments.isError) return <Alert color="red">{appointments.error.message}</Alert>;
  const upcoming = appointments.data.filter((a) => a.status === 'booked' && Date.parse(a.endsAt) > now).reverse();
  const past = appointments.data.filter((a) => !upcoming.includes(a));

  return (
    <Stack gap="md" maw={760}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            {t('appointments.client.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('appointments.client.intro')}
          </Text>
        </div>
        <Button
          leftSection={<IconCalendarPlus size={18} />}
          onClick={() => setBooking(true)}
          disabled={!me?.advisor}
          data-testid="book-appointment"
        >
          {t('appointments.client.book')}
        </Button>
      </Group>
      {!me?.advisor ? <Alert color="yellow">{t('appointments.client.noAdvisor')}</Alert> : null}
      {unread.length ? (
        <Paper withBorder p="sm" radius="md" data-testid="appointment-notices">
          <Text fw={600} size="sm" mb={4}>
            {t('appointments.client.notices')}
          </Text>
          <Stack gap={4}>
            {unread.slice(0, 3).map((n) => {
              // Said in the reader's language from the appointment as it is now; the stored French sentence otherwise.
              const a = appointments.data.find((x) => x.id === n.appointmentId);
              const known = a && i18n.exists(`appointments.notices.${n.kind}`);
              return (
                <Text key={n.id} size="sm">
                  {known
                    ? t(`appointments.notices.${n.kind}`, {
                        mode: t(`appointments.notices.modes.${a.mode}`),
                        advisor: a.advisor.displayName,
                        when: formatWhenInline(a.startsAt, i18n.language),
                      })
                    : n.text}
                </Text>
              );
            })}
          </Stack>
        </Paper>
      ) : null}
      <Title order={2} size="h4">
        {t('appointments.client.upcoming')}
      </Title>
      {upcoming.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('appointments.client.none')}
        </Text>
      ) : (
        upcoming.map((a) => <UpcomingCard key={a.id} appointment={a} onMove={() => setMoving(a.id)} />)
      )}
      {past.length ? (
        <>
          <Title order={2} size="h4">
            {t('appointments.client.past')}
          </Title>
          <Stack gap={6}>
            {past.slice(0, 10).map((a) => (
              <Group key={a.id} gap="xs" wrap="nowrap">
                <Badge variant="light" color={a.status === 'cancelled' ? 'gray' : 'bank'}>
                  {a.status === 'cancelled' && a.cancelledBy
                    ? t(`appointments.client.cancelledBy.${a.cancelledBy}`)
                    : t(`appointments.modes.${a.mode}`)}
                </Badge>
                <Text size="sm" truncate="end">
                  {formatWhen(a.startsAt, i18n.language)} · {a.subject}
                </Text>
              </Group>
            ))}
          </Stack>
        </>
      ) : null}
      <BookingModal opened={booking} onClose={() => setBooking(false)} />
      <BookingModal opened={moving !== null} onClose={() => setMoving(null)} moving={moving ? { id: moving } : undefined} />
    </Stack>
  );
}

function UpcomingCard({ appointment: a, onMove }: { appointment: Appointment; onMove: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const Icon = MODE_ICONS[a.mode];
  const cancel = async () => {
    if (!window.confirm(t('appointments.client.confirmCancel'))) return;
    try {
      await cancelMyAppointment(a.id);
      notifySuccess(t('appointments.client.cancelled'));
    } catch (error) {
      notifyError(error);
    }
    void queryClient.invalidateQueries({ queryKey: CLIENT_APPOINTMENTS_KEY });
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="appointment-card">
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Icon size={22} stroke={1.6} style={{ flexShrink: 0, marginTop: 2 }} />
          <div style={{ minWidth: 0 }}>
            <Text fw={600}>{formatWhen(a.startsAt, i18n.language)}</Text>
            <Text size="sm">
              {t(`appointments.modes.${a.mode}`)} {t('appointments.client.with', { name: a.advisor.displayName })}
            </Text>
            <Text size="sm" c="dimmed">
              {a.subject}
            </Text>
            {a.branch ? (
              <Text size="sm" c="dimmed">
                {a.branch.name}, {a.branch.address}, {a.branch.city}
              </Text>
            ) : null}
          </div>
        </Group>
        {a.mode === 'video' ? (
          roomIsOpen(a, Date.now()) ? (
            <Button
              component={Link}
              to={`/espace/rendez-vous/${a.id}/salle`}
              leftSection={<IconVideo size={18} />}
              color="teal"
              data-testid="join-room"
            >
              {t('appointments.client.join')}
            </Button>
          ) : (
            <Text size="xs" c="dimmed">
              {t('appointments.client.roomLater')}
            </Text>
          )
        ) : null}
        <Group gap="xs" wrap="wrap">
          {a.canChange ? (
            <>
              <Button variant="light" size="xs" onClick={onMove} data-testid="reschedule">
                {t('appointments.client.reschedule')}
              </Button>
              <Button variant="light" color="red" size="xs" onClick={() => void cancel()} data-testid="cancel">
                {t('appointments.client.cancel')}
              </Button>
            </>
          ) : null}
          <Anchor href={`/api/client/appointments/${a.id}/calendar.ics`} size="xs" download>
            <Group gap={4} wrap="nowrap">
              <IconDownload size={14} />
              {t('appointments.client.ics')}
            </Group>
          </Anchor>
        </Group>
        <Text size="xs" c="dimmed">
          {a.canChange
            ? t('appointments.client.cutoff', { when: formatWhenInline(a.changeDeadline, i18n.language) })
            : t('appointments.client.tooLate')}
        </Text>
      </Stack>
    </Paper>
  );
}
