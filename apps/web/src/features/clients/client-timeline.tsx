import type { TimelineItem } from '@agora/contracts/client-360.schema.ts';
import type { Channel } from '@agora/contracts/common.schema.ts';
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../components/relative-time.tsx';
import { ChannelIcon } from '../inbox/channel-icon.tsx';
import { useClientTimeline } from './clients.api.ts';
import { TIMELINE_CHANNEL_ICONS, TIMELINE_LINKS } from './timeline-kinds.ts';

function KindIcon({ item }: { item: TimelineItem }) {
  const Icon = TIMELINE_CHANNEL_ICONS[item.channel];
  if (!Icon) return <ChannelIcon channel={item.channel as Channel} size={30} />;
  return (
    <ThemeIcon size={30} radius="xl" variant="light" color={item.channel === 'note' ? 'yellow' : 'bank'}>
      <Icon size={17} />
    </ThemeIcon>
  );
}

function TimelineEntry({ item }: { item: TimelineItem }) {
  const { t, i18n } = useTranslation();
  const href = item.link ? TIMELINE_LINKS[item.link.kind]?.(item.link.id) : undefined;
  const internal = item.direction === 'internal';
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="timeline-item"
      data-kind={item.kind}
      data-channel={item.channel}
      style={internal ? { background: 'var(--mantine-color-yellow-0)' } : undefined}
    >
      <Group align="flex-start" wrap="nowrap" gap="sm">
        <KindIcon item={item} />
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600}>
              {item.author ?? (item.direction === 'outbound' ? t('clients.c360.automatic') : t(`clients.c360.direction.${item.direction}`))}
            </Text>
            <Badge size="xs" variant="light" color={internal ? 'yellow' : item.direction === 'inbound' ? 'bank' : 'teal'}>
              {t(`clients.c360.kinds.${item.kind}`, { defaultValue: item.kind })} · {t(`clients.c360.direction.${item.direction}`)}
            </Badge>
            {item.meta.visibility === 'public' || item.meta.visibility === 'private' ? (
              <Badge size="xs" variant="outline" color="gray">
                {t(`clients.c360.${item.meta.visibility}`)}
              </Badge>
            ) : null}
            <Text size="xs" c="dimmed" component="time" dateTime={item.at}>
              {formatDateTime(item.at, i18n.language)}
            </Text>
          </Group>
          <Text
            size="sm"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            lineClamp={5}
            td={item.meta.deleted ? 'line-through' : undefined}
          >
            {item.body}
          </Text>
          {item.meta.deleted ? (
            <Text size="xs" c="dimmed">
              {t('clients.c360.deleted')}
            </Text>
          ) : null}
        </Stack>
        {href ? (
          <Anchor component={Link} to={href} size="xs" style={{ flex: 'none' }} data-testid="timeline-open">
            {t('clients.c360.open')}
          </Anchor>
        ) : null}
      </Group>
    </Paper>
  );
}

/** The client's history across every channel and module, newest first, a page at a time. */
export function ClientTimeline({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const timeline = useClientTimeline(clientId, true);
  if (timeline.isPending) return <Loader size="sm" />;
  if (timeline.isError) return <Alert color="red">{timeline.error.message}</Alert>;
  const items = timeline.data.pages.flatMap((p) => p.items);
  return (
    <Stack gap="xs" data-testid="client-timeline">
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('clients.c360.timelineEmpty')}
        </Text>
      ) : null}
      {items.map((item) => (
        <TimelineEntry key={item.id} item={item} />
      ))}
      {timeline.hasNextPage ? (
        <Button
          variant="subtle"
          onClick={() => void timeline.fetchNextPage()}
          loading={timeline.isFetchingNextPage}
          data-testid="timeline-more"
        >
          {t('clients.c360.more')}
        </Button>
      ) : null}
    </Stack>
  );
}
