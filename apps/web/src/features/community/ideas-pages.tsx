import type { IdeaListItem, PostOutcome } from '@agora/contracts/community.schema.ts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Timeline,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/http-client.ts';
import { notifyError } from '../../components/notify.ts';
import { useCommunityMe, useIdea, useIdeas, useProjects } from './community.api.ts';
import { AuthorLine, Composer, fmtDate, Notices, SafeHtml, Section, useRefreshCommunity } from './community-ui.tsx';
import { put } from './forum-pages.tsx';

export const STATUS_COLORS: Record<string, string> = {
  new: 'gray',
  under_review: 'blue',
  planned: 'indigo',
  in_progress: 'orange',
  launched: 'green',
  declined: 'red',
  already_exists: 'grape',
};

function VoteButton({ idea }: { idea: IdeaListItem }) {
  const { t } = useTranslation();
  const { data: me } = useCommunityMe();
  const refresh = useRefreshCommunity();
  const closed = ['launched', 'declined', 'already_exists'].includes(idea.status);
  return (
    <Button
      variant={idea.votedByMe ? 'filled' : 'light'}
      size="compact-md"
      leftSection={<IconArrowUp size={16} />}
      disabled={!me?.member || (closed && !idea.votedByMe)}
      data-testid="idea-vote"
      data-voted={idea.votedByMe ? 'true' : 'false'}
      onClick={async (event) => {
        event.preventDefault();
        try {
          await (idea.votedByMe ? api.delete(`/api/community/ideas/${idea.id}/vote`) : put(`/api/community/ideas/${idea.id}/vote`));
          await refresh(['ideas'], ['idea', idea.id]);
        } catch (error) {
          notifyError(error);
        }
      }}
      style={{ flex: 'none' }}
    >
      {idea.voteCount}
    </Button>
  );
}

export function IdeasPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | null>(null);
  const [sort, setSort] = useState<string>('votes');
  const { data: ideas, isPending } = useIdeas({ status: status ?? undefined, sort });
  const { data: me } = useCommunityMe();
  const [opened, { open, close }] = useDisclosure(false);
  const [title, setTitle] = useState('');
  const [notices, setNotices] = useState<PostOutcome['notices']>([]);
  return (
    <Stack gap="md">
      <Section
        title={t('community.ideas.title')}
        action={
          <Group gap="xs">
            <Button component={Link} to="/communaute/de-vos-idees-a-nos-projets" variant="default">
              {t('community.nav.projects')}
            </Button>
            {me?.member || me?.kind === 'staff' ? (
              <Button onClick={open} data-testid="propose-idea">
                {t('community.ideas.propose')}
              </Button>
            ) : null}
          </Group>
        }
      >
        <Text c="dimmed">{t('community.ideas.intro')}</Text>
      </Section>
      <Group gap="sm">
        <Select
          value={status}
          onChange={setStatus}
          placeholder={t('community.ideas.all')}
          clearable
          data={Object.keys(STATUS_COLORS).map((s) => ({ value: s, label: t(`community.ideas.status.${s}`) }))}
          w={200}
        />
        <Select
          value={sort}
          onChange={(v) => setSort(v ?? 'votes')}
          data={[
            { value: 'votes', label: t('community.ideas.sort.votes') },
            { value: 'recent', label: t('community.ideas.sort.recent') },
          ]}
          w={200}
        />
      </Group>
      {isPending ? <Loader /> : null}
      <Stack gap="xs">
        {(ideas ?? []).map((idea) => (
          <Card key={idea.id} withBorder radius="md" padding="sm" component={Link} to={idea.url} data-testid="idea-item">
            <Group wrap="nowrap" align="flex-start">
              <VoteButton idea={idea} />
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap={6}>
                  <Text fw={600} c="bank.8">
                    {idea.title}
                  </Text>
                  <Badge color={STATUS_COLORS[idea.status]} variant="light" data-testid="idea-status">
                    {t(`community.ideas.status.${idea.status}`)}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed" lineClamp={2}>
                  {idea.excerpt}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('community.ideas.comments', { count: idea.commentCount })}
                </Text>
              </Stack>
            </Group>
          </Card>
        ))}
      </Stack>
      <Modal opened={opened} onClose={close} title={t('community.ideas.propose')} size="lg">
        <Stack>
          <TextInput
            label={t('community.title')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            data-testid="idea-title"
          />
          <Notices notices={notices} />
          <Composer
            draftKey="new-idea"
            testId="idea"
            placeholder={t('community.body')}
            submitLabel={t('community.publish')}
            onSubmit={async (body) => {
              const created = await api.post<{ topicId: string; outcome: PostOutcome }>('/api/community/ideas', { title, body });
              setNotices(created.outcome.notices);
              close();
              navigate(`/communaute/idees/${created.topicId}`);
            }}
          />
        </Stack>
      </Modal>
    </Stack>
  );
}

