import type { AppointmentMode } from '@agora/contracts/appointments.schema.ts';
import { Alert, Button, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../components/notify.ts';
import { bookAppointment, CLIENT_APPOINTMENTS_KEY, rescheduleMyAppointment, useClientSlots } from './appointments.api.ts';
import { SlotPicker, windowStart } from './slot-picker.tsx';

/** Books a new appointment, or (with `moving`) moves one to another free slot of the advisor. */
export function BookingModal({ opened, onClose, moving }: { opened: boolean; onClose: () => void; moving?: { id: string } }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 36em)');
  const [fortnight, setFortnight] = useState(0);
  const slots = useClientSlots(windowStart(fortnight), opened);
  const [mode, setMode] = useState<AppointmentMode>('video');
  const [subject, setSubject] = useState('');
  const [startsAt, setStartsAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const branch = slots.data?.branch ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!startsAt) return setError(t('appointments.booking.pick'));
    setBusy(true);
    try {
      if (moving) await rescheduleMyAppointment(moving.id, startsAt);
      else await bookAppointment({ startsAt, mode, subject });
      notifySuccess(moving ? t('appointments.client.moved') : t('appointments.client.booked'));
      void queryClient.invalidateQueries({ queryKey: CLIENT_APPOINTMENTS_KEY });
      setStartsAt(null);
      setSubject('');
      onClose();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      void slots.refetch();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      fullScreen={phone}
      size="lg"
      title={moving ? t('appointments.booking.moveTitle') : t('appointments.booking.title')}
    >
      <form onSubmit={submit}>
        <Stack gap="md">
          {!moving ? (
            <>
              <div>
                <Text size="sm" fw={500} mb={4}>
                  {t('appointments.booking.mode')}
                </Text>
                <SegmentedControl
                  fullWidth
                  value={mode}
                  onChange={(v) => setMode(v as AppointmentMode)}
                  data={(['video', 'phone', 'branch'] as const).map((m) => ({
                    value: m,
                    label: t(`appointments.modes.${m}`),
                    disabled: m === 'branch' && !branch,
                  }))}
                  data-testid="booking-mode"
                />
                {mode === 'branch' && branch ? (
                  <Text size="xs" c="dimmed" mt={4}>
                    {t('appointments.booking.branchAt', { name: branch.name, address: branch.address, city: branch.city })}
                  </Text>
                ) : null}
                {!branch && slots.data ? (
                  <Text size="xs" c="dimmed" mt={4}>
                    {t('appointments.booking.noBranch')}
                  </Text>
                ) : null}
              </div>
              <TextInput
                label={t('appointments.booking.subject')}
                placeholder={t('appointments.booking.subjectPlaceholder')}
                value={subject}
                onChange={(e) => setSubject(e.currentTarget.value)}
                required
                minLength={3}
                maxLength={200}
                data-testid="booking-subject"
              />
            </>
          ) : null}
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('appointments.booking.slot')}
            </Text>
            <SlotPicker
              slots={slots.data?.slots ?? []}
              loading={slots.isPending}
              value={startsAt}
              onChange={setStartsAt}
              onEarlier={fortnight > 0 ? () => setFortnight(fortnight - 1) : undefined}
              onLater={() => setFortnight(fortnight + 1)}
            />
          </div>
          {error ? (
            <Alert color="red" data-testid="booking-error">
              {error}
            </Alert>
          ) : null}
          <Button type="submit" loading={busy} disabled={!startsAt} data-testid="booking-submit">
            {moving ? t('appointments.booking.confirmMove') : t('appointments.booking.confirm')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
