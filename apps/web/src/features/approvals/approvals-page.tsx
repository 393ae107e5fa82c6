import type { Channel } from '@agora/contracts/common.schema.ts';
import type { PendingApproval } from '@agora/contracts/conversation.schema.ts';
import { Alert, Anchor, Badge, Box, Button, Grid, Group, Loader, Modal, Paper, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconHourglass, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { notifySuccess } from '../../components/notify.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { ChannelIcon } from '../inbox/channel-icon.tsx';
import { CrisisToggle } from '../rules/crisis-mode.tsx';
import { RulesSettingsCard } from '../rules/rules-settings-card.tsx';
import { useApprovals, useApprove, useReject } from './approvals.api.ts';
import './approvals.i18n.ts';

/** Supervisors, compliance and admins: the four-eyes queue, with crisis mode and (admins) the reply rules beside it. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const query = useApprovals();
  const items = query.data?.items ?? [];
  return (
    <Box p="lg" maw={1280} mx="auto" data-testid="approvals-page">
      <Title order={1} size="h2">
        {t('approvals.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        {t('approvals.subtitle')}
      </Text>
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            {query.isPending ? <Loader /> : null}
            {query.isError ? <Alert color="red">{query.error.message}</Alert> : null}
            {query.isSuccess && items.length === 0 ? (
              <Alert color="teal" data-testid="approvals-empty">
                {t('approvals.empty')}
              </Alert>
            ) : null}
            {items.map((item) => (
              <ApprovalCard key={item.messageId} item={item} />
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <CrisisToggle />
            <RulesSettingsCard />
          </Stack>
        </Grid.Col>
      </Grid>
    </Box>
  );
}

function ApprovalCard({ item }: { item: PendingApproval }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  // The server refuses it too (self_approval); say so before the click.
  const own = item.author.id === me.id;
  const approve = useApprove();
  const reject = useReject();
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const error = approve.error ?? reject.error;
  const busy = approve.isPending || reject.isPending;

  const onApprove = () => {
    reject.reset();
    approve.mutate(item.messageId, { onSuccess: () => notifySuccess(t('approvals.approved')) });
  };
  const onReject = () => {
    const text = comment.trim();
    if (!text) return;
    approve.reset();
    reject.mutate(
      { messageId: item.messageId, comment: text },
      {
        onSuccess: () => notifySuccess(t('approvals.rejected')),
        onSettled: () => setRejecting(false),
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="approval-card" data-message-id={item.messageId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <ChannelIcon channel={item.channel as Channel} size={30} />
            <div style={{ minWidth: 0 }}>
              <Text fw={600} lineClamp={1}>
                {item.contactName}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`channels.${item.channel}`, { defaultValue: item.channel })} · <RelativeTime iso={item.createdAt} />
              </Text>
            </div>
          </Group>
        </Group>
        <Group
          gap={6}
          wrap="nowrap"
          align="flex-start"
          px="xs"
          py={6}
          bg="yellow.0"
          style={{ borderRadius: 6 }}
          data-testid="approval-reason"
        >
          <IconHourglass size={16} color="var(--mantine-color-yellow-8)" style={{ flex: 'none', marginTop: 1 }} aria-hidden />
          <Text size="sm" c="yellow.9">
            <Text component="span" fw={600} inherit>
              {t('approvals.reason')}{' '}
            </Text>
            {item.reason ?? t('approvals.noReason')}
          </Text>
        </Group>
        {item.inboundExcerpt ? (
          <Box>
            <Text size="xs" c="dimmed" mb={2}>
              {t('approvals.inbound', { name: item.contactName })}
            </Text>
            <Text size="sm" p="xs" bg="gray.1" style={{ borderRadius: 6, whiteSpace: 'pre-wrap' }} data-testid="approval-inbound">
              {item.inboundExcerpt}
            </Text>
          </Box>
        ) : null}
        <Box>
          <Text size="xs" c="dimmed" mb={2}>
            {t('approvals.proposed', { name: item.author.displayName })}
          </Text>
          <Text
            size="sm"
            p="xs"
            style={{
              borderRadius: 6,
              whiteSpace: 'pre-wrap',
              background: 'var(--mantine-color-bank-0, var(--mantine-color-blue-0))',
              borderLeft: '3px solid var(--mantine-color-yellow-5)',
            }}
            data-testid="approval-body"
          >
            {item.body}
          </Text>
        </Box>
        {error ? (
          <Alert color="red" p="xs" data-testid="approval-error">
            {error.message}
          </Alert>
        ) : null}
        <Group justify="space-between">
          <Anchor component={Link} to={`/inbox/${item.conversationId}`} size="sm">
            {t('approvals.open')}
          </Anchor>
          <Group gap="xs">
            <Button
              variant="light"
              color="red"
              leftSection={<IconX size={16} />}
              onClick={() => setRejecting(true)}
              disabled={busy}
              data-testid="reject-button"
            >
              {t('approvals.reject')}
            </Button>
            <Tooltip label={t('approvals.own')} disabled={!own}>
              <Button
                color="teal"
                leftSection={<IconCheck size={16} />}
                onClick={onApprove}
                loading={approve.isPending}
                disabled={own || (busy && !approve.isPending)}
                data-testid="approve-button"
              >
                {t('approvals.approve')}
              </Button>
            </Tooltip>
          </Group>
        </Group>
      </Stack>
      <Modal opened={rejecting} onClose={() => setRejecting(false)} title={t('approvals.rejectTitle')} data-testid="reject-modal">
        <Stack>
          <Textarea
            label={t('approvals.rejectComment')}
            placeholder={t('approvals.rejectPlaceholder')}
            autosize
            minRows={3}
            maxLength={1000}
            required
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            data-autofocus
            data-testid="reject-comment"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRejecting(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={onReject} loading={reject.isPending} disabled={!comment.trim()} data-testid="reject-confirm">
              {t('approvals.rejectConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** The nav entry's label, with how many replies wait (only fetched for those who can approve). */
export function ApprovalsNavLabel({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const query = useApprovals(enabled);
  const count = query.data?.items.length ?? 0;
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <span>{t('approvals.nav')}</span>
      {count > 0 ? (
        <Badge size="sm" circle={count < 10} color="yellow.7" variant="filled" data-testid="approvals-count">
          {count}
        </Badge>
      ) : null}
    </Group>
  );
}
