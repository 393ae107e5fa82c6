import type { Message } from '@agora/contracts/conversation.schema.ts';
import { ActionIcon, Badge, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconCalendarTime, IconChevronDown, IconClockPause, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../components/notify.ts';
import { formatScheduled, useCancelScheduled, useNextOpening } from './scheduling.api.ts';

const WORDS = {
  fr: {
    menu: 'Programmer l’envoi',
    opening: 'À l’ouverture ({{when}})',
    openNow: 'À l’ouverture (équipe ouverte maintenant)',
    pick: 'Choisir une date et une heure…',
    modalTitle: 'Programmer la réponse',
    at: 'Envoyer le',
    hint: 'Au plus tard dans 30 jours. Les contrôles de la réponse s’appliquent dès maintenant.',
    confirm: 'Programmer',
    scheduled: 'Programmé pour {{when}}',
    cancel: 'Annuler',
    cancelled: 'Programmation annulée (non envoyé)',
  },
  en: {
    menu: 'Schedule sending',
    opening: 'At opening ({{when}})',
    openNow: 'At opening (team open now)',
    pick: 'Pick a date and time…',
    modalTitle: 'Schedule the reply',
    at: 'Send on',
    hint: 'At most 30 days ahead. The reply’s checks apply now.',
    confirm: 'Schedule',
    scheduled: 'Scheduled for {{when}}',
    cancel: 'Cancel',
    cancelled: 'Schedule cancelled (not sent)',
  },
};
const useWords = () => {
  const { i18n } = useTranslation();
  return { w: i18n.language?.startsWith('en') ? WORDS.en : WORDS.fr, language: i18n.language ?? 'fr' };
};
const fill = (text: string, when: string) => text.replace('{{when}}', when);

/** `<input type="datetime-local">` value in the browser's time zone, `minutes` from now. */
function localInputValue(minutes: number) {
  const d = new Date(Date.now() + minutes * 60_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The "Programmer" half of the send split-button: the team's next opening, or a chosen time. */
export function ScheduleMenu({
  teamId,
  disabled,
  onSchedule,
}: {
  teamId: string;
  disabled: boolean;
  onSchedule: (sendAt: string) => void;
}) {
  const { w, language } = useWords();
  const [opened, setOpened] = useState(false);
  const [picking, setPicking] = useState(false);
  const [value, setValue] = useState(localInputValue(60));
  const opening = useNextOpening(teamId, opened);
  const next = opening.data;
  const valid = value !== '' && new Date(value).getTime() > Date.now();
  return (
    <>
      <Menu opened={opened} onChange={setOpened} position="top-end" withinPortal>
        <Menu.Target>
          <ActionIcon size={36} variant="filled" disabled={disabled} aria-label={w.menu} data-testid="reply-schedule-menu">
            <IconChevronDown size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{w.menu}</Menu.Label>
          <Menu.Item
            leftSection={<IconClockPause size={16} />}
            disabled={!next || next.openNow}
            onClick={() => next && onSchedule(next.nextOpening)}
            data-testid="reply-schedule-opening"
          >
            {next?.openNow ? w.openNow : fill(w.opening, next ? formatScheduled(next.nextOpening, language) : '…')}
          </Menu.Item>
          <Menu.Item leftSection={<IconCalendarTime size={16} />} onClick={() => setPicking(true)} data-testid="reply-schedule-pick">
            {w.pick}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={picking} onClose={() => setPicking(false)} title={w.modalTitle} centered>
        <Stack gap="sm">
          <TextInput
            type="datetime-local"
            label={w.at}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            data-testid="reply-schedule-at"
          />
          <Text size="xs" c="dimmed">
            {w.hint}
          </Text>
          <Group justify="flex-end">
            <Button
              leftSection={<IconCalendarTime size={16} />}
              disabled={!valid}
              onClick={() => {
                setPicking(false);
                onSchedule(new Date(value).toISOString());
              }}
              data-testid="reply-schedule-confirm"
            >
              {w.confirm}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Under a scheduled reply in the thread: when it leaves, with "Annuler"; or that it was cancelled. */
export function ScheduledState({ message }: { message: Message }) {
  const { w, language } = useWords();
  const cancel = useCancelScheduled(message.conversationId);
  const scheduled = message.scheduled;
  if (!scheduled || message.deliveryStatus === 'sent' || message.deliveryStatus === 'failed' || message.deliveryStatus === 'retrying')
    return null;
  if (scheduled.cancelledAt) {
    return (
      <Badge
        size="sm"
        radius="sm"
        variant="light"
        color="gray"
        tt="none"
        leftSection={<IconX size={12} />}
        data-testid="scheduled-state"
        data-state="cancelled"
      >
        {w.cancelled}
      </Badge>
    );
  }
  if (new Date(scheduled.at).getTime() <= Date.now() && message.deliveryStatus === 'sending') return null;
  return (
    <Group gap={6} wrap="nowrap">
      <Badge
        size="sm"
        radius="sm"
        variant="light"
        color="violet"
        tt="none"
        leftSection={<IconClockPause size={12} />}
        data-testid="scheduled-state"
        data-state="scheduled"
      >
        {fill(w.scheduled, formatScheduled(scheduled.at, language))}
      </Badge>
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        loading={cancel.isPending}
        onClick={() => cancel.mutate(message.id, { onError: notifyError })}
        data-testid="scheduled-cancel"
      >
        {w.cancel}
      </Button>
    </Group>
  );
}

/** Greyed while waiting, more so once cancelled. */
export function scheduledStyle(message: Message) {
  if (!message.scheduled) return undefined;
  if (message.scheduled.cancelledAt) return { opacity: 0.45, textDecoration: 'line-through' };
  if (!message.deliveryStatus || (message.deliveryStatus === 'sending' && new Date(message.scheduled.at).getTime() > Date.now()))
    return { opacity: 0.7, outline: '2px dashed var(--mantine-color-violet-4)', outlineOffset: 2 };
  return undefined;
}
