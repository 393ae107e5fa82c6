import type { Client360, LinkedIdentity } from '@agora/contracts/client-360.schema.ts';
import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconLink, IconLinkOff, IconMail } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/http-client.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { WriteSecureButton } from '../secure-messaging/write-secure-button.tsx';
import { ClientTimeline } from './client-timeline.tsx';
import { useClient360, useClientMutations } from './clients.api.ts';
import { SegmentBadge } from './segment-badge.tsx';

const PLATFORM_NAMES: Record<string, string> = { x: 'X', meta: 'Facebook / Instagram', live_chat: 'Chat' };

function Field({ label, value, testId }: { label: string; value: string | null; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" data-testid={testId}>
        {value || '—'}
      </Text>
    </div>
  );
}

function UnlinkModal({ client, identity, onClose }: { client: Client360; identity: LinkedIdentity; onClose: () => void }) {
  const { t } = useTranslation();
  const { unlink } = useClientMutations(client.id);
  const [reason, setReason] = useState('');
  const submit = () => unlink.mutate({ contactId: identity.contactId, reason }, { onSuccess: onClose, onError: notifyError });
  return (
    <Modal opened onClose={onClose} title={t('clients.c360.unlinkTitle')}>
      <Stack gap="sm">
        <Text size="sm">{t('clients.c360.unlinkBody', { name: identity.displayName })}</Text>
        <TextInput
          label={t('clients.c360.reason')}
          placeholder={t('clients.c360.reasonPlaceholder')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="unlink-reason"
        />
        <Button color="red" onClick={submit} loading={unlink.isPending} disabled={reason.trim().length < 3} data-testid="unlink-confirm">
          {t('clients.c360.confirmUnlink')}
        </Button>
      </Stack>
    </Modal>
  );
}

function IdentitiesCard({ client }: { client: Client360 }) {
  const { t, i18n } = useTranslation();
  const { relink } = useClientMutations(client.id);
  const [unlinking, setUnlinking] = useState<LinkedIdentity | null>(null);
  return (
    <Paper withBorder p="md" data-testid="client-identities">
      <Text fw={650} mb="sm">
        {t('clients.c360.identities')}
      </Text>
      {client.identities.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('clients.c360.noIdentity')}
        </Text>
      ) : (
        <Stack gap="xs">
          {client.identities.map((identity) => (
            <Group key={identity.contactId} justify="space-between" wrap="nowrap" data-testid="client-identity">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} truncate="end">
                  {identity.displayName}
                </Text>
                <Text size="xs" c="dimmed" truncate="end">
                  {PLATFORM_NAMES[identity.platform] ?? identity.platform}
                  {identity.handle ? ` · @${identity.handle.replace(/^@/, '')}` : ''}
                </Text>
              </div>
              {client.can.unlink ? (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconLinkOff size={14} />}
                  onClick={() => setUnlinking(identity)}
                  data-testid="unlink-identity"
                >
                  {t('clients.c360.unlink')}
                </Button>
              ) : null}
            </Group>
          ))}
        </Stack>
      )}
      {client.unlinkedIdentities.length > 0 ? (
        <Stack gap="xs" mt="md">
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">
            {t('clients.c360.unlinked')}
          </Text>
          {client.unlinkedIdentities.map((u) => (
            <Group key={u.unlinkId} justify="space-between" wrap="nowrap" data-testid="unlinked-identity">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" truncate="end">
                  {u.displayName} · {PLATFORM_NAMES[u.platform] ?? u.platform}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('clients.c360.unlinkedBy', {
                    date: new Date(u.unlinkedAt).toLocaleDateString(i18n.language),
                    name: u.unlinkedBy,
                    reason: u.reason,
                  })}
                </Text>
              </div>
              {u.relinkable ? (
                <Button
                  size="compact-xs"
                  variant="light"
                  leftSection={<IconLink size={14} />}
                  loading={relink.isPending}
                  onClick={() => relink.mutate(u.unlinkId, { onError: notifyError })}
                  data-testid="relink-identity"
                >
                  {t('clients.c360.relink')}
                </Button>
              ) : (
                <Text size="xs" c="dimmed">
                  {t('clients.c360.taken')}
                </Text>
              )}
            </Group>
          ))}
        </Stack>
      ) : null}
      {unlinking ? <UnlinkModal client={client} identity={unlinking} onClose={() => setUnlinking(null)} /> : null}
    </Paper>
  );
}

