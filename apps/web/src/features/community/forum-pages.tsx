import type { PostOutcome, PostView, TopicListItem } from '@agora/contracts/community.schema.ts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Menu,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconFlag, IconQuote, IconThumbUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, apiRequest } from '../../api/http-client.ts';
import { notifyError } from '../../components/notify.ts';
import { createTopic, replyToTopic, useCategories, useCommunityMe, useTopic, useTopics } from './community.api.ts';
import { AuthorLine, Composer, fmtDate, Notices, SafeHtml, Section, useRefreshCommunity } from './community-ui.tsx';

export const put = (path: string, body: unknown = {}) => apiRequest(path, { method: 'PUT', body });

export function TopicList({ topics }: { topics: TopicListItem[] }) {
  const { t, i18n } = useTranslation();
  if (!topics.length) return <Text c="dimmed">{t('community.empty')}</Text>;
  return (
    <Stack gap="xs" data-testid="topic-list">
      {topics.map((topic) => (
        <Card key={topic.id} withBorder radius="md" padding="sm" component={Link} to={topic.url} data-testid="topic-item">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Group gap={6}>
                <Text fw={600} c="bank.8">
                  {topic.title}
                </Text>
                {topic.solved ? (
                  <Badge color="green" size="sm" variant="light" leftSection={<IconCheck size={12} />}>
                    {t('community.solved')}
                  </Badge>
                ) : null}
                {topic.kind === 'announcement' ? <Badge size="sm">{t('community.kind.announcement')}</Badge> : null}
              </Group>
              <Text size="sm" c="dimmed" lineClamp={2}>
                {topic.excerpt}
              </Text>
              <Group gap={8}>
                <AuthorLine author={topic.author} size="xs" />
                <Text size="xs" c="dimmed">
                  · {topic.category.name} · {fmtDate(topic.lastPostedAt, i18n.language)}
                </Text>
              </Group>
            </Stack>
            <Badge variant="outline" color="gray" style={{ flex: 'none' }}>
              {t('community.replies', { count: topic.replyCount })}
            </Badge>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

function NewTopicModal({ opened, onClose, category }: { opened: boolean; onClose: () => void; category?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: categories } = useCategories();
  const [categorySlug, setCategorySlug] = useState<string | null>(category ?? 'comptes');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<'question' | 'discussion'>('question');
  const [notices, setNotices] = useState<PostOutcome['notices']>([]);
  return (
    <Modal opened={opened} onClose={onClose} title={t('community.newTopicTitle')} size="lg">
      <Stack>
        <Select
          label={t('community.category')}
          data={(categories ?? []).filter((c) => c.kind === 'forum').map((c) => ({ value: c.slug, label: c.name }))}
          value={categorySlug}
          onChange={setCategorySlug}
          data-testid="new-topic-category"
        />
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as 'question' | 'discussion')}
          data={[
            { value: 'question', label: t('community.kind.question') },
            { value: 'discussion', label: t('community.kind.discussion') },
          ]}
        />
        <TextInput
          label={t('community.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          data-testid="new-topic-title"
        />
        <Notices notices={notices} />
        <Composer
          draftKey="new-topic"
          testId="new-topic"
          placeholder={t('community.body')}
          submitLabel={t('community.publish')}
          onSubmit={async (body) => {
            const created = await createTopic({ categorySlug: categorySlug ?? 'comptes', title, body, kind });
            setNotices(created.outcome.notices);
            const topic = await api.get<{ url: string }>(`/api/community/topics/${created.topicId}`);
            onClose();
            navigate(topic.url, { state: { notices: created.outcome.notices } });
          }}
        />
      </Stack>
    </Modal>
  );
}

/** Home and category pages: categories, latest topics, filters, full-text search. */
export function ForumHomePage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const [params, setParams] = useSearchParams();
  const filter = params.get('filtre') ?? 'latest';
  const q = params.get('q') ?? undefined;
  const { data: me } = useCommunityMe();
  const { data: categories } = useCategories();
  const { data: topics, isPending } = useTopics({ category: slug, filter, q });
  const [opened, { open, close }] = useDisclosure(false);
  const category = categories?.find((c) => c.slug === slug);
  const canWrite = !!me?.member || me?.kind === 'staff';
  const refresh = useRefreshCommunity();
  // Following a category: every new topic in it reaches the member's notifications and digest.
  const followCategory = async () => {
    if (!category) return;
    try {
      const path = `/api/community/categories/${category.id}/follow`;
      await (category.following ? api.delete(path) : put(path));
      await refresh(['categories']);
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack gap="lg">
      <Section
        title={q ? `« ${q} »` : (category?.name ?? 'Communauté Banque Exemple')}
        action={
          canWrite ? (
            <Group gap="xs">
              {category && me?.member ? (
                <Button
                  variant={category.following ? 'light' : 'default'}
                  onClick={() => void followCategory()}
                  data-testid="follow-category"
                >
                  {category.following ? t('community.following') : t('community.follow')}
                </Button>
              ) : null}
              <Button onClick={open} data-testid="new-topic">
                {t('community.newTopic')}
              </Button>
            </Group>
          ) : (
            <Button component={Link} to="/communaute/connexion" variant="light">
              {t('community.signIn')}
            </Button>
          )
        }
      >
        {category ? <Text c="dimmed">{category.description}</Text> : null}
      </Section>
      {!slug && !q ? (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
          {(categories ?? [])
            .filter((c) => c.kind === 'forum')
            .map((c) => (
              <Card
                key={c.id}
                withBorder
                radius="md"
                padding="sm"
                component={Link}
                to={`/communaute/c/${c.slug}`}
                data-testid="category-card"
              >
                <Text fw={600} size="sm">
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {c.topicCount} sujets
                </Text>
              </Card>
            ))}
        </SimpleGrid>
      ) : null}
      <Group gap="sm" wrap="wrap">
        <TextInput
          placeholder={t('community.search')}
          aria-label={t('community.search')}
          defaultValue={q ?? ''}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setParams({ q: e.currentTarget.value });
          }}
          w={{ base: '100%', sm: 320 }}
          data-testid="forum-search"
        />
        <SegmentedControl
          value={filter}
          onChange={(v) => setParams((p) => ({ ...Object.fromEntries(p), filtre: v }))}
          data={(['latest', 'unanswered', 'solved'] as const).map((f) => ({ value: f, label: t(`community.filters.${f}`) }))}
          w="fit-content"
        />
      </Group>
      {isPending ? <Loader /> : <TopicList topics={topics ?? []} />}
      <NewTopicModal opened={opened} onClose={close} category={slug} />
    </Stack>
  );
}

function PostCard({
  post,
  topicId,
  canAccept,
  onQuote,
}: {
  post: PostView;
  topicId: string;
  canAccept: boolean;
  onQuote: (p: PostView) => void;
}) {
  const { t, i18n } = useTranslation();
  const { data: me } = useCommunityMe();
  const refresh = useRefreshCommunity();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(post.markdown);
  const [flagged, setFlagged] = useState(false);
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await refresh(['topic', topicId]);
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      id={`message-${post.number}`}
      data-testid="post"
      data-status={post.status}
      style={
        post.accepted ? { borderColor: 'var(--mantine-color-green-6)', boxShadow: '0 0 0 1px var(--mantine-color-green-6)' } : undefined
      }
    >
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Group gap={8}>
          <AuthorLine author={post.author} />
          <Text size="xs" c="dimmed">
            {fmtDate(post.createdAt, i18n.language)}
          </Text>
          {post.isWiki ? <Badge size="xs">{t('community.wiki')}</Badge> : null}
        </Group>
        {post.accepted ? (
          <Badge color="green" leftSection={<IconCheck size={12} />} data-testid="accepted-badge">
            {t('community.accepted')}
          </Badge>
        ) : null}
      </Group>
      {post.status !== 'published' ? (
        <Alert
          color={post.status === 'held' ? 'yellow' : 'gray'}
          mb="xs"
          title={t(post.status === 'held' ? 'community.held' : 'community.hidden')}
          data-testid="post-held"
        >
          {post.heldReason}
        </Alert>
      ) : null}
      {editing ? (
        <Composer
          draftKey={`edit-${post.id}`}
          value={text}
          onChange={setText}
          submitLabel={t('community.save')}
          onSubmit={async (body) => {
            await api.patch(`/api/community/posts/${post.id}`, { body });
            setEditing(false);
            await refresh(['topic', topicId]);
          }}
        />
      ) : (
        <SafeHtml html={post.html} />
      )}
      <Group gap="xs" mt="sm">
        <Button
          size="xs"
          variant={post.votedByMe ? 'filled' : 'light'}
          leftSection={<IconThumbUp size={14} />}
          disabled={!me?.member || post.author.memberId === me.member.id || post.status !== 'published'}
          onClick={() =>
            act(() => (post.votedByMe ? api.delete(`/api/community/posts/${post.id}/vote`) : put(`/api/community/posts/${post.id}/vote`)))
          }
          data-testid="vote"
        >
          {t('community.vote')} · {post.voteCount}
        </Button>
        {me?.member || me?.kind === 'staff' ? (
          <Button size="xs" variant="subtle" leftSection={<IconQuote size={14} />} onClick={() => onQuote(post)}>
            {t('community.quote')}
          </Button>
        ) : null}
        {canAccept && post.number > 1 && !post.accepted && post.status === 'published' ? (
          <Button
            size="xs"
            variant="subtle"
            color="green"
            onClick={() => act(() => put(`/api/community/topics/${topicId}/accepted`, { postId: post.id }))}
            data-testid="accept"
          >
            {t('community.accept')}
          </Button>
        ) : null}
        {post.canEdit && !editing ? (
          <Button size="xs" variant="subtle" onClick={() => setEditing(true)}>
            {t('community.edit')}
          </Button>
        ) : null}
        {post.canFlag && !flagged ? (
          <Menu position="bottom-start" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="subtle" color="gray" leftSection={<IconFlag size={14} />} data-testid="flag">
                {t('community.flag')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown maw={320}>
              <Menu.Label style={{ whiteSpace: 'normal' }}>{t('community.flagNote')}</Menu.Label>
              {(['insult', 'spam', 'personal_data', 'off_topic', 'illegal', 'other'] as const).map((reason) => (
                <Menu.Item
                  key={reason}
                  onClick={() =>
                    act(async () => {
                      await api.post(`/api/community/posts/${post.id}/flags`, { reason });
                      setFlagged(true);
                    })
                  }
                >
                  {t(`community.flagReasons.${reason}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        ) : null}
        {flagged ? (
          <Text size="xs" c="dimmed">
            {t('community.flagged')}
          </Text>
        ) : null}
      </Group>
    </Card>
  );
}

export function TopicPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { data: topic, isPending, error } = useTopic(id);
  const { data: me } = useCommunityMe();
  const refresh = useRefreshCommunity();
  const [reply, setReply] = useState('');
  const [notices, setNotices] = useState<PostOutcome['notices']>([]);
  if (isPending) return <Loader />;
  if (error || !topic) return <Alert color="red">{error?.message}</Alert>;
  const quote = (p: PostView) =>
    setReply(
      `${reply}${reply ? '\n\n' : ''}> **@${p.author.name}** :\n${p.markdown
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n')}\n\n`,
    );
  const follow = async () => {
    try {
      await (topic.following ? api.delete(`/api/community/topics/${topic.id}/follow`) : put(`/api/community/topics/${topic.id}/follow`));
      await refresh(['topic', topic.id]);
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack gap="md" maw={860}>
      <Text size="sm" c="dimmed">
        <Anchor component={Link} to="/communaute">
          {t('community.brand')}
        </Anchor>{' '}
        ›{' '}
        <Anchor component={Link} to={`/communaute/c/${topic.category.slug}`}>
          {topic.category.name}
        </Anchor>
      </Text>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Text component="h1" fz={{ base: 22, sm: 28 }} fw={700} m={0} data-testid="topic-title" style={{ flex: 1, minWidth: 0 }}>
          {topic.title}
        </Text>
        {me?.member ? (
          <Button variant={topic.following ? 'light' : 'default'} size="xs" onClick={() => void follow()} data-testid="follow">
            {topic.following ? t('community.following') : t('community.follow')}
          </Button>
        ) : null}
      </Group>
      <Group gap="xs">
        <Badge variant="light">{t(`community.kind.${topic.kind}`)}</Badge>
        {topic.solved ? (
          <Badge color="green" variant="light">
            {t('community.solved')}
          </Badge>
        ) : null}
        {topic.group ? <Badge color="grape">{topic.group.name}</Badge> : null}
      </Group>
      {topic.posts.map((p) => (
        <PostCard key={p.id} post={p} topicId={topic.id} canAccept={topic.canAccept} onQuote={quote} />
      ))}
      <Notices notices={notices} />
      {topic.canReply ? (
        <Card withBorder radius="md" padding="md">
          <Composer
            draftKey={`topic-${topic.id}`}
            value={reply}
            onChange={setReply}
            onSubmit={async (body) => {
              const outcome = await replyToTopic(topic.id, body);
              setNotices(outcome.notices);
              await refresh(['topic', topic.id]);
            }}
          />
        </Card>
      ) : me?.needsPseudonym ? (
        <Button component={Link} to="/communaute/rejoindre">
          {t('community.join.submit')}
        </Button>
      ) : (
        <Alert color="blue" data-testid="read-only">
          {t('community.readOnly')}{' '}
          <Anchor component={Link} to={`/communaute/connexion?retour=${encodeURIComponent(topic.url)}`}>
            {t('community.signInToReply')}
          </Anchor>
        </Alert>
      )}
    </Stack>
  );
}
