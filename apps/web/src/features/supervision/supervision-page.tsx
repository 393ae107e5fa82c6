import '@mantine/charts/styles.css';
import type { SupervisionOverview } from '@agora/contracts/supervision.schema.ts';
import { BarChart, DonutChart } from '@mantine/charts';
import { Alert, Badge, Box, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/http-client.ts';
import { useIntentLabel } from '../inbox/signals.tsx';

const WORDS = {
  fr: {
    title: 'Supervision',
    subtitle: 'Chiffres en direct, mis à jour toutes les 30 secondes et à chaque événement.',
    slaToday: 'SLA 1re réponse — aujourd’hui',
    slaWeek: 'SLA 1re réponse — cette semaine',
    within: 'dans les délais',
    breached: 'hors délai',
    running: 'en cours',
    noSla: 'Aucun délai échu sur la période.',
    queues: 'Files par équipe (conversations ouvertes)',
    unassigned: 'Non attribuées',
    assigned: 'Attribuées',
    agents: 'Charge des agents',
    agent: 'Agent',
    open: 'Ouvertes',
    capacity: 'Capacité',
    status: 'Statut',
    statuses: { available: 'disponible', away: 'absent', offline: 'hors ligne' },
    firstResponse: 'Délai de 1re réponse (cette semaine)',
    firstResponseNote: 'Temps réel écoulé (horaires d’ouverture non déduits). Conversations répondues : {{count}}.',
    dissatisfaction: 'Principaux motifs d’insatisfaction (7 derniers jours)',
    dissatisfactionNote: 'Messages reçus au sentiment négatif, par intention.',
    noDissatisfaction: 'Aucun message négatif cette semaine.',
    volume: 'Messages reçus par heure (aujourd’hui)',
    messages: 'Messages',
  },
  en: {
    title: 'Supervision',
    subtitle: 'Live figures, refreshed every 30 seconds and on every event.',
    slaToday: 'First-reply SLA — today',
    slaWeek: 'First-reply SLA — this week',
    within: 'on time',
    breached: 'late',
    running: 'running',
    noSla: 'No deadline has passed in this period.',
    queues: 'Queues per team (open conversations)',
    unassigned: 'Unassigned',
    assigned: 'Assigned',
    agents: 'Agents’ load',
    agent: 'Agent',
    open: 'Open',
    capacity: 'Capacity',
    status: 'Status',
    statuses: { available: 'available', away: 'away', offline: 'offline' },
    firstResponse: 'First-reply time (this week)',
    firstResponseNote: 'Wall-clock time (opening hours not deducted). Answered conversations: {{count}}.',
    dissatisfaction: 'Top reasons of dissatisfaction (last 7 days)',
    dissatisfactionNote: 'Inbound messages with a negative sentiment, by intent.',
    noDissatisfaction: 'No negative message this week.',
    volume: 'Inbound messages per hour (today)',
    messages: 'Messages',
  },
};

/** 95 s → "1 min 35 s", 5400 s → "1 h 30 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

function Card({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Text fw={600} mb="sm">
        {title}
      </Text>
      {children}
    </Paper>
  );
}

function SlaCard({ title, figures, w }: { title: string; figures: SupervisionOverview['sla']['today']; w: (typeof WORDS)['fr'] }) {
  const share = figures.share === null ? null : Math.round(figures.share * 100);
  return (
    <Card title={title} testId="sla-card">
      <Group wrap="nowrap" align="center">
        <DonutChart
          size={120}
          thickness={18}
          withTooltip={false}
          chartLabel={share === null ? '—' : `${share} %`}
          data={
            figures.settled
              ? [
                  { name: w.within, value: figures.within, color: 'teal.6' },
                  { name: w.breached, value: figures.breached, color: 'red.6' },
                ]
              : [{ name: w.noSla, value: 1, color: 'gray.3' }]
          }
        />
        <Stack gap={4}>
          <Text size="sm">
            <b>{figures.within}</b> {w.within}
          </Text>
          <Text size="sm" c={figures.breached ? 'red.7' : undefined}>
            <b>{figures.breached}</b> {w.breached}
          </Text>
          <Text size="sm" c="dimmed">
            <b>{figures.running}</b> {w.running}
          </Text>
          {!figures.settled && (
            <Text size="xs" c="dimmed">
              {w.noSla}
            </Text>
          )}
        </Stack>
      </Group>
    </Card>
  );
}

/** The supervisors' dashboard; the query key sits under ['conversations'] so live events refresh it. */
export function SupervisionPage() {
  const { i18n } = useTranslation();
  const w = i18n.language?.startsWith('en') ? WORDS.en : WORDS.fr;
  const intentLabel = useIntentLabel();
  const query = useQuery({
    queryKey: ['conversations', 'supervision'],
    queryFn: ({ signal }) => api.get<SupervisionOverview>('/api/supervision/overview', signal),
    refetchInterval: 30_000,
  });
  const o = query.data;
  return (
    <Box p="lg" maw={1280} mx="auto">
      <Title order={1} size="h2">
        {w.title}
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        {w.subtitle}
      </Text>
      {query.isLoading && <Loader />}
      {query.isError && <Alert color="red">{(query.error as Error).message}</Alert>}
      {o && (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <SlaCard title={w.slaToday} figures={o.sla.today} w={w} />
            <SlaCard title={w.slaWeek} figures={o.sla.week} w={w} />
            <Card title={w.firstResponse} testId="first-response-card">
              <Group gap="xl">
                <div>
                  <Text size="xs" c="dimmed">
                    p50
                  </Text>
                  <Text size="xl" fw={700} data-testid="p50">
                    {formatDuration(o.firstResponse.p50Seconds)}
                  </Text>
                </div>
                <div>
                  <Text size="xs" c="dimmed">
                    p90
                  </Text>
                  <Text size="xl" fw={700} data-testid="p90">
                    {formatDuration(o.firstResponse.p90Seconds)}
                  </Text>
                </div>
              </Group>
              <Text size="xs" c="dimmed" mt="sm">
                {w.firstResponseNote.replace('{{count}}', String(o.firstResponse.count))}
              </Text>
            </Card>
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card title={w.queues} testId="queues-card">
              <BarChart
                h={220}
                data={o.queues.map((q) => ({ team: q.teamName, [w.unassigned]: q.unassigned, [w.assigned]: q.assigned }))}
                dataKey="team"
                type="stacked"
                withLegend
                series={[
                  { name: w.unassigned, color: 'orange.6' },
                  { name: w.assigned, color: 'blue.6' },
                ]}
              />
            </Card>
            <Card title={w.dissatisfaction} testId="dissatisfaction-card">
              {o.dissatisfaction.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {w.noDissatisfaction}
                </Text>
              ) : (
                <BarChart
                  h={Math.max(160, o.dissatisfaction.length * 34)}
                  data={o.dissatisfaction.map((d) => ({ intent: intentLabel(d.intent), [w.messages]: d.count }))}
                  dataKey="intent"
                  orientation="vertical"
                  yAxisProps={{ width: 190 }}
                  series={[{ name: w.messages, color: 'red.6' }]}
                />
              )}
              <Text size="xs" c="dimmed" mt="xs">
                {w.dissatisfactionNote}
              </Text>
            </Card>
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card title={w.agents} testId="agents-card">
              {o.agents.length > 0 && (
                <BarChart
                  h={Math.max(140, o.agents.length * 34)}
                  data={o.agents.map((a) => ({
                    agent: a.displayName,
                    [w.open]: a.open,
                    ...(a.capacity !== null ? { [w.capacity]: a.capacity } : {}),
                  }))}
                  dataKey="agent"
                  orientation="vertical"
                  yAxisProps={{ width: 140 }}
                  series={[
                    { name: w.open, color: 'blue.6' },
                    ...(o.agents.some((a) => a.capacity !== null) ? [{ name: w.capacity, color: 'gray.4' }] : []),
                  ]}
                />
              )}
              <Table mt="sm" verticalSpacing={4} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{w.agent}</Table.Th>
                    <Table.Th>{w.open}</Table.Th>
                    <Table.Th>{w.capacity}</Table.Th>
                    <Table.Th>{w.status}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {o.agents.map((a) => (
                    <Table.Tr key={a.userId}>
                      <Table.Td>{a.displayName}</Table.Td>
                      <Table.Td>{a.open}</Table.Td>
                      <Table.Td>{a.capacity ?? '—'}</Table.Td>
                      <Table.Td>
                        {a.status ? (
                          <Badge
                            size="sm"
                            variant="light"
                            color={a.status === 'available' ? 'teal' : a.status === 'away' ? 'yellow' : 'gray'}
                          >
                            {w.statuses[a.status]}
                          </Badge>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <Card title={w.volume} testId="volume-card">
              <BarChart
                h={260}
                data={o.volumeByHour.map((v) => ({ hour: `${v.hour} h`, [w.messages]: v.inbound }))}
                dataKey="hour"
                series={[{ name: w.messages, color: 'indigo.6' }]}
              />
            </Card>
          </SimpleGrid>
        </Stack>
      )}
    </Box>
  );
}