function ProfileCard({ client }: { client: Client360 }) {
  const { t, i18n } = useTranslation();
  const { invite } = useClientMutations(client.id);
  const sendInvite = () => invite.mutate(undefined, { onSuccess: () => notifySuccess(t('clients.create.invited')), onError: notifyError });
  return (
    <Paper withBorder p="md" data-testid="client-profile">
      <Text fw={650} mb="sm">
        {t('clients.c360.profile')}
      </Text>
      <Stack gap="sm">
        <Field label={t('clients.c360.email')} value={client.email} testId="client-email" />
        <Field label={t('clients.c360.phone')} value={client.phone} />
        <Field
          label={t('clients.c360.birthDate')}
          value={client.birthDate ? new Date(`${client.birthDate}T12:00:00Z`).toLocaleDateString(i18n.language) : null}
        />
        <Field
          label={t('clients.c360.advisor')}
          value={client.advisor?.displayName ?? t('clients.c360.noAdvisor')}
          testId="client-advisor"
        />
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('clients.c360.segment')}
          </Text>
          <Group gap="xs" mt={2}>
            <SegmentBadge segment={client.segment?.value ?? null} />
            {client.segment ? (
              <Text size="xs" c="dimmed">
                {t('clients.c360.segmentCounts', { social: client.segment.socialCount, web: client.segment.webCount })}
              </Text>
            ) : null}
          </Group>
        </div>
        {client.can.invite && client.spaceStatus !== 'disabled' ? (
          <Button
            variant="light"
            leftSection={<IconMail size={16} />}
            onClick={sendInvite}
            loading={invite.isPending}
            disabled={!client.email}
            data-testid="client-invite"
          >
            {client.spaceStatus === 'active' ? t('clients.c360.reinvite') : t('clients.c360.invite')}
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}

function NoteBox({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { addNote } = useClientMutations(clientId);
  const [body, setBody] = useState('');
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Textarea
          placeholder={t('clients.c360.notePlaceholder')}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={4000}
          data-testid="client-note-input"
        />
        <Group justify="flex-end">
          <Button
            size="xs"
            variant="light"
            color="yellow"
            disabled={!body.trim()}
            loading={addNote.isPending}
            onClick={() => addNote.mutate(body.trim(), { onSuccess: () => setBody(''), onError: notifyError })}
            data-testid="client-note-submit"
          >
            {t('clients.c360.addNote')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Client 360: who the client is, where they talk to the bank, and everything they said, newest first. */
export function Client360Page() {
  const { t, i18n } = useTranslation();
  const { clientId = '' } = useParams();
  const query = useClient360(clientId);
  if (query.isPending) return <Loader m="lg" />;
  if (query.isError) {
    const forbidden = query.error instanceof ApiError && query.error.status === 403;
    return (
      <Box p="lg" maw={900} mx="auto">
        <Alert color={forbidden ? 'orange' : 'red'} data-testid="client-360-error">
          {forbidden ? t('clients.c360.forbidden') : query.error.message}
        </Alert>
      </Box>
    );
  }
  const client = query.data;
  return (
    <Box p="lg" maw={1280} mx="auto" data-testid="client-360">
      <Anchor component={Link} to="/clients" size="sm" c="dimmed">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          {t('clients.c360.back')}
        </Group>
      </Anchor>
      <Group gap="md" mt="xs" mb="lg" wrap="nowrap">
        <Avatar size={56} radius="xl" color="bank">
          {`${client.firstName[0] ?? ''}${client.lastName[0] ?? ''}`.toUpperCase()}
        </Avatar>
        <div style={{ minWidth: 0 }}>
          <Group gap="sm">
            <Title order={1} size="h2" data-testid="client-360-name">
              {client.firstName} {client.lastName}
            </Title>
            <SegmentBadge segment={client.segment?.value ?? null} size="md" />
            <Badge variant="dot" color={client.spaceStatus === 'active' ? 'teal' : 'gray'}>
              {t(`clients.space.${client.spaceStatus}`)}
            </Badge>
            {client.access === 'full' && client.spaceStatus === 'active' ? <WriteSecureButton clientId={client.id} /> : null}
          </Group>
          <Text size="sm" c="dimmed">
            {t('clients.c360.since', { date: new Date(client.createdAt).toLocaleDateString(i18n.language) })}
            {client.advisor ? ` · ${client.advisor.displayName}` : ''}
          </Text>
        </div>
      </Group>
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <ProfileCard client={client} />
            <IdentitiesCard client={client} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('clients.c360.timeline')}
            </Title>
            {client.access === 'team' ? (
              <Alert color="blue" data-testid="client-360-team-only">
                {t('clients.c360.teamOnly')}
              </Alert>
            ) : null}
            {client.can.writeNote ? <NoteBox clientId={client.id} /> : null}
            <ClientTimeline clientId={client.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Box>
  );
}
