import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../components/notify.ts';
import { useTeams } from '../inbox/conversations.api.ts';
import { type BusinessCalendar, type Closure, useSaveTeamCalendar, useTeamCalendar, WEEKDAYS, type Weekday } from './calendars.api.ts';
import './calendars.i18n.ts';

const DEFAULT_RANGE = { start: '09:00', end: '18:00' };
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Admins and supervisors: each team's opening hours, public holidays and exceptional closures (SLA clock). */
export function CalendarsPage() {
  const { t } = useTranslation();
  const teams = useTeams();
  const [teamId, setTeamId] = useState<string | null>(null);
  const selected = teamId ?? teams.data?.[0]?.id ?? null;
  const calendar = useTeamCalendar(selected);
  const save = useSaveTeamCalendar(selected);
  const [draft, setDraft] = useState<BusinessCalendar | null>(null);
  const loaded = calendar.data;

  // Start from the stored calendar when it arrives (another team, or after a save).
  useEffect(() => {
    setDraft(loaded ? structuredClone(loaded) : null);
  }, [loaded]);

  const dirty = useMemo(() => Boolean(draft && loaded && JSON.stringify(draft) !== JSON.stringify(loaded)), [draft, loaded]);

  const setDay = (day: Weekday, ranges: BusinessCalendar['weeklyHours'][Weekday]) =>
    setDraft((d) => (d ? { ...d, weeklyHours: { ...d.weeklyHours, [day]: ranges } } : d));
  const setClosure = (index: number, patch: Partial<Closure>) =>
    setDraft((d) => (d ? { ...d, closures: d.closures.map((c, i) => (i === index ? { ...c, ...patch } : c)) } : d));

  const onSave = () => {
    if (!draft) return;
    // An empty reason is left out rather than stored as ''.
    const closures = draft.closures.map(({ label, ...c }) => (label?.trim() ? { ...c, label: label.trim() } : c));
    save.mutate({ ...draft, closures }, { onSuccess: () => notifySuccess(t('calendars.saved')) });
  };

  return (
    <Box p="lg" maw={960} mx="auto" data-testid="calendar-page">
      <Title order={1} size="h2">
        {t('calendars.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        {t('calendars.intro')}
      </Text>
      {teams.isPending ? <Loader /> : null}
      {teams.isError ? <Alert color="red">{teams.error.message}</Alert> : null}
      {teams.isSuccess && teams.data.length === 0 ? <Alert color="gray">{t('calendars.noTeams')}</Alert> : null}
      {teams.data?.length ? (
        <Stack gap="md">
          <Group align="flex-end" gap="md">
            <NativeSelect
              label={t('calendars.team')}
              value={selected ?? ''}
              onChange={(event) => {
                setTeamId(event.currentTarget.value);
                save.reset();
              }}
              data={teams.data.map((team) => ({ value: team.id, label: team.name }))}
              data-testid="calendar-team-select"
              w={320}
            />
            {draft ? (
              <Text size="sm" c="dimmed" pb={8}>
                {t('calendars.timeZone', { zone: draft.timeZone })}
              </Text>
            ) : null}
          </Group>
          {calendar.isPending ? <Loader /> : null}
          {calendar.isError ? <Alert color="red">{calendar.error.message}</Alert> : null}
          {draft ? (
            <>
              <Paper withBorder p="md" radius="md">
                <Title order={2} size="h5" mb="sm">
                  {t('calendars.hoursTitle')}
                </Title>
                <Stack gap={6}>
                  {WEEKDAYS.map((day) => {
                    const ranges = draft.weeklyHours[day];
                    const open = ranges.length > 0;
                    const first = ranges[0] ?? DEFAULT_RANGE;
                    return (
                      <Group
                        key={day}
                        gap="md"
                        wrap="nowrap"
                        data-testid={`calendar-day-${day}`}
                        data-open={open ? 'true' : 'false'}
                        mih={36}
                      >
                        <Text w={100} fw={500} size="sm">
                          {t(`calendars.days.${day}`)}
                        </Text>
                        <Switch
                          w={110}
                          checked={open}
                          onChange={(event) => setDay(day, event.currentTarget.checked ? [{ ...DEFAULT_RANGE }] : [])}
                          label={open ? t('calendars.open') : t('calendars.closed')}
                          aria-label={`${t(`calendars.days.${day}`)} : ${t('calendars.open')}`}
                        />
                        {open ? (
                          <>
                            <Text size="sm" c="dimmed">
                              {t('calendars.from')}
                            </Text>
                            <TextInput
                              type="time"
                              size="xs"
                              w={140}
                              aria-label={`${t(`calendars.days.${day}`)} — ${t('calendars.from')}`}
                              value={first.start}
                              onChange={(event) => setDay(day, [{ ...first, start: event.currentTarget.value }, ...ranges.slice(1)])}
                              data-field="start"
                            />
                            <Text size="sm" c="dimmed">
                              {t('calendars.to').toLowerCase()}
                            </Text>
                            <TextInput
                              type="time"
                              size="xs"
                              w={140}
                              aria-label={`${t(`calendars.days.${day}`)} — ${t('calendars.to')}`}
                              value={first.end === '24:00' ? '23:59' : first.end}
                              onChange={(event) => setDay(day, [{ ...first, end: event.currentTarget.value }, ...ranges.slice(1)])}
                              data-field="end"
                            />
                            {ranges.length > 1 ? (
                              <Text size="xs" c="dimmed">
                                {t('calendars.extraRanges', { count: ranges.length - 1 })}
                              </Text>
                            ) : null}
                          </>
                        ) : null}
                      </Group>
                    );
                  })}
                </Stack>
              </Paper>

              <Paper withBorder p="md" radius="md">
                <Title order={2} size="h5" mb="sm">
                  {t('calendars.holidaysTitle')}
                </Title>
                <Switch
                  checked={draft.holidayCountry !== null}
                  onChange={(event) =>
                    setDraft({ ...draft, holidayCountry: event.currentTarget.checked ? (loaded?.holidayCountry ?? 'FR') : null })
                  }
                  label={
                    draft.holidayCountry && draft.holidayCountry !== 'FR'
                      ? t('calendars.holidaysOther', { country: draft.holidayCountry })
                      : t('calendars.holidays')
                  }
                  description={t('calendars.holidaysHelp')}
                  data-testid="calendar-holidays"
                />
              </Paper>

              <Paper withBorder p="md" radius="md">
                <Group justify="space-between" mb="sm">
                  <Title order={2} size="h5">
                    {t('calendars.closuresTitle')}
                  </Title>
                  <Button
                    variant="light"
                    size="xs"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setDraft({ ...draft, closures: [...draft.closures, { from: today(), to: today(), label: '' }] })}
                    data-testid="calendar-closure-add"
                  >
                    {t('calendars.closureAdd')}
                  </Button>
                </Group>
                {draft.closures.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('calendars.closuresEmpty')}
                  </Text>
                ) : (
                  <Stack gap={6}>
                    {draft.closures.map((closure, index) => (
                      // Closures have no id; their position is their identity while editing.
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above
                      <Group key={index} gap="sm" wrap="nowrap" align="flex-end" data-testid="calendar-closure">
                        <TextInput
                          type="date"
                          size="xs"
                          label={index === 0 ? t('calendars.closureFrom') : undefined}
                          aria-label={t('calendars.closureFrom')}
                          value={closure.from}
                          onChange={(event) => {
                            const from = event.currentTarget.value;
                            // ISO dates compare as strings; a start past the end drags the end along.
                            // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
                            setClosure(index, { from, to: closure.to < from ? from : closure.to });
                          }}
                          w={150}
                          data-field="from"
                        />
                        <TextInput
                          type="date"
                          size="xs"
                          label={index === 0 ? t('calendars.closureTo') : undefined}
                          aria-label={t('calendars.closureTo')}
                          value={closure.to}
                          onChange={(event) => setClosure(index, { to: event.currentTarget.value })}
                          w={150}
                          data-field="to"
                        />
                        <TextInput
                          size="xs"
                          label={index === 0 ? t('calendars.closureLabel') : undefined}
                          aria-label={t('calendars.closureLabel')}
                          placeholder={t('calendars.closureLabelPlaceholder')}
                          value={closure.label ?? ''}
                          maxLength={120}
                          onChange={(event) => setClosure(index, { label: event.currentTarget.value })}
                          style={{ flex: 1 }}
                          data-field="label"
                        />
                        <Tooltip label={t('calendars.closureRemove')}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            size="lg"
                            aria-label={t('calendars.closureRemove')}
                            onClick={() => setDraft({ ...draft, closures: draft.closures.filter((_, i) => i !== index) })}
                            data-testid="calendar-closure-remove"
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    ))}
                  </Stack>
                )}
              </Paper>

              {save.isError ? (
                <Alert color="red" p="xs" data-testid="calendar-error">
                  {save.error.message}
                </Alert>
              ) : null}
              <Group justify="flex-end" gap="sm">
                {dirty ? (
                  <Badge color="orange" variant="light" data-testid="calendar-unsaved">
                    {t('calendars.unsaved')}
                  </Badge>
                ) : null}
                <Button variant="default" disabled={!dirty} onClick={() => loaded && setDraft(structuredClone(loaded))}>
                  {t('calendars.reset')}
                </Button>
                <Button onClick={onSave} loading={save.isPending} data-testid="calendar-save">
                  {t('calendars.save')}
                </Button>
              </Group>
            </>
          ) : null}
        </Stack>
      ) : null}
    </Box>
  );
}
