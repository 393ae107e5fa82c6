import type { ConversationDetail, ConversationStatus } from '@agora/contracts/conversation.schema.ts';
import { Anchor, Avatar, Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink, IconUserCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { notifyError } from '../../components/notify.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { TagsAndMacros } from '../answers/conversation-extras.tsx';
import '../clients/clients.i18n.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { TransferButton } from '../routing/transfer-modal.tsx';
import { ChannelIcon } from './channel-icon.tsx';
import { useStaff, useUpdateConversation } from './conversations.api.ts';
import { NoteBox } from './reply-box.tsx';
import { StatusBadge } from './status-badge.tsx';

const STATUSES: ConversationStatus[] = ['open', 'pending', 'resolved'];

function initialsOf(name: string) {
  const words = name.replace(/^@/, '').split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]?.[0] ?? ''}${words.at(-1)?.[0] ?? ''}` : name.slice(0, 2);
  return letters.toUpperCase();
}

function safeExternalUrl(url: string | null) {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function TreatmentCard({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const staff = useStaff();
  const update = useUpdateConversation(conversation.id);

  const assigneeOptions = [...(staff.data ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName));
  // The current assignee may not be in /api/staff (deactivated): keep them selectable.
  if (conversation.assignee && !assigneeOptions.some((s) => s.id === conversation.assignee?.id)) {
    assigneeOptions.unshift({
      id: conversation.assignee.id,
      displayName: conversation.assignee.displayName,
      firstName: '',
      role: 'agent',
      teamIds: [],
    });
  }

  const change = (input: { status?: ConversationStatus; assigneeId?: string | null }) => update.mutate(input, { onError: notifyError });

  return (
    <Paper p="sm" withBorder data-testid="treatment-panel">
      <Stack gap="sm">
        <NativeSelect
          label={t('conversation.status')}
          value={conversation.status}
          onChange={(event) => change({ status: event.currentTarget.value as ConversationStatus })}
          data={STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          disabled={update.isPending}
          size="sm"
          data-testid="status-select"
        />
        <NativeSelect
          label={t('conversation.assignee')}
          value={conversation.assignee?.id ?? ''}
          onChange={(event) => change({ assigneeId: event.currentTarget.value || null })}
          data={[
            { value: '', label: t('conversation.unassigned') },
            ...assigneeOptions.map((member) => ({
              value: member.id,
              label: member.id === me.id ? `${member.displayName} (${t('admin.you')})` : member.displayName,
            })),
          ]}
          disabled={update.isPending}
          size="sm"
          data-testid="assignee-select"
        />
        {conversation.assignee?.id !== me.id ? (
          <Button
            variant="light"
            size="xs"
            leftSection={<IconUserCheck size={16} />}
            onClick={() => change({ assigneeId: me.id })}
            loading={update.isPending}
            data-testid="assign-me"
          >
            {t('conversation.assignMe')}
          </Button>
        ) : (
          <Button
            variant="subtle"
            color="gray"
            size="xs"
            onClick={() => change({ assigneeId: null })}
            loading={update.isPending}
            data-testid="unassign"
          >
            {t('conversation.unassign')}
          </Button>
        )}
        <TransferButton conversation={conversation} />
      </Stack>
    </Paper>
  );
}

function AuthorCard({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { contact } = conversation;
  const profileUrl = safeExternalUrl(contact.profileUrl);
  const avatarUrl = safeExternalUrl(contact.avatarUrl);
  return (
    <Paper p="sm" withBorder data-testid="author-panel">
      <Stack gap="sm">
        <Text size="xs" tt="uppercase" fw={700} c="dimmed">
          {t('contact.title')}
        </Text>
        <Group gap="sm" wrap="nowrap">
          <Avatar src={avatarUrl} alt="" radius="xl" size={48} color="bank" imageProps={{ referrerPolicy: 'no-referrer' }}>
            {initialsOf(contact.displayName)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Text fw={600} truncate="end" data-testid="author-name">
              {contact.displayName}
            </Text>
            {contact.handle ? (
              <Text size="sm" c="dimmed" truncate="end" data-testid="author-handle">
                @{contact.handle.replace(/^@/, '')}
              </Text>
            ) : null}
          </div>
        </Group>
        {contact.clientId ? (
          <Group gap="xs">
            <Badge color="teal" variant="light" radius="sm">
              {t('contact.client')}
            </Badge>
            <Anchor component={Link} to={`/clients/${contact.clientId}`} size="sm" data-testid="author-client-360">
              {t('clients.authorLink')}
            </Anchor>
          </Group>
        ) : null}
        {profileUrl ? (
          <Anchor href={profileUrl} target="_blank" rel="noopener noreferrer" size="sm" data-testid="author-profile-link">
            <Group gap={4} component="span" wrap="nowrap">
              {t('contact.profile')}
              <IconExternalLink size={14} />
            </Group>
          </Anchor>
        ) : null}
        <div>
          <Text size="xs" tt="uppercase" fw={700} c="dimmed" mb={6}>
            {t('contact.others')}
          </Text>
          {conversation.otherConversations.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('contact.noOthers')}
            </Text>
          ) : (
            <Stack gap={6} data-testid="other-conversations">
              {conversation.otherConversations.map((other) => (
                <Anchor
                  key={other.id}
                  component={Link}
                  to={{ pathname: `/inbox/${other.id}`, search: location.search }}
                  size="sm"
                  underline="never"
                  data-testid="other-conversation-link"
                >
                  <Group gap={8} wrap="nowrap" align="flex-start">
                    <ChannelIcon channel={other.channel} size={22} />
                    <div style={{ minWidth: 0, flex: 1 }}>
                      <Text size="sm" lineClamp={2} c="dark.6">
                        {other.excerpt}
                      </Text>
                      <Group gap={6} mt={2}>
                        <StatusBadge status={other.status} />
                        <Text size="xs" c="dimmed" component="span">
                          <RelativeTime iso={other.lastMessageAt} />
                        </Text>
                      </Group>
                    </div>
                  </Group>
                </Anchor>
              ))}
            </Stack>
          )}
        </div>
      </Stack>
    </Paper>
  );
}

export function ConversationSidePanel({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" p="sm" component="aside" aria-label={t('contact.title')}>
      <Title
        order={3}
        className="visually-hidden"
        style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
      >
        {t('contact.title')}
      </Title>
      <TreatmentCard conversation={conversation} />
      <TagsAndMacros conversationId={conversation.id} />
      <AuthorCard conversation={conversation} />
      <NoteBox conversationId={conversation.id} />
    </Stack>
  );
}
