import type { Mention } from '@agora/contracts/listening.schema.ts';
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { notifyError } from '../../components/notify.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { useIntentLabel } from '../inbox/signals.tsx';
import { answerMention, filtersOf, useMentions } from './listening.api.ts';

const SENTIMENT_COLOR: Record<string, string> = { negative: 'red', neutral: 'gray', positive: 'teal' };

export function MentionCard({ mention }: { mention: Mention }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const intentLabel = useIntentLabel();
  const [busy, setBusy] = useState(false);
  const answer = async () => {
    if (mention.conversationId) {
      void navigate(`/inbox/${mention.conversationId}`);
      return;
    }
    setBusy(true);
    try {
      // The server waits a few seconds for the conversation; a busy worker answers "pending".
      for (let attempt = 0; attempt < 3; attempt++) {
        const { conversationId } = await answerMention(mention.id);
        if (conversationId) {
          void navigate(`/inbox/${conversationId}`);
          return;
        }
      }
      notifyError(new Error(t('listening.mentions.pending')));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="sm" data-testid="mention-card" data-source={mention.source}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap={6} wrap="wrap">
          <Text fw={600} size="sm">
            {mention.author.name}
          </Text>
          {mention.author.handle ? (
            <Text size="xs" c="dimmed">
              @{mention.author.handle}
            </Text>
          ) : null}
          {mention.author.reach > 0 ? (
            <Text size="xs" c="dimmed">
              ·{' '}
              {t('listening.mentions.reach', {
                count: mention.author.reach,
                formatted: new Intl.NumberFormat(i18n.language).format(mention.author.reach),
              })}
            </Text>
          ) : null}
          <Badge size="xs" variant="outline">
            {t(`listening.channel.${mention.channel}`, { defaultValue: mention.channel })}
          </Badge>
          <Badge size="xs" variant="light" color="gray">
            {t(`listening.source.${mention.source}`)}
          </Badge>
          {mention.sentiment ? (
            <Badge size="xs" color={SENTIMENT_COLOR[mention.sentiment] ?? 'gray'}>
              {t(`signals.sentimentValue.${mention.sentiment}`)}
            </Badge>
          ) : null}
          {mention.intent && mention.intent !== 'unknown' ? (
            <Badge size="xs" variant="light">
              {intentLabel(mention.intent)}
            </Badge>
          ) : null}
          {mention.rumour ? (
            <Badge size="xs" color="orange">
              {t('listening.mentions.rumour')}
            </Badge>
          ) : null}
          {mention.rating ? <Text size="xs">{'★'.repeat(mention.rating)}</Text> : null}
          {mention.answeredAt ? (
            <Badge size="xs" color="teal" variant="dot">
              {t('listening.mentions.answered')}
            </Badge>
          ) : null}
        </Group>
        <RelativeTime iso={mention.publishedAt} />
      </Group>
      {mention.title ? (
        <Text fw={600} size="sm" mt={4}>
          {mention.title}
        </Text>
      ) : null}
      <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }} lineClamp={6} data-testid="mention-body">
        {mention.body}
      </Text>
      <Group gap="xs" mt="xs">
        {mention.answerable ? (
          <Button size="xs" onClick={answer} loading={busy} data-testid="mention-answer">
            {mention.conversationId ? t('listening.mentions.open') : t('listening.mentions.answer')}
          </Button>
        ) : null}
        {mention.url ? (
          <Anchor href={mention.url} target="_blank" rel="noopener noreferrer" size="xs">
            {mention.source === 'rss' ? t('listening.mentions.article') : mention.url.replace(/^https?:\/\//, '').slice(0, 60)}
          </Anchor>
        ) : null}
      </Group>
    </Paper>
  );
}

export function MentionsTab() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const mentions = useMentions(filtersOf(params));
  if (mentions.isLoading) return <Loader />;
  if (mentions.error) return <Alert color="red">{(mentions.error as Error).message}</Alert>;
  const items = mentions.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm" data-testid="mentions-list">
      {items.length === 0 ? (
        <Text c="dimmed">{t('listening.mentions.empty')}</Text>
      ) : (
        items.map((m) => <MentionCard key={m.id} mention={m} />)
      )}
      {mentions.hasNextPage ? (
        <Button variant="default" onClick={() => void mentions.fetchNextPage()} loading={mentions.isFetchingNextPage}>
          {t('listening.mentions.more')}
        </Button>
      ) : null}
    </Stack>
  );
}
