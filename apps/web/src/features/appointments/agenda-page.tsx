import type { Appointment } from '@agora/contracts/appointments.schema.ts';
import { BANK_WIDE_ROLES } from '@agora/contracts/common.schema.ts';
import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconVideo } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useMe } from '../auth/auth.api.ts';
import { useStaff } from '../inbox/conversations.api.ts';
import {
  AGENDA_KEY,
  advisorSlotsFor,
  cancelAsAdvisor,
  formatDay,
  formatTime,
  parisDay,
  rescheduleAsAdvisor,
  roomIsOpen,
  useAgenda,
  useClock,
} from './appointments.api.ts';
import { AvailabilityEditor } from './availability-editor.tsx';
import { type Slot, SlotPicker } from './slot-picker.tsx';

/**
 * The advisor's agenda (next 31 days) beside their weekly availability and time off. A bank-wide
 * role (supervisor, compliance, admin) picks an advisor and reads their agenda, without changing it.
 */
export function AgendaPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const bankWide = !!me && BANK_WIDE_ROLES.includes(me.role);
  const staff = useStaff();
  const advisors = (staff.data ?? []).filter((s) => s.role === 'advisor');
  const [advisorId, setAdvisorId] = useState<string | null>(null);
  const agenda = useAgenda(bankWide ? (advisorId ?? undefined) : undefined);
  // The rows' "Ouvrir la salle" follows the clock.
  useClock();
  const [moving, setMoving] = useState<Appointment | null>(null);
  const byDay = new Map<string, Appointment[]>();
  for (const a of agenda.data ?? []) byDay.set(parisDay(a.startsAt), [...(byDay.get(parisDay(a.startsAt)) ?? []), a]);

  return (
    <Stack gap="md" p="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('appointments.staff.title')}
        </Title>
        {bankWide ? (
          <Select
            placeholder={t('appointments.staff.pickAdvisor')}
            aria-label={t('appointments.staff.pickAdvisor')}
            data={advisors.map((a) => ({ value: a.id, label: a.displayName }))}
            value={advisorId}
            onChange={setAdvisorId}
            searchable
            data-testid="agenda-advisor"
          />
        ) : null}
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('appointments.staff.agenda')}
          </Title>
          {agenda.isPending ? <Loader /> : null}
          {agenda.isError ? <Alert color="red">{agenda.error.message}</Alert> : null}
          {agenda.data && agenda.data.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('appointments.staff.none')}
            </Text>
          ) : null}
          {[...byDay.entries()].map(([day, items]) => (
            <Paper key={day} withBorder radius="md" p="sm">
              <Text fw={650} mb={6}>
                {formatDay(day, i18n.language)}
              </Text>
              <Stack gap={8}>
                {items.map((a) => (
                  <AgendaRow key={a.id} appointment={a} own={a.advisor.id === me?.id} onMove={() => setMoving(a)} />
                ))}
              </Stack>
            </Paper>
          ))}
        </Stack>
        {me?.role === 'advisor' ? <AvailabilityEditor /> : <Alert color="gray">{t('appointments.staff.readOnly')}</Alert>}
      </SimpleGrid>
      {moving ? <MoveModal appointment={moving} onClose={() => setMoving(null)} /> : null}
    </Stack>
  );
}

function AgendaRow({ appointment: a, own, onMove }: { appointment: Appointment; own: boolean; onMove: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const cancel = async () => {
    if (!window.confirm(t('appointments.client.confirmCancel'))) return;
    try {
      await cancelAsAdvisor(a.id);
      notifySuccess(t('appointments.client.cancelled'));
    } catch (error) {
      notifyError(error);
    }
    void queryClient.invalidateQueries({ queryKey: AGENDA_KEY });
  };
  const cancelled = a.status === 'cancelled';
  return (
    <Group justify="space-between" wrap="wrap" gap="xs" data-testid="agenda-row" style={{ opacity: cancelled ? 0.55 : 1 }}>
      <div style={{ minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          <Text fw={600} size="sm" td={cancelled ? 'line-through' : undefined}>
            {formatTime(a.startsAt)}
          </Text>
          <Badge size="sm" variant="light">
            {t(`appointments.modes.${a.mode}`)}
          </Badge>
          {cancelled ? (
            <Badge size="sm" color="gray">
              {t('appointments.status.cancelled')}
            </Badge>
          ) : null}
        </Group>
        <Anchor component={Link} to={`/clients/${a.client.id}`} size="sm">
          {a.client.firstName} {a.client.lastName}
        </Anchor>
        <Text size="sm" c="dimmed" truncate="end">
          {a.subject}
        </Text>
      </div>
      <Group gap={6}>
        {own && roomIsOpen(a) ? (
          <Button
            component={Link}
            to={`/agenda/salle/${a.id}`}
            size="xs"
            color="teal"
            leftSection={<IconVideo size={16} />}
            data-testid="agenda-join"
          >
            {t('appointments.staff.join')}
          </Button>
        ) : null}
        {own && a.canChange ? (
          <>
            <Button size="xs" variant="light" onClick={onMove}>
              {t('appointments.staff.move')}
            </Button>
            <Button size="xs" variant="light" color="red" onClick={() => void cancel()}>
              {t('appointments.staff.cancel')}
            </Button>
          </>
        ) : null}
      </Group>
    </Group>
  );
}

function MoveModal({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [value, setValue] = useState<string | null>(null);
  const [from, setFrom] = useState<string | undefined>(undefined);
  const load = useCallback(
    (start?: string) => {
      setFrom(start);
      setSlots(null);
      void advisorSlotsFor(appointment.id, start)
        .then((r) => setSlots(r.slots))
        .catch(notifyError);
    },
    [appointment.id],
  );
  useEffect(() => load(), [load]);
  const submit = async () => {
    if (!value) return;
    try {
      await rescheduleAsAdvisor(appointment.id, value);
      notifySuccess(t('appointments.client.moved'));
      void queryClient.invalidateQueries({ queryKey: AGENDA_KEY });
      onClose();
    } catch (error) {
      notifyError(error);
    }
  };
  const later = () => {
    const base = new Date(`${from ?? parisDay(new Date().toISOString())}T00:00:00Z`);
    base.setUTCDate(base.getUTCDate() + 14);
    load(base.toISOString().slice(0, 10));
  };
  return (
    <Modal opened onClose={onClose} title={t('appointments.booking.moveTitle')} size="lg">
      <Stack>
        <SlotPicker slots={slots ?? []} loading={slots === null} value={value} onChange={setValue} onLater={later} />
        <Button onClick={() => void submit()} disabled={!value}>
          {t('appointments.booking.confirmMove')}
        </Button>
      </Stack>
    </Modal>
  );
}
