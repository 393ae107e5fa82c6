import type { IdeaListItem, ModerationItemView } from '@agora/contracts/community.schema.ts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, apiRequest } from '../../api/http-client.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useCommunityLive, useEvents, useGroups, useIdeas, useModerationQueue } from './community.api.ts';
import { SafeHtml } from './community-ui.tsx';
import { STATUS_COLORS } from './ideas-pages.tsx';

const put = (path: string, body: unknown) => apiRequest(path, { method: 'PUT', body });

function ModerationCard({ item }: { item: ModerationItemView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [silence, setSilence] = useState(false);
  const decide = async (decision: string) => {
    try {
      await api.post(`/api/community/moderation/${item.id}`, { decision, ...(silence ? { silenceDays: 7 } : {}) });
      await queryClient.invalidateQueries({ queryKey: ['community-staff', 'moderation'] });
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Card withBorder radius="md" data-testid="moderation-item" data-reason={item.reason}>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Stack gap={6} style={{ gridColumn: 'span 2' }}>
          <Group gap="xs">
            <Badge color={item.reason === 'insult' ? 'red' : item.reason === 'personal_data' ? 'orange' : 'blue'}>
              {t(`community.staff.reasons.${item.reason}`)}
            </Badge>
            {item.detail ? (
              <Text size="xs" c="dimmed">
                {item.detail}
              </Text>
            ) : null}
            <Badge variant="outline" color="gray">
              {t(`community.postStatus.${item.post.status}`)}
            </Badge>
          </Group>
          <Text size="sm">
            <b>{item.author.pseudonym}</b>
            {item.author.trustLevel !== null ? ` · niveau ${item.author.trustLevel}` : ''} ·{' '}
            <Anchor component={Link} to={item.topic.url} target="_blank">
              {item.topic.title}
            </Anchor>
          </Text>
          <Paper withBorder p="xs" radius="sm" bg="gray.0">
            <SafeHtml html={item.post.html} small />
          </Paper>
          {item.flags.map((f) => (
            <Text key={`${f.by}-${f.at}`} size="xs" c="dimmed">
              {t(`community.flagReasons.${f.reason}`)} — {f.by}
              {f.note ? ` : ${f.note}` : ''}
            </Text>
          ))}
          <Group gap="xs">
            <Button
              size="xs"
              color="green"
              onClick={() => void decide(item.reason === 'flags' ? 'dismiss_flags' : 'publish')}
              data-testid="decide-publish"
            >
              {t(
                item.reason === 'flags'
                  ? 'community.staff.decisions.dismiss_flags'
                  : item.post.status === 'published'
                    ? 'community.staff.decisions.checked'
                    : 'community.staff.decisions.publish',
              )}
            </Button>
            <Button size="xs" color="orange" variant="light" onClick={() => void decide('keep_hidden')} data-testid="decide-hide">
              {t('community.staff.decisions.keep_hidden')}
            </Button>
            <Button size="xs" color="red" variant="subtle" onClick={() => void decide('delete')}>
              {t('community.staff.decisions.delete')}
            </Button>
            <Checkbox
              size="xs"
              label={t('community.staff.silence')}
              checked={silence}
              onChange={(e) => setSilence(e.currentTarget.checked)}
            />
          </Group>
        </Stack>
        <Alert
          color="gray"
          variant="light"
          icon={<IconScale size={18} />}
          title={t('community.staff.policy')}
          data-testid="moderation-policy"
        >
          {item.policy}
        </Alert>
      </SimpleGrid>
    </Card>
  );
}

function ModerationTab() {
  const { t } = useTranslation();
  const { data: items } = useModerationQueue('open');
  return (
    <Stack gap="sm">
      {(items ?? []).length === 0 ? <Text c="dimmed">{t('community.staff.queueEmpty')}</Text> : null}
      {(items ?? []).map((item) => (
        <ModerationCard key={item.id} item={item} />
      ))}
    </Stack>
  );
}

function IdeaRow({ idea, all }: { idea: IdeaListItem; all: IdeaListItem[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const [response, setResponse] = useState('');
  const [mergeInto, setMergeInto] = useState<string | null>(null);
  const [whatChanged, setWhatChanged] = useState('');
  return (
    <Card withBorder radius="md" data-testid="staff-idea">
      <Group justify="space-between">
        <Anchor component={Link} to={idea.url} fw={600}>
          {idea.title}
        </Anchor>
        <Group gap="xs">
          <Badge color={STATUS_COLORS[idea.status]}>{t(`community.ideas.status.${idea.status}`)}</Badge>
          <Badge variant="outline">{t('community.votes', { count: idea.voteCount })}</Badge>
        </Group>
      </Group>
      {idea.status !== 'launched' && idea.status !== 'already_exists' ? (
        <Stack gap="xs" mt="sm">
          <Select
            placeholder={t('community.staff.changeStatus')}
            value={status}
            onChange={setStatus}
            data={Object.keys(STATUS_COLORS)
              .filter((s) => s !== idea.status && s !== 'new')
              .map((s) => ({ value: s, label: t(`community.ideas.status.${s}`) }))}
            data-testid="idea-new-status"
          />
          {status ? (
            <>
              <Textarea
                label={t('community.staff.response')}
                value={response}
                onChange={(e) => setResponse(e.currentTarget.value)}
                autosize
                minRows={2}
                data-testid="idea-response"
              />
              {status === 'already_exists' ? (
                <Select
                  label={t('community.staff.mergeInto')}
                  value={mergeInto}
                  onChange={setMergeInto}
                  data={all.filter((i) => i.id !== idea.id && i.status !== 'already_exists').map((i) => ({ value: i.id, label: i.title }))}
                />
              ) : null}
              {status === 'launched' ? (
                <Textarea
                  label={t('community.staff.whatChanged')}
                  value={whatChanged}
                  onChange={(e) => setWhatChanged(e.currentTarget.value)}
                  autosize
                  data-testid="idea-what-changed"
                />
              ) : null}
              <Button
                w="fit-content"
                size="xs"
                data-testid="idea-apply"
                onClick={async () => {
                  try {
                    await api.post(`/api/community/ideas/${idea.id}/status`, {
                      status,
                      response,
                      ...(mergeInto ? { mergeIntoId: mergeInto } : {}),
                      ...(whatChanged ? { whatChanged } : {}),
                    });
                    setStatus(null);
                    setResponse('');
                    await queryClient.invalidateQueries({ queryKey: ['client', 'community', 'ideas'] });
                  } catch (e) {
                    notifyError(e);
                  }
                }}
              >
                {t('community.staff.apply')}
              </Button>
            </>
          ) : null}
        </Stack>
      ) : null}
    </Card>
  );
}

function IdeasTab() {
  const { data: ideas } = useIdeas({ sort: 'votes' });
  return (
    <Stack gap="sm">
      {(ideas ?? []).map((idea) => (
        <IdeaRow key={idea.id} idea={idea} all={ideas ?? []} />
      ))}
    </Stack>
  );
}

function EventsTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: events } = useEvents();
  const [form, setForm] = useState({ title: '', description: '', startsAt: '', endsAt: '', streamUrl: '' });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['client', 'community', 'events'] });
  const patch = async (id: string, body: object) => {
    try {
      await api.patch(`/api/community/events/${id}`, body);
      await refresh();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack gap="md">
      {(events ?? []).map((e) => (
        <Card key={e.id} withBorder radius="md" data-testid="staff-event">
          <Group justify="space-between" wrap="wrap">
            <Stack gap={0}>
              <Text fw={600}>{e.title}</Text>
              <Text size="xs" c="dimmed">
                {new Date(e.startsAt).toLocaleString('fr-FR')} · {t('community.events.registrations', { count: e.registrationCount })}
              </Text>
            </Stack>
            <Group gap="xs">
              <Badge>{t(`community.events.status.${e.status}`)}</Badge>
              {e.status === 'scheduled' ? (
                <Button size="xs" color="red" onClick={() => void patch(e.id, { status: 'live' })} data-testid="event-go-live">
                  {t('community.staff.goLive')}
                </Button>
              ) : null}
              {e.status === 'live' ? (
                <Button size="xs" variant="default" onClick={() => void patch(e.id, { status: 'ended' })}>
                  {t('community.staff.end')}
                </Button>
              ) : null}
              <Button size="xs" variant="light" component={Link} to={`/communaute/evenements/${e.id}`} target="_blank">
                {t('community.staff.openLive')}
              </Button>
            </Group>
          </Group>
        </Card>
      ))}
      <Card withBorder radius="md">
        <Title order={3} size="h5" mb="xs">
          {t('community.staff.newEvent')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('community.title')} value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} />
          <TextInput
            label={t('community.staff.streamUrl')}
            value={form.streamUrl}
            onChange={(e) => setForm({ ...form, streamUrl: e.currentTarget.value })}
          />
          <TextInput
            type="datetime-local"
            label={t('community.staff.startsAt')}
            value={form.startsAt}
            onChange={(e) => setForm({ ...form, startsAt: e.currentTarget.value })}
          />
          <TextInput
            type="datetime-local"
            label={t('community.staff.endsAt')}
            value={form.endsAt}
            onChange={(e) => setForm({ ...form, endsAt: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Textarea
          label={t('community.staff.description')}
          value={form.description}
          onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
          mt="xs"
        />
        <Button
          mt="sm"
          onClick={async () => {
            try {
              await api.post('/api/community/events', {
                title: form.title,
                description: form.description,
                startsAt: new Date(form.startsAt).toISOString(),
                endsAt: new Date(form.endsAt).toISOString(),
                ...(form.streamUrl ? { streamUrl: form.streamUrl } : {}),
              });
              await refresh();
            } catch (e) {
              notifyError(e);
            }
          }}
        >
          {t('community.publish')}
        </Button>
      </Card>
    </Stack>
  );
}

function GroupsTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: groups } = useGroups();
  const [name, setName] = useState('');
  const [invitation, setInvitation] = useState(false);
  const [invite, setInvite] = useState<Record<string, string>>({});
  const [announce, setAnnounce] = useState<Record<string, { title: string; body: string }>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['client', 'community', 'groups'] });
  return (
    <Stack gap="md">
      {(groups ?? []).map((g) => (
        <Card key={g.id} withBorder radius="md">
          <Group justify="space-between">
            <Text fw={600}>{g.name}</Text>
            <Badge>
              {t(`community.groups.${g.visibility}`)} · {t('community.groups.members', { count: g.memberCount })}
            </Badge>
          </Group>
          <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs">
            <Group gap="xs" align="flex-end">
              <TextInput
                label={t('community.staff.invite')}
                value={invite[g.slug] ?? ''}
                onChange={(e) => setInvite({ ...invite, [g.slug]: e.currentTarget.value })}
              />
              <Button
                size="xs"
                onClick={async () => {
                  try {
                    await api.post(`/api/community/groups/${g.slug}/invitations`, { pseudonym: invite[g.slug] });
                    notifySuccess(t('community.staff.saved'));
                  } catch (e) {
                    notifyError(e);
                  }
                }}
              >
                OK
              </Button>
            </Group>
            <Stack gap={4}>
              <TextInput
                label={t('community.staff.announce')}
                placeholder={t('community.title')}
                value={announce[g.slug]?.title ?? ''}
                onChange={(e) =>
                  setAnnounce({ ...announce, [g.slug]: { title: e.currentTarget.value, body: announce[g.slug]?.body ?? '' } })
                }
              />
              <Textarea
                value={announce[g.slug]?.body ?? ''}
                onChange={(e) =>
                  setAnnounce({ ...announce, [g.slug]: { title: announce[g.slug]?.title ?? '', body: e.currentTarget.value } })
                }
              />
              <Button
                size="xs"
                w="fit-content"
                onClick={async () => {
                  try {
                    await api.post(`/api/community/groups/${g.slug}/announcements`, announce[g.slug]);
                    notifySuccess(t('community.staff.saved'));
                  } catch (e) {
                    notifyError(e);
                  }
                }}
              >
                {t('community.publish')}
              </Button>
            </Stack>
          </SimpleGrid>
        </Card>
      ))}
      <Group align="flex-end">
        <TextInput label={t('community.staff.newGroup')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Switch label={t('community.groups.invitation')} checked={invitation} onChange={(e) => setInvitation(e.currentTarget.checked)} />
        <Button
          onClick={async () => {
            try {
              await api.post('/api/community/groups', { name, visibility: invitation ? 'invitation' : 'open' });
              setName('');
              await refresh();
            } catch (e) {
              notifyError(e);
            }
          }}
        >
          {t('community.publish')}
        </Button>
      </Group>
    </Stack>
  );
}

