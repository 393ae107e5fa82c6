import { type ChannelView, CREDENTIAL_FIELDS } from '@agora/contracts/channels.schema.ts';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconKey, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, RelativeTime } from '../../components/relative-time.tsx';
import { PlatformIcon } from './platform-icon.tsx';

type State = 'active' | 'paused' | 'disconnected';
const BADGE: Record<State, string> = { active: 'teal', paused: 'orange', disconnected: 'gray' };

export const stateOf = (channel: ChannelView): State =>
  !channel.connected ? 'disconnected' : channel.status === 'paused' ? 'paused' : 'active';

export function ChannelCard({ channel, onEdit, onToggle }: { channel: ChannelView; onEdit: () => void; onToggle: () => void }) {
  const { t, i18n } = useTranslation();
  const state = stateOf(channel);
  const { health } = channel;
  const fields = CREDENTIAL_FIELDS[channel.platform];
  const label = (key: string) => t(`channels.settings.${key}`);

  return (
    <Card withBorder radius="md" padding="lg" data-testid={`channel-${channel.platform}`} data-state={state}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <Group gap="sm" wrap="nowrap">
          <PlatformIcon platform={channel.platform} />
          <div>
            <Text fw={600} size="lg" lh={1.2}>
              {t(`channels.settings.names.${channel.platform}`, { defaultValue: channel.displayName })}
            </Text>
            <Text size="xs" c="dimmed">
              {label(`source.${channel.credentialsSource}`)}
            </Text>
          </div>
        </Group>
        <Badge
          color={BADGE[state]}
          variant="light"
          size="lg"
          radius="sm"
          style={{ textTransform: 'none', flex: 'none' }}
          data-testid="channel-status"
        >
          {label(`state.${state}`)}
        </Badge>
      </Group>

      <Stack gap={6} mb="md" data-testid="channel-health">
        <Text size="sm">
          <Text span c="dimmed">
            {label('lastEvent')}{' '}
          </Text>
          {health.lastEventAt ? <RelativeTime iso={health.lastEventAt} size="sm" /> : label('never')}
        </Text>
        {health.lastError && health.lastErrorAt ? (
          <Group gap={6} wrap="nowrap" align="flex-start" data-testid="channel-last-error">
            <IconAlertTriangle size={16} color="var(--mantine-color-red-7)" style={{ flex: 'none', marginTop: 2 }} />
            <Text size="sm" c="red.8" style={{ minWidth: 0 }}>
              {label('lastError')} <RelativeTime iso={health.lastErrorAt} size="sm" /> : {health.lastError}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {label('noError')}
          </Text>
        )}
        {channel.connected && channel.platform !== 'live_chat' && channel.platform !== 'forum' ? (
          <Text size="sm">
            <Text span c="dimmed">
              {label('tokenExpiry')}{' '}
            </Text>
            {health.tokenExpiresAt
              ? formatDateTime(health.tokenExpiresAt, i18n.language)
              : channel.platform === 'meta'
                ? label('tokenNeverExpires')
                : label('tokenUnknown')}
          </Text>
        ) : null}
        <Group gap="xs">
          {health.pendingDeliveries > 0 ? (
            <Tooltip label={label('pendingHelp')}>
              <Badge
                color={channel.status === 'paused' ? 'orange' : 'gray'}
                variant="outline"
                radius="sm"
                style={{ textTransform: 'none' }}
                data-testid="channel-pending"
              >
                {t('channels.settings.pending', { count: health.pendingDeliveries })}
              </Badge>
            </Tooltip>
          ) : null}
          {health.failedRepliesLast24h > 0 ? (
            <Badge color="red" variant="outline" radius="sm" style={{ textTransform: 'none' }} data-testid="channel-failed">
              {t('channels.settings.failedReplies', { count: health.failedRepliesLast24h })}
            </Badge>
          ) : null}
        </Group>
      </Stack>

      {fields.length ? (
        <SimpleGrid cols={2} spacing="md" verticalSpacing={8} mb="md" data-testid="channel-credentials">
          {fields.map((field) => (
            <div key={field.name} style={{ minWidth: 0 }}>
              <Text size="xs" c="dimmed" truncate>
                {t(`channels.settings.fields.${field.name}`)}
              </Text>
              <Text
                size="sm"
                ff="monospace"
                truncate
                title={field.secret ? undefined : channel.maskedCredentials[field.name]}
                data-field={field.name}
              >
                {channel.maskedCredentials[field.name] ?? '—'}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      ) : (
        <Text size="sm" c="dimmed" mb="md">
          {label('noCredentials')}
        </Text>
      )}

      <Group gap="sm" mt="auto">
        {fields.length ? (
          <Button variant="default" size="sm" leftSection={<IconKey size={16} />} onClick={onEdit} data-testid="channel-edit">
            {label('edit')}
          </Button>
        ) : null}
        <Button
          variant="light"
          color={channel.status === 'paused' ? 'teal' : 'orange'}
          size="sm"
          leftSection={channel.status === 'paused' ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />}
          onClick={onToggle}
          data-testid="channel-toggle"
        >
          {channel.status === 'paused' ? label('resume') : label('pause')}
        </Button>
      </Group>
    </Card>
  );
}
