import type { Team } from '@agora/contracts/admin.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import { Alert, Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyField } from '../../components/copy-field.tsx';
import { useInviteUser } from './admin.api.ts';
import { RoleField, TeamsField } from './staff-fields.tsx';

const EMPTY = { email: '', displayName: '', firstName: '', role: 'agent' as Role, teamIds: [] as string[] };

export function InviteUserModal({ opened, onClose, teams }: { opened: boolean; onClose: () => void; teams: Team[] }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(EMPTY);
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const invite = useInviteUser();

  const close = () => {
    setForm(EMPTY);
    setInviteUrl(null);
    invite.reset();
    onClose();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(
      { ...form, email: form.email.trim(), displayName: form.displayName.trim(), firstName: form.firstName.trim() },
      { onSuccess: (result) => setInviteUrl(result.inviteUrl) },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('admin.invite')} size="lg" data-testid="invite-modal">
      {inviteUrl ? (
        <Stack>
          <Alert color="teal" icon={<IconCircleCheck size={18} />} title={t('admin.inviteCreated')}>
            {t('admin.inviteUrlHelp')}
          </Alert>
          <CopyField value={inviteUrl} testId="invite-url" />
          <Group justify="flex-end">
            <Button onClick={close}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} data-testid="invite-form">
          <Stack>
            {invite.error ? (
              <Alert color="red" role="alert">
                {invite.error.message}
              </Alert>
            ) : null}
            <TextInput
              label={t('admin.email')}
              type="email"
              required
              value={form.email}
              onChange={(event) => setForm({ ...form, email: event.currentTarget.value })}
              data-testid="invite-email"
              autoFocus
            />
            <SimpleGrid cols={2}>
              <TextInput
                label={t('admin.firstName')}
                required
                value={form.firstName}
                onChange={(event) => setForm({ ...form, firstName: event.currentTarget.value })}
                data-testid="invite-first-name"
              />
              <TextInput
                label={t('admin.displayName')}
                required
                value={form.displayName}
                onChange={(event) => setForm({ ...form, displayName: event.currentTarget.value })}
                data-testid="invite-display-name"
              />
            </SimpleGrid>
            <RoleField value={form.role} onChange={(role) => setForm({ ...form, role })} testId="invite-role" />
            <TeamsField teams={teams} value={form.teamIds} onChange={(teamIds) => setForm({ ...form, teamIds })} testId="invite-teams" />
            <Text size="xs" c="dimmed">
              {t('admin.inviteUrlHelp')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={invite.isPending} data-testid="invite-submit">
                {t('admin.inviteSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
