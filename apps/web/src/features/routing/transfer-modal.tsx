import type { ConversationDetail } from '@agora/contracts/conversation.schema.ts';
import { Button, Group, Modal, NativeSelect, Stack, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowsExchange, IconHandStop } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useStaff } from '../inbox/conversations.api.ts';
import { useRoutingTeams, useTakeOver, useTransfer } from './routing.api.ts';
import './routing.i18n.ts';

/** "Transférer" in the side panel: team, person (or the team's queue) and a required note. */
export function TransferButton({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [opened, modal] = useDisclosure(false);
  const teams = useRoutingTeams();
  const staff = useStaff();
  const transfer = useTransfer(conversation.id);
  const takeOver = useTakeOver(conversation.id);
  const [teamId, setTeamId] = useState(conversation.teamId);
  const [assigneeId, setAssigneeId] = useState('');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);

  const team = teams.data?.find((x) => x.id === teamId);
  const people = (staff.data ?? [])
    .filter((s) => team?.memberIds.includes(s.id))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const canTakeOver = (me.role === 'supervisor' || me.role === 'admin') && conversation.assignee?.id !== me.id;

  const submit = () => {
    setTouched(true);
    if (!note.trim()) return;
    transfer.mutate(
      { teamId, assigneeId: assigneeId || null, note: note.trim() },
      {
        onSuccess: () => {
          notifySuccess(t('routing.transferDone'));
          modal.close();
          setNote('');
          setTouched(false);
        },
        onError: notifyError,
      },
    );
  };

  return (
    <>
      <Group gap={6} grow>
        <Button variant="light" size="xs" leftSection={<IconArrowsExchange size={16} />} onClick={modal.open} data-testid="transfer-open">
          {t('routing.transfer')}
        </Button>
        {canTakeOver ? (
          <Button
            variant="light"
            color="orange"
            size="xs"
            leftSection={<IconHandStop size={16} />}
            loading={takeOver.isPending}
            onClick={() => takeOver.mutate(undefined, { onSuccess: () => notifySuccess(t('routing.takenOver')), onError: notifyError })}
            data-testid="take-over"
          >
            {t('routing.takeOver')}
          </Button>
        ) : null}
      </Group>
      <Modal opened={opened} onClose={modal.close} title={t('routing.transferTitle')} data-testid="transfer-modal">
        <Stack gap="sm">
          <NativeSelect
            label={t('routing.team')}
            value={teamId}
            onChange={(e) => {
              setTeamId(e.currentTarget.value);
              setAssigneeId('');
            }}
            data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            data-testid="transfer-team"
          />
          <NativeSelect
            label={t('routing.person')}
            value={assigneeId}
            onChange={(e) => setAssigneeId(e.currentTarget.value)}
            data={[{ value: '', label: t('routing.queue') }, ...people.map((p) => ({ value: p.id, label: p.displayName }))]}
            data-testid="transfer-person"
          />
          <Textarea
            label={t('routing.note')}
            placeholder={t('routing.notePlaceholder')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={3}
            required
            error={touched && !note.trim() ? t('routing.noteRequired') : undefined}
            data-testid="transfer-note"
          />
          <Group justify="flex-end">
            <Button onClick={submit} loading={transfer.isPending} data-testid="transfer-submit">
              {t('routing.transfer')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
