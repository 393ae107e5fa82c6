import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyField } from '../../components/copy-field.tsx';
import { notifyError } from '../../components/notify.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { LISTENING_EDITOR_ROLES, useFeedMutations, useFeeds, useWebhookMutations, useWebhooks } from './listening.api.ts';

export function SourcesTab() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const feeds = useFeeds();
  const feedMutations = useFeedMutations();
  const isAdmin = me.role === 'admin';
  const webhooks = useWebhooks(isAdmin);
  const webhookMutations = useWebhookMutations();
  const [feedUrl, setFeedUrl] = useState('');
  const [hookUrl, setHookUrl] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const canEdit = LISTENING_EDITOR_ROLES.includes(me.role);
  return (
    <Stack gap="lg">
      <Stack gap="sm" data-testid="feeds">
        <Title order={4}>{t('listening.sources.feeds')}</Title>
        <Text size="sm" c="dimmed">
          {t('listening.sources.feedsHelp')}
        </Text>
        {canEdit ? (
          <Group align="flex-end">
            <TextInput
              label={t('listening.sources.feedUrl')}
              placeholder="https://…/rss.xml"
              value={feedUrl}
              onChange={(e) => setFeedUrl(e.currentTarget.value)}
              w={420}
            />
            <Button
              loading={feedMutations.add.isPending}
              disabled={!feedUrl.trim()}
              onClick={() => feedMutations.add.mutate({ url: feedUrl.trim() }, { onSuccess: () => setFeedUrl(''), onError: notifyError })}
            >
              {t('listening.sources.addFeed')}
            </Button>
          </Group>
        ) : null}
        {feeds.data?.map((f) => (
          <Paper key={f.id} withBorder p="sm" radius="md" data-testid="feed-row">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2}>
                <Text fw={600}>{f.title ?? f.url}</Text>
                <Text size="xs" c="dimmed">
                  {f.url}
                </Text>
                <Group gap={6}>
                  <Text size="xs">{t('listening.sources.lastPoll')} :</Text>
                  {f.lastPolledAt ? <RelativeTime iso={f.lastPolledAt} /> : <Text size="xs">{t('listening.sources.never')}</Text>}
                  {f.lastStatus ? (
                    <Badge size="xs" color={f.lastStatus < 400 ? 'teal' : 'red'}>
                      HTTP {f.lastStatus}
                    </Badge>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    {t('listening.sources.items', { count: f.itemsSeen })}
                  </Text>
                </Group>
                {f.lastError ? (
                  <Text size="xs" c="red.7">
                    {f.lastError}
                  </Text>
                ) : null}
              </Stack>
              {canEdit ? (
                <Button size="xs" variant="subtle" color="red" onClick={() => feedMutations.remove.mutate(f.id, { onError: notifyError })}>
                  {t('listening.sources.removeFeed')}
                </Button>
              ) : null}
            </Group>
          </Paper>
        ))}
      </Stack>
      <Stack gap="sm" data-testid="webhooks">
        <Title order={4}>{t('listening.sources.webhooks')}</Title>
        <Text size="sm" c="dimmed">
          {t('listening.sources.webhooksHelp')}
        </Text>
        {!isAdmin ? <Alert color="gray">{t('listening.sources.adminOnly')}</Alert> : null}
        {isAdmin ? (
          <Group align="flex-end">
            <TextInput
              label={t('listening.sources.webhookUrl')}
              placeholder="https://…"
              value={hookUrl}
              onChange={(e) => setHookUrl(e.currentTarget.value)}
              w={420}
            />
            <Button
              loading={webhookMutations.add.isPending}
              disabled={!hookUrl.trim()}
              onClick={() =>
                webhookMutations.add.mutate(hookUrl.trim(), {
                  onSuccess: (created) => {
                    setHookUrl('');
                    setSecret(created.secret);
                  },
                  onError: notifyError,
                })
              }
            >
              {t('listening.sources.addWebhook')}
            </Button>
          </Group>
        ) : null}
        {secret ? (
          <Alert color="yellow">
            <Text size="sm" mb={4}>
              {t('listening.sources.secretOnce')}
            </Text>
            <CopyField value={secret} />
          </Alert>
        ) : null}
        {webhooks.data?.map((w) => (
          <Paper key={w.id} withBorder p="sm" radius="md">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2}>
                <Text fw={600}>{w.url}</Text>
                <Text size="xs" c="dimmed">
                  {t('listening.sources.deliveries', w.deliveries)}
                </Text>
                {w.deliveries.lastError ? (
                  <Text size="xs" c="red.7">
                    {w.deliveries.lastError}
                  </Text>
                ) : null}
              </Stack>
              <Button size="xs" variant="subtle" color="red" onClick={() => webhookMutations.remove.mutate(w.id, { onError: notifyError })}>
                {t('listening.sources.removeWebhook')}
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
