import type { StaffUser } from '@agora/contracts/admin.schema.ts';
import type { Role } from '@agora/contracts/common.schema.ts';
import { ActionIcon, Alert, Badge, Box, Button, Group, Loader, Modal, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconKey, IconPencil, IconUserCheck, IconUserOff, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyField } from '../components/copy-field.tsx';
import { notifyError, notifySuccess } from '../components/notify.ts';
import { useAdminUsers, useResetPassword, useUpdateUser } from '../features/admin/admin.api.ts';
import { InviteUserModal } from '../features/admin/invite-user-modal.tsx';
import { RoleField, TeamsField } from '../features/admin/staff-fields.tsx';
import { useCurrentUser } from '../features/auth/auth.api.ts';
import { useTeams } from '../features/inbox/conversations.api.ts';
import { RoutingAdminSection } from '../features/routing/routing-admin-section.tsx';

type Pending = { kind: 'toggle' | 'reset'; user: StaffUser } | null;

export function AdminUsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const users = useAdminUsers();
  const teams = useTeams();
  const update = useUpdateUser();
  const reset = useResetPassword();
  const [inviteOpen, setInviteOpen] = useState(false);
  const [editing, setEditing] = useState<StaffUser | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [resetLink, setResetLink] = useState<{ name: string; url: string } | null>(null);

  const teamName = new Map((teams.data ?? []).map((team) => [team.id, team.name]));

  const confirm = () => {
    if (!pending) return;
    const { user, kind } = pending;
    if (kind === 'toggle') {
      update.mutate(
        { id: user.id, active: !user.active },
        { onSuccess: () => notifySuccess(t('admin.saved')), onError: notifyError, onSettled: () => setPending(null) },
      );
    } else {
      reset.mutate(user.id, {
        onSuccess: (result) => setResetLink({ name: user.displayName, url: result.resetUrl }),
        onError: notifyError,
        onSettled: () => setPending(null),
      });
    }
  };

  return (
    <Box p="lg" maw={1280} mx="auto">
      <Group justify="space-between" mb="md">
        <div>
          <Title order={1} size="h2">
            {t('admin.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('admin.subtitle')}
          </Text>
        </div>
        <Button leftSection={<IconUserPlus size={18} />} onClick={() => setInviteOpen(true)} data-testid="invite-open">
          {t('admin.invite')}
        </Button>
      </Group>

      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        {users.isPending ? (
          <Group justify="center" p="xl">
            <Loader />
          </Group>
        ) : users.isError ? (
          <Alert color="red" m="md">
            {users.error.message}
          </Alert>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="sm" data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.name')}</Table.Th>
                  <Table.Th>{t('admin.email')}</Table.Th>
                  <Table.Th>{t('admin.role')}</Table.Th>
                  <Table.Th>{t('admin.teams')}</Table.Th>
                  <Table.Th>{t('admin.active')}</Table.Th>
                  <Table.Th>{t('admin.totp')}</Table.Th>
                  <Table.Th ta="right">{t('admin.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Text c="dimmed" ta="center">
                        {t('admin.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ) : null}
                {users.data.map((user) => (
                  <Table.Tr
                    key={user.id}
                    data-testid="user-row"
                    data-user-id={user.id}
                    data-active={user.active ? 'true' : 'false'}
                    style={{ opacity: user.active ? 1 : 0.65 }}
                  >
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {user.displayName}
                        {user.id === me.id ? (
                          <Text span c="dimmed" size="xs" fw={400}>
                            {' '}
                            ({t('admin.you')})
                          </Text>
                        ) : null}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{user.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" data-testid="user-role">
                        {t(`roles.${user.role}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {user.teamIds.map((id) => (
                          <Badge
                            key={id}
                            variant="light"
                            color="gray"
                            radius="sm"
                            tt="none"
                            style={{ flex: 'none' }}
                            styles={{ label: { overflow: 'visible' } }}
                          >
                            {teamName.get(id) ?? id.slice(0, 8)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        color={user.active ? 'teal' : 'gray'}
                        variant="light"
                        radius="sm"
                        tt="none"
                        style={{ flex: 'none' }}
                        styles={{ label: { overflow: 'visible' } }}
                      >
                        {user.active ? t('admin.active') : t('admin.inactive')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        color={user.totpEnabled ? 'teal' : 'orange'}
                        variant="outline"
                        radius="sm"
                        tt="none"
                        style={{ flex: 'none' }}
                        styles={{ label: { overflow: 'visible' } }}
                      >
                        {user.totpEnabled ? t('admin.totpOn') : t('admin.totpOff')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label={t('admin.edit')}>
                          <ActionIcon
                            variant="subtle"
                            onClick={() => setEditing(user)}
                            aria-label={`${t('admin.edit')} — ${user.displayName}`}
                            data-testid="user-edit"
                          >
                            <IconPencil size={18} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t('admin.resetPassword')}>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            onClick={() => setPending({ kind: 'reset', user })}
                            disabled={!user.active}
                            aria-label={`${t('admin.resetPassword')} — ${user.displayName}`}
                            data-testid="user-reset-password"
                          >
                            <IconKey size={18} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={user.active ? t('admin.deactivate') : t('admin.reactivate')}>
                          <ActionIcon
                            variant="subtle"
                            color={user.active ? 'red' : 'teal'}
                            onClick={() => setPending({ kind: 'toggle', user })}
                            disabled={user.id === me.id}
                            aria-label={`${user.active ? t('admin.deactivate') : t('admin.reactivate')} — ${user.displayName}`}
                            data-testid="user-toggle-active"
                          >
                            {user.active ? <IconUserOff size={18} /> : <IconUserCheck size={18} />}
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <InviteUserModal opened={inviteOpen} onClose={() => setInviteOpen(false)} teams={teams.data ?? []} />
      {editing ? <EditUserModal user={editing} onClose={() => setEditing(null)} /> : null}

      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={pending?.kind === 'reset' ? t('admin.resetPassword') : pending?.user.active ? t('admin.deactivate') : t('admin.reactivate')}
        data-testid="confirm-modal"
      >
        <Stack>
          <Text size="sm">
            {pending
              ? t(
                  pending.kind === 'reset'
                    ? 'admin.resetConfirm'
                    : pending.user.active
                      ? 'admin.deactivateConfirm'
                      : 'admin.reactivateConfirm',
                  {
                    name: pending.user.displayName,
                  },
                )
              : null}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color={pending?.kind === 'toggle' && pending.user.active ? 'red' : undefined}
              onClick={confirm}
              loading={update.isPending || reset.isPending}
              data-testid="confirm-ok"
            >
              {t('common.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={resetLink !== null} onClose={() => setResetLink(null)} title={t('admin.resetUrlTitle')}>
        {resetLink ? (
          <Stack>
            <Text size="sm">{t('admin.resetUrlHelp', { name: resetLink.name })}</Text>
            <CopyField value={resetLink.url} testId="reset-url" />
            <Group justify="flex-end">
              <Button onClick={() => setResetLink(null)}>{t('common.close')}</Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
      <Box mt="lg">
        <RoutingAdminSection />
      </Box>
    </Box>
  );
}

function EditUserModal({ user, onClose }: { user: StaffUser; onClose: () => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const update = useUpdateUser();
  const [role, setRole] = useState<Role>(user.role);
  const [teamIds, setTeamIds] = useState<string[]>(user.teamIds);

  const save = () =>
    update.mutate(
      { id: user.id, role, teamIds },
      {
        onSuccess: () => {
          notifySuccess(t('admin.saved'));
          onClose();
        },
      },
    );

  return (
    <Modal opened onClose={onClose} title={t('admin.editTitle', { name: user.displayName })} data-testid="edit-user-modal">
      <Stack>
        {update.error ? (
          <Alert color="red" role="alert">
            {update.error.message}
          </Alert>
        ) : null}
        <RoleField value={role} onChange={setRole} testId="edit-role" />
        <TeamsField teams={teams.data ?? []} value={teamIds} onChange={setTeamIds} testId="edit-teams" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={save} loading={update.isPending} data-testid="edit-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
