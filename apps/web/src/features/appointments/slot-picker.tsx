import { Button, Chip, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDay, formatTime, parisDay } from './appointments.api.ts';

export interface Slot {
  startsAt: string;
  endsAt: string;
}

/** Free slots grouped by Paris day, picked as chips; two weeks at a time. */
export function SlotPicker({
  slots,
  loading,
  value,
  onChange,
  onEarlier,
  onLater,
}: {
  slots: Slot[];
  loading: boolean;
  value: string | null;
  onChange: (startsAt: string) => void;
  onEarlier?: () => void;
  onLater: () => void;
}) {
  const { t, i18n } = useTranslation();
  const byDay = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = parisDay(slot.startsAt);
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  return (
    <Stack gap="sm" data-testid="slot-picker">
      {loading ? <Loader size="sm" /> : null}
      {!loading && slots.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('appointments.booking.noSlot')}
        </Text>
      ) : null}
      {[...byDay.entries()].map(([day, daySlots]) => (
        <div key={day}>
          <Text size="sm" fw={600} mb={4}>
            {formatDay(day, i18n.language)}
          </Text>
          <Chip.Group value={value ?? ''} onChange={(v) => onChange(String(v))}>
            <Group gap={6}>
              {daySlots.map((slot) => (
                <Chip key={slot.startsAt} value={slot.startsAt} size="sm" data-testid="slot-chip">
                  {formatTime(slot.startsAt)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
      ))}
      <Group gap="xs">
        {onEarlier ? (
          <Button variant="subtle" size="xs" onClick={onEarlier}>
            {t('appointments.booking.earlier')}
          </Button>
        ) : null}
        <Button variant="subtle" size="xs" onClick={onLater}>
          {t('appointments.booking.later')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('appointments.booking.times')}
      </Text>
    </Stack>
  );
}

/** "YYYY-MM-DD" of today in Paris plus `weeks` × 14 days. */
export function windowStart(fortnights: number): string | undefined {
  if (fortnights === 0) return undefined;
  const today = parisDay(new Date().toISOString());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + fortnights * 14);
  return d.toISOString().slice(0, 10);
}
