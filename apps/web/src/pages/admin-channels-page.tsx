import type { ChannelView } from '@agora/contracts/channels.schema.ts';
import { Alert, Box, Button, Group, Loader, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../components/notify.ts';
import { ChannelCard } from '../features/channels/channel-card.tsx';
import { useAdminChannels, useSetChannelStatus } from '../features/channels/channels.api.ts';
import { CredentialsModal } from '../features/channels/credentials-modal.tsx';

/** Channel settings (admin): connect a platform, see its health, pause or resume it. */
export function AdminChannelsPage() {
  const { t } = useTranslation();
  const channels = useAdminChannels();
  const setStatus = useSetChannelStatus();
  const [editing, setEditing] = useState<ChannelView | null>(null);
  const [toggling, setToggling] = useState<ChannelView | null>(null);

  const nameOf = (channel: ChannelView) => t(`channels.settings.names.${channel.platform}`, { defaultValue: channel.displayName });

  const confirmToggle = () => {
    if (!toggling) return;
    const action = toggling.status === 'paused' ? 'resume' : 'pause';
    setStatus.mutate(
      { platform: toggling.platform, action },
      {
        onSuccess: () =>
          notifySuccess(
            t(action === 'pause' ? 'channels.settings.pausedDone' : 'channels.settings.resumedDone', { name: nameOf(toggling) }),
          ),
        onError: notifyError,
        onSettled: () => setToggling(null),
      },
    );
  };

  return (
    <Box p="lg" maw={1280} mx="auto">
      <Box mb="md">
        <Title order={1} size="h2">
          {t('channels.settings.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('channels.settings.subtitle')}
        </Text>
      </Box>
      {channels.isPending ? (
        <Loader />
      ) : channels.error ? (
        <Alert color="red" role="alert">
          {channels.error.message}
        </Alert>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" data-testid="channel-cards">
          {channels.data.map((channel) => (
            <ChannelCard
              key={channel.platform}
              channel={channel}
              onEdit={() => setEditing(channel)}
              onToggle={() => setToggling(channel)}
            />
          ))}
        </SimpleGrid>
      )}

      <CredentialsModal key={editing?.platform ?? 'none'} channel={editing} onClose={() => setEditing(null)} />

      <Modal
        opened={toggling !== null}
        onClose={() => setToggling(null)}
        title={toggling?.status === 'paused' ? t('channels.settings.resumeTitle') : t('channels.settings.pauseTitle')}
        data-testid="channel-confirm"
      >
        <Stack>
          <Text size="sm">
            {toggling
              ? t(toggling.status === 'paused' ? 'channels.settings.resumeConfirm' : 'channels.settings.pauseConfirm', {
                  name: nameOf(toggling),
                })
              : null}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setToggling(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color={toggling?.status === 'paused' ? 'teal' : 'orange'}
              loading={setStatus.isPending}
              onClick={confirmToggle}
              data-testid="channel-confirm-button"
            >
              {toggling?.status === 'paused' ? t('channels.settings.resume') : t('channels.settings.pause')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Box>
  );
}
