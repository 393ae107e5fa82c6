import type { EventQuestionView, EventView } from '@agora/contracts/community.schema.ts';
import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { IconArrowUp, IconBroadcast, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/http-client.ts';
import { notifyError } from '../../components/notify.ts';
import { useCommunityMe, useEvent, useEvents, useGroup, useGroups, useQuestions } from './community.api.ts';
import { AuthorLine, Notices, SafeHtml, Section, useRefreshCommunity } from './community-ui.tsx';
import { put, TopicList } from './forum-pages.tsx';

const fmtWhen = (iso: string, language: string) =>
  new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'fr-FR', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });

export function GroupsPage() {
  const { t } = useTranslation();
  const { data: groups } = useGroups();
  return (
    <Stack gap="md">
      <Section title={t('community.groups.title')}>
        <Text c="dimmed">{t('community.groups.intro')}</Text>
      </Section>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {(groups ?? []).map((g) => (
          <Card key={g.id} withBorder radius="md" component={Link} to={`/communaute/groupes/${g.slug}`} data-testid="group-card">
            <Group justify="space-between">
              <Text fw={600}>{g.name}</Text>
              <Badge variant="light" color={g.visibility === 'open' ? 'teal' : 'grape'}>
                {t(`community.groups.${g.visibility}`)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" mt={4}>
              {g.description}
            </Text>
            <Text size="xs" c="dimmed" mt={4}>
              {t('community.groups.members', { count: g.memberCount })}
              {g.isMember ? ' · ✓' : ''}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function GroupPage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const { data, isPending, error } = useGroup(slug);
  const { data: me } = useCommunityMe();
  const refresh = useRefreshCommunity();
  if (isPending) return <Loader />;
  if (error || !data) return <Alert color="red">{error?.message}</Alert>;
  const { group, topics } = data;
  const toggle = async () => {
    try {
      await (group.isMember
        ? api.delete(`/api/community/groups/${group.slug}/membership`)
        : put(`/api/community/groups/${group.slug}/membership`));
      await refresh(['group', group.slug], ['groups']);
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack gap="md">
      <Section
        title={group.name}
        action={
          me?.member && (group.visibility === 'open' || group.invited || group.isMember) ? (
            <Button variant={group.isMember ? 'default' : 'filled'} onClick={() => void toggle()} data-testid="group-join">
              {group.isMember ? t('community.groups.leave') : t('community.groups.join')}
            </Button>
          ) : null
        }
      >
        <Text c="dimmed">{group.description}</Text>
        {group.invited && !group.isMember ? <Alert color="grape">{t('community.groups.invited')}</Alert> : null}
      </Section>
      {group.isMember || me?.kind === 'staff' ? (
        <TopicList topics={topics} />
      ) : (
        <Alert color="blue">{t('community.groups.membersOnly')}</Alert>
      )}
    </Stack>
  );
}

export function EventsPage() {
  const { t, i18n } = useTranslation();
  const { data: events } = useEvents();
  return (
    <Stack gap="md">
      <Section title={t('community.events.title')}>
        <Text c="dimmed">{t('community.events.intro')}</Text>
      </Section>
      {(events ?? []).map((e) => (
        <Card key={e.id} withBorder radius="md" component={Link} to={`/communaute/evenements/${e.id}`} data-testid="event-card">
          <Group justify="space-between" wrap="wrap">
            <Text fw={600} c="bank.8">
              {e.title}
            </Text>
            <Badge color={e.status === 'live' ? 'red' : e.status === 'ended' ? 'gray' : 'blue'}>
              {t(`community.events.status.${e.status}`)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {fmtWhen(e.startsAt, i18n.language)} · {t('community.events.registrations', { count: e.registrationCount })}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

function QuestionCard({ q, event, canAnswer }: { q: EventQuestionView; event: EventView; canAnswer: boolean }) {
  const { t } = useTranslation();
  const { data: me } = useCommunityMe();
  const refresh = useRefreshCommunity();
  const [answer, setAnswer] = useState('');
  const vote = async () => {
    try {
      await (q.votedByMe ? api.delete(`/api/community/questions/${q.id}/vote`) : put(`/api/community/questions/${q.id}/vote`));
      await refresh(['questions', event.id]);
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Card withBorder radius="md" padding="sm" data-testid="question" data-votes={q.voteCount}>
      <Group wrap="nowrap" align="flex-start">
        <Button
          variant={q.votedByMe ? 'filled' : 'light'}
          size="compact-md"
          leftSection={<IconArrowUp size={16} />}
          disabled={!me?.member || q.mine || event.status === 'ended' || q.status !== 'visible'}
          onClick={() => void vote()}
          aria-label={t('community.events.upvote')}
          data-testid="question-vote"
          style={{ flex: 'none' }}
        >
          {q.voteCount}
        </Button>
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={500}>
            {q.body}
          </Text>
          <Text size="xs" c="dimmed">
            {q.author}
          </Text>
          {q.status !== 'visible' ? (
            <Alert color="yellow" p={6}>
              {q.heldReason}
            </Alert>
          ) : null}
          {q.answerHtml ? (
            <Card bg="bank.0" padding="xs" radius="sm" data-testid="question-answer">
              <Text size="xs" fw={600} c="bank.8">
                {t('community.events.answeredBy', { name: q.answeredBy })}
              </Text>
              <SafeHtml html={q.answerHtml} small />
            </Card>
          ) : canAnswer ? (
            <Group gap="xs" wrap="nowrap">
              <Textarea
                value={answer}
                onChange={(e) => setAnswer(e.currentTarget.value)}
                autosize
                minRows={1}
                style={{ flex: 1 }}
                data-testid="answer-input"
              />
              <Button
                size="xs"
                disabled={answer.trim().length < 2}
                data-testid="answer-submit"
                onClick={async () => {
                  try {
                    await api.post(`/api/community/questions/${q.id}/answer`, { answer });
                    await refresh(['questions', event.id]);
                  } catch (e) {
                    notifyError(e);
                  }
                }}
              >
                {t('community.events.answer')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Group>
    </Card>
  );
}

/** The live page: stream link for registered members, live Q&A upvoted by members and answered by staff; the replay keeps it. */
export function EventPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { data: event, isPending, error } = useEvent(id);
  const { data: questions } = useQuestions(id);
  const { data: me } = useCommunityMe();
  const refresh = useRefreshCommunity();
  const [text, setText] = useState('');
  const [notices, setNotices] = useState<{ kind: string; message: string }[]>([]);
  if (isPending) return <Loader />;
  if (error || !event) return <Alert color="red">{error?.message}</Alert>;
  const staff = me?.kind === 'staff';
  const register = async () => {
    try {
      await (event.registered
        ? api.delete(`/api/community/events/${event.id}/registration`)
        : put(`/api/community/events/${event.id}/registration`));
      await refresh(['event', event.id], ['events']);
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack gap="md" maw={900}>
      <Anchor component={Link} to="/communaute/evenements" size="sm">
        ← {t('community.events.title')}
      </Anchor>
      <Group justify="space-between" wrap="wrap" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Text component="h1" fz={{ base: 22, sm: 28 }} fw={700} m={0} data-testid="event-title">
            {event.title}
          </Text>
          <Group gap="xs">
            <Badge
              color={event.status === 'live' ? 'red' : event.status === 'ended' ? 'gray' : 'blue'}
              leftSection={event.status === 'live' ? <IconBroadcast size={12} /> : null}
              data-testid="event-status"
            >
              {t(`community.events.status.${event.status}`)}
            </Badge>
            <Text size="sm" c="dimmed">
              {fmtWhen(event.startsAt, i18n.language)} · {t('community.events.registrations', { count: event.registrationCount })}
            </Text>
          </Group>
        </Stack>
        {me?.member && event.status !== 'ended' && event.status !== 'cancelled' ? (
          <Button variant={event.registered ? 'default' : 'filled'} onClick={() => void register()} data-testid="event-register">
            {event.registered ? t('community.events.unregister') : t('community.events.register')}
          </Button>
        ) : null}
      </Group>
      <Card withBorder radius="md">
        <SafeHtml html={event.descriptionHtml} />
        <Group mt="sm">
          {event.streamUrl && event.status !== 'ended' ? (
            <Button
              component="a"
              href={event.streamUrl}
              target="_blank"
              rel="noopener noreferrer"
              color="red"
              leftSection={<IconBroadcast size={16} />}
              data-testid="stream-link"
            >
              {t('community.events.watch')}
            </Button>
          ) : null}
          {event.replayUrl ? (
            <Button
              component="a"
              href={event.replayUrl}
              target="_blank"
              rel="noopener noreferrer"
              leftSection={<IconPlayerPlay size={16} />}
            >
              {t('community.events.replay')}
            </Button>
          ) : null}
        </Group>
        {!event.registered && !staff && event.status !== 'ended' ? (
          <Text size="sm" c="dimmed" mt="xs">
            {t('community.events.registerToAsk')}
          </Text>
        ) : null}
        {event.status === 'ended' ? (
          <Text size="sm" c="dimmed" mt="xs">
            {t('community.events.replayKept')}
          </Text>
        ) : null}
      </Card>
      <Text fw={700} fz="lg">
        {t('community.events.questions')}
      </Text>
      {event.registered && (event.status === 'live' || event.status === 'scheduled') ? (
        <Stack gap="xs">
          <Textarea
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            placeholder={t('community.events.askPlaceholder')}
            autosize
            minRows={2}
            data-testid="question-input"
          />
          <Notices notices={notices} />
          <Button
            w="fit-content"
            disabled={text.trim().length < 5}
            data-testid="question-submit"
            onClick={async () => {
              try {
                const result = await api.post<{ notices: { kind: string; message: string }[] }>(
                  `/api/community/events/${event.id}/questions`,
                  { body: text },
                );
                setNotices(result.notices);
                setText('');
                await refresh(['questions', event.id]);
              } catch (e) {
                notifyError(e);
              }
            }}
          >
            {t('community.events.send')}
          </Button>
        </Stack>
      ) : null}
      {(questions ?? []).length === 0 ? <Text c="dimmed">{t('community.events.noQuestions')}</Text> : null}
      <Stack gap="xs" data-testid="questions">
        {(questions ?? []).map((q) => (
          <QuestionCard key={q.id} q={q} event={event} canAnswer={staff} />
        ))}
      </Stack>
      {staff ? (
        <AuthorLine
          author={{ kind: 'staff', name: me?.staffName ?? '', memberId: null, trustLevel: null, isAmbassador: false, badges: [] }}
        />
      ) : null}
    </Stack>
  );
}