export function IdeaPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { data, isPending, error } = useIdea(id);
  const refresh = useRefreshCommunity();
  const [notices, setNotices] = useState<PostOutcome['notices']>([]);
  if (isPending) return <Loader />;
  if (error || !data) return <Alert color="red">{error?.message}</Alert>;
  const { idea, comments } = data;
  return (
    <Stack gap="md" maw={860}>
      <Anchor component={Link} to="/communaute/idees" size="sm">
        ← {t('community.ideas.title')}
      </Anchor>
      <Group wrap="nowrap" align="flex-start">
        <VoteButton idea={idea} />
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text component="h1" fz={{ base: 22, sm: 28 }} fw={700} m={0} data-testid="idea-heading">
            {idea.title}
          </Text>
          <Group gap="xs">
            <Badge color={STATUS_COLORS[idea.status]} size="lg" data-testid="idea-status">
              {t(`community.ideas.status.${idea.status}`)}
            </Badge>
            <AuthorLine author={idea.author} size="xs" />
          </Group>
        </Stack>
      </Group>
      {idea.mergedInto ? (
        <Alert color="grape">
          <Anchor component={Link} to={idea.mergedInto.url}>
            {t('community.ideas.mergedInto', { title: idea.mergedInto.title })}
          </Anchor>
        </Alert>
      ) : null}
      <Card withBorder radius="md">
        <SafeHtml html={idea.html} />
      </Card>
      {idea.whatChanged ? (
        <Alert color="green" title={t('community.ideas.whatChanged')}>
          {idea.whatChanged}
        </Alert>
      ) : null}
      {idea.history.length ? (
        <Card withBorder radius="md" data-testid="idea-history">
          <Text fw={600} mb="sm">
            {t('community.ideas.history')}
          </Text>
          <Timeline bulletSize={14} lineWidth={2}>
            {idea.history.map((h) => (
              <Timeline.Item key={h.at} title={`${t(`community.ideas.status.${h.to}`)} · ${fmtDate(h.at, i18n.language)}`}>
                <AuthorLine
                  author={{ kind: 'staff', name: h.staffName, memberId: null, trustLevel: null, isAmbassador: false, badges: [] }}
                  size="xs"
                />
                <SafeHtml html={h.responseHtml} />
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      ) : null}
      <Text fw={600}>{t('community.ideas.comments', { count: comments.length })}</Text>
      {comments.map((c) => (
        <Card key={c.id} withBorder radius="md" padding="sm">
          <AuthorLine author={c.author} size="xs" />
          <SafeHtml html={c.html} />
        </Card>
      ))}
      <Notices notices={notices} />
      {data.canComment ? (
        <Composer
          draftKey={`idea-${idea.id}`}
          submitLabel={t('community.ideas.comment')}
          onSubmit={async (body) => {
            const outcome = await api.post<PostOutcome>(`/api/community/ideas/${idea.id}/comments`, { body });
            setNotices(outcome.notices);
            await refresh(['idea', idea.id]);
          }}
        />
      ) : null}
    </Stack>
  );
}

export function ProjectsPage() {
  const { t, i18n } = useTranslation();
  const { data } = useProjects();
  if (!data) return <Loader />;
  const c = data.contributions;
  return (
    <Stack gap="lg" maw={960}>
      <Section title={t('community.projects.title')}>
        <Text c="dimmed">{t('community.ideas.intro')}</Text>
      </Section>
      <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="projects-figures">
        {(
          [
            [c.ideas, t('community.projects.ideas')],
            [c.comments, t('community.projects.comments')],
            [c.votes, t('community.projects.votes')],
            [data.byStatus.launched, t('community.ideas.status.launched')],
          ] as const
        ).map(([n, label]) => (
          <Card key={label} withBorder radius="md" ta="center">
            <Text fz={32} fw={700} c="bank.8">
              {n}
            </Text>
            <Text size="sm" c="dimmed">
              {label}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Text fw={700} fz="lg">
        {t('community.projects.launched')}
      </Text>
      {data.launched.length ? null : <Text c="dimmed">{t('community.projects.none')}</Text>}
      {data.launched.map((l) => (
        <Card key={l.id} withBorder radius="md" data-testid="launched-idea">
          <Group justify="space-between">
            <Anchor component={Link} to={l.url} fw={600}>
              {l.title}
            </Anchor>
            <Badge color="green">
              {t('community.ideas.status.launched')}
              {l.launchedAt ? ` · ${fmtDate(l.launchedAt, i18n.language)}` : ''}
            </Badge>
          </Group>
          <Text size="sm" mt={4}>
            {l.whatChanged}
          </Text>
          <Text size="xs" c="dimmed">
            {t('community.votes', { count: l.voteCount })}
          </Text>
        </Card>
      ))}
      <Text fw={700} fz="lg">
        {t('community.projects.planned')}
      </Text>
      {data.planned.map((p) => (
        <Group key={p.id} justify="space-between">
          <Anchor component={Link} to={p.url}>
            {p.title}
          </Anchor>
          <Badge color={STATUS_COLORS[p.status]} variant="light">
            {t(`community.ideas.status.${p.status}`)} · {p.voteCount}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}