interface MemberRow {
  id: string;
  pseudonym: string;
  kind: string;
  trustLevel: number;
  trustLabel: string;
  reputation: number;
  approvedPosts: number;
  acceptedAnswers: number;
  isAmbassador: boolean;
}

function MembersTab() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const { data: members, refetch } = useQuery({
    queryKey: ['community-staff', 'members', q],
    queryFn: () => api.get<MemberRow[]>(`/api/community/members?q=${encodeURIComponent(q)}`),
  });
  const { data: settings, refetch: refetchSettings } = useQuery({
    queryKey: ['community-staff', 'settings'],
    queryFn: () => api.get<{ unansweredMinutes: number }>('/api/community/settings'),
  });
  return (
    <Stack gap="sm">
      {settings ? (
        <Group align="flex-end">
          <NumberInput
            label={t('community.staff.unanswered')}
            defaultValue={settings.unansweredMinutes}
            min={5}
            onBlur={async (e) => {
              try {
                await api.patch('/api/community/settings', { unansweredMinutes: Number(e.currentTarget.value) });
                await refetchSettings();
                notifySuccess(t('community.staff.saved'));
              } catch (err) {
                notifyError(err);
              }
            }}
            w={420}
          />
        </Group>
      ) : null}
      <TextInput placeholder={t('community.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={300} />
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Pseudonyme</Table.Th>
              <Table.Th>{t('community.staff.trustLevel')}</Table.Th>
              <Table.Th>{t('community.profile.reputation')}</Table.Th>
              <Table.Th>{t('community.staff.ambassador')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(members ?? []).map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  {m.pseudonym}{' '}
                  <Text span size="xs" c="dimmed">
                    ({m.kind})
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    w={220}
                    value={String(m.trustLevel)}
                    data={[0, 1, 2, 3].map((l) => ({ value: String(l), label: `${l}` }))}
                    onChange={async (v) => {
                      try {
                        await put(`/api/community/members/${m.id}/trust-level`, { level: Number(v) });
                        await refetch();
                      } catch (e) {
                        notifyError(e);
                      }
                    }}
                  />
                </Table.Td>
                <Table.Td>{m.reputation}</Table.Td>
                <Table.Td>
                  <Switch
                    checked={m.isAmbassador}
                    onChange={async (e) => {
                      try {
                        await put(`/api/community/members/${m.id}/ambassador`, { on: e.currentTarget.checked });
                        await refetch();
                      } catch (err) {
                        notifyError(err);
                      }
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** The community managers' workstation: moderation queue with the policy beside each decision, ideas, events, groups, members. */
export function CommunityStaffPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  useCommunityLive();
  const tab = params.get('onglet') ?? 'moderation';
  return (
    <Stack p="md" gap="md">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('community.staff.title')}
        </Title>
        <Anchor href="/communaute" target="_blank">
          /communaute
        </Anchor>
      </Group>
      <Tabs value={tab} onChange={(v) => setParams({ onglet: v ?? 'moderation' })}>
        <Tabs.List>
          {(['moderation', 'ideas', 'events', 'groups', 'members'] as const).map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`tab-${k}`}>
              {t(`community.staff.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="moderation" pt="md">
          <ModerationTab />
        </Tabs.Panel>
        <Tabs.Panel value="ideas" pt="md">
          <IdeasTab />
        </Tabs.Panel>
        <Tabs.Panel value="events" pt="md">
          <EventsTab />
        </Tabs.Panel>
        <Tabs.Panel value="groups" pt="md">
          <GroupsTab />
        </Tabs.Panel>
        <Tabs.Panel value="members" pt="md">
          <MembersTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
