import type { WeeklyHours } from '@agora/contracts/appointments.schema.ts';
import { ActionIcon, Alert, Button, Checkbox, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import {
  addAvailabilityException,
  formatDay,
  removeAvailabilityException,
  saveAvailability,
  useAvailability,
  useBranches,
} from './appointments.api.ts';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const HALF_HOURS = Array.from({ length: 49 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);
const KEY = ['appointments', 'availability'];

/** The advisor's usual week in half hours, the branch where they see clients, and their time off. */
export function AvailabilityEditor() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const availability = useAvailability();
  const branches = useBranches();
  const [week, setWeek] = useState<WeeklyHours | null>(null);
  const [branchId, setBranchId] = useState<string | null>(null);
  const [away, setAway] = useState({ day: '', start: '09:00', end: '12:00', wholeDay: true, label: '' });

  useEffect(() => {
    if (!availability.data) return;
    setWeek(availability.data.weeklyHours);
    setBranchId(availability.data.branchId);
  }, [availability.data]);

  if (availability.isPending || !week) return <Loader />;
  if (availability.isError) return <Alert color="red">{availability.error.message}</Alert>;

  const setRange = (day: (typeof DAYS)[number], index: number, field: 'start' | 'end', value: string) =>
    setWeek({ ...week, [day]: week[day].map((r, i) => (i === index ? { ...r, [field]: value } : r)) });
  const save = async () => {
    try {
      queryClient.setQueryData(KEY, await saveAvailability({ branchId, weeklyHours: week }));
      notifySuccess(t('appointments.staff.saved'));
    } catch (error) {
      notifyError(error);
    }
  };
  const addAway = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const body = away.wholeDay
        ? { day: away.day, label: away.label }
        : { day: away.day, start: away.start, end: away.end, label: away.label };
      queryClient.setQueryData(KEY, await addAvailabilityException(body));
      setAway({ ...away, label: '' });
    } catch (error) {
      notifyError(error);
    }
  };
  const removeAway = async (id: string) => {
    try {
      queryClient.setQueryData(KEY, await removeAvailabilityException(id));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Stack gap="sm" data-testid="availability-editor">
      <Title order={2} size="h4">
        {t('appointments.staff.availability')}
      </Title>
      {!availability.data.published ? <Alert color="yellow">{t('appointments.staff.notPublished')}</Alert> : null}
      <Text size="sm" c="dimmed">
        {t('appointments.staff.availabilityIntro')}
      </Text>
      <Select
        label={t('appointments.staff.branch')}
        data={[
          { value: '', label: t('appointments.staff.noBranch') },
          ...(branches.data ?? []).map((b) => ({ value: b.id, label: b.name })),
        ]}
        value={branchId ?? ''}
        onChange={(v) => setBranchId(v || null)}
        allowDeselect={false}
      />
      <Paper withBorder radius="md" p="sm">
        <Stack gap={6}>
          {DAYS.map((day) => (
            <Group key={day} gap="xs" align="center" wrap="wrap">
              <Text size="sm" w={90} fw={500}>
                {t(`appointments.days.${day}`)}
              </Text>
              {week[day].map((range, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a range has no identity but its place in the day
                <Group key={`${day}-${i}`} gap={4} wrap="nowrap">
                  <Select
                    size="xs"
                    w={84}
                    data={HALF_HOURS.slice(0, -1)}
                    value={range.start}
                    onChange={(v) => v && setRange(day, i, 'start', v)}
                    aria-label={`${t(`appointments.days.${day}`)} ${t('appointments.staff.exceptionFrom')}`}
                  />
                  <Text size="xs">–</Text>
                  <Select
                    size="xs"
                    w={84}
                    data={HALF_HOURS.slice(1)}
                    value={range.end}
                    onChange={(v) => v && setRange(day, i, 'end', v)}
                    aria-label={`${t(`appointments.days.${day}`)} ${t('appointments.staff.exceptionTo')}`}
                  />
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="red"
                    aria-label={t('appointments.staff.remove')}
                    onClick={() => setWeek({ ...week, [day]: week[day].filter((_, j) => j !== i) })}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Group>
              ))}
              {week[day].length < 4 ? (
                <ActionIcon
                  size="sm"
                  variant="light"
                  aria-label={t('appointments.staff.addRange')}
                  onClick={() => setWeek({ ...week, [day]: [...week[day], { start: '09:00', end: '12:00' }] })}
                >
                  <IconPlus size={14} />
                </ActionIcon>
              ) : null}
            </Group>
          ))}
        </Stack>
      </Paper>
      <Button onClick={() => void save()} data-testid="save-availability">
        {t('appointments.staff.save')}
      </Button>

      <Title order={3} size="h5" mt="sm">
        {t('appointments.staff.exceptions')}
      </Title>
      {availability.data.exceptions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('appointments.staff.noExceptions')}
        </Text>
      ) : (
        <Stack gap={4}>
          {availability.data.exceptions.map((e) => (
            <Group key={e.id} gap="xs" wrap="nowrap">
              <Text size="sm">
                {formatDay(e.day, i18n.language)} {e.start ? `${e.start}–${e.end}` : `(${t('appointments.staff.wholeDay')})`}{' '}
                {e.label ? `· ${e.label}` : ''}
              </Text>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="red"
                aria-label={t('appointments.staff.remove')}
                onClick={() => void removeAway(e.id)}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      )}
      <form onSubmit={addAway}>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            type="date"
            label={t('appointments.staff.exceptionDay')}
            value={away.day}
            onChange={(e) => setAway({ ...away, day: e.currentTarget.value })}
            data-testid="exception-day"
            required
          />
          <Checkbox
            label={t('appointments.staff.exceptionWholeDay')}
            checked={away.wholeDay}
            onChange={(e) => setAway({ ...away, wholeDay: e.currentTarget.checked })}
            mb={6}
          />
          {!away.wholeDay ? (
            <>
              <Select
                w={90}
                label={t('appointments.staff.exceptionFrom')}
                data={HALF_HOURS.slice(0, -1)}
                value={away.start}
                onChange={(v) => v && setAway({ ...away, start: v })}
              />
              <Select
                w={90}
                label={t('appointments.staff.exceptionTo')}
                data={HALF_HOURS.slice(1)}
                value={away.end}
                onChange={(v) => v && setAway({ ...away, end: v })}
              />
            </>
          ) : null}
          <TextInput
            label={t('appointments.staff.exceptionLabel')}
            value={away.label}
            onChange={(e) => setAway({ ...away, label: e.currentTarget.value })}
            data-testid="exception-label"
            maxLength={120}
          />
          <Button type="submit" variant="light" data-testid="exception-add">
            {t('appointments.staff.addException')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
