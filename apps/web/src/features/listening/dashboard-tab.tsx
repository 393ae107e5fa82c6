import '@mantine/charts/styles.css';
import type { ListeningAuthor, ListeningDashboard } from '@agora/contracts/listening.schema.ts';
import { AreaChart, BarChart, DonutChart, LineChart } from '@mantine/charts';
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useIntentLabel } from '../inbox/signals.tsx';
import { csvUrl, filtersOf, reportUrl, useDashboard } from './listening.api.ts';

const PALETTE = ['blue.6', 'orange.6', 'grape.6', 'teal.6', 'pink.6', 'gray.6'];

function Card({ title, children, testId, extra }: { title: string; children: ReactNode; testId: string; extra?: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Text fw={600}>{title}</Text>
        {extra}
      </Group>
      {children}
    </Paper>
  );
}

function Kpi({ label, value, help, testId }: { label: string; value: string; help?: string; testId: string }) {
  const body = (
    <Paper withBorder radius="md" p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Paper>
  );
  return help ? (
    <Tooltip label={help} multiline w={260}>
      {body}
    </Tooltip>
  ) : (
    body
  );
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);

export function DashboardTab() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const filters = filtersOf(params);
  const dashboard = useDashboard(filters);
  const intentLabel = useIntentLabel();
  const nf = new Intl.NumberFormat(i18n.language);
  if (dashboard.isLoading) return <Loader />;
  if (dashboard.error || !dashboard.data) return <Alert color="red">{(dashboard.error as Error | null)?.message}</Alert>;
  const d: ListeningDashboard = dashboard.data;
  const drill = (extra: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(extra)) next.set(k, v);
    return `/listening/mentions?${next}`;
  };
  const dateFormat = new Intl.DateTimeFormat(
    i18n.language,
    d.grain === 'minute'
      ? { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }
      : d.grain === 'hour'
        ? { day: '2-digit', hour: '2-digit', timeZone: 'Europe/Paris' }
        : { day: '2-digit', month: '2-digit', timeZone: 'Europe/Paris' },
  );
  const series = d.series.map((p) => ({ ...p, label: dateFormat.format(new Date(p.bucket)) }));
  const ratingChannels = [...new Set(d.ratings.map((r) => r.channel))];
  const ratingDays = [...new Set(d.ratings.map((r) => r.bucket))].sort();
  const ratings = ratingDays.map((bucket) => ({
    label: dateFormat.format(new Date(bucket)),
    ...Object.fromEntries(d.ratings.filter((r) => r.bucket === bucket).map((r) => [r.channel, r.average])),
  }));

  return (
    <Stack gap="md" data-testid="listening-dashboard">
      <Group justify="flex-end" gap="xs">
        <Button component="a" href={csvUrl(filters)} variant="default" size="xs" data-testid="export-csv">
          {t('listening.exportCsv')}
        </Button>
        <Button component="a" href={reportUrl()} variant="default" size="xs" data-testid="weekly-report">
          {t('listening.report')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
        <Kpi label={t('listening.kpi.mentions')} value={nf.format(d.totals.mentions)} testId="kpi-mentions" />
        <Kpi
          label={t('listening.kpi.negative')}
          value={pct(d.totals.mentions ? d.totals.negative / d.totals.mentions : null)}
          testId="kpi-negative"
        />
        <Kpi label={t('listening.kpi.reach')} value={nf.format(d.totals.reach)} testId="kpi-reach" />
        <Kpi
          label={t('listening.kpi.responseRate')}
          value={pct(d.responseRate)}
          help={t('listening.kpi.responseHelp')}
          testId="kpi-response"
        />
        <Kpi label={t('listening.kpi.rumours')} value={nf.format(d.totals.rumours)} testId="kpi-rumours" />
      </SimpleGrid>
      <Card
        title={t('listening.charts.volume')}
        testId="chart-volume"
        extra={
          <Anchor component={Link} to={drill({})} size="sm">
            {t('listening.mentions.drill')}
          </Anchor>
        }
      >
        <AreaChart
          h={240}
          data={series}
          dataKey="label"
          type="stacked"
          withDots={false}
          // Minutes are sparse counts: straight steps read truer than a smoothed curve.
          curveType={d.grain === 'minute' ? 'step' : 'monotone'}
          series={[
            { name: 'negative', label: t('signals.sentimentValue.negative'), color: 'red.6' },
            { name: 'neutral', label: t('signals.sentimentValue.neutral'), color: 'gray.5' },
            { name: 'positive', label: t('signals.sentimentValue.positive'), color: 'teal.6' },
          ]}
          withLegend
        />
      </Card>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card title={t('listening.charts.shareOfVoice')} testId="chart-share-of-voice">
          {d.shareOfVoice.some((s) => s.mentions > 0) ? (
            <Group wrap="nowrap" align="center">
              <DonutChart
                size={140}
                thickness={22}
                withTooltip
                data={d.shareOfVoice.map((s, i) => ({ name: s.name, value: s.mentions, color: PALETTE[i % PALETTE.length]! }))}
              />
              <Stack gap={4}>
                {d.shareOfVoice.map((s, i) => {
                  const total = d.shareOfVoice.reduce((a, b) => a + b.mentions, 0);
                  return (
                    <Group key={s.queryId} gap={6} wrap="nowrap">
                      <Badge color={PALETTE[i % PALETTE.length]!.split('.')[0]} variant="filled" size="xs" circle>
                        {' '}
                      </Badge>
                      <Text size="sm">
                        {s.name} — <b>{pct(total ? s.mentions / total : null)}</b>
                      </Text>
                    </Group>
                  );
                })}
              </Stack>
            </Group>
          ) : (
            <Text c="dimmed" size="sm">
              {t('listening.charts.noData')}
            </Text>
          )}
        </Card>
        <Card title={t('listening.charts.dissatisfaction')} testId="chart-dissatisfaction">
          {d.dissatisfaction.length ? (
            <BarChart
              h={Math.max(140, d.dissatisfaction.length * 34)}
              data={d.dissatisfaction.map((r) => ({ intent: intentLabel(r.intent), mentions: r.mentions }))}
              dataKey="intent"
              orientation="vertical"
              yAxisProps={{ width: 190, interval: 0 }}
              series={[{ name: 'mentions', label: t('listening.kpi.mentions'), color: 'red.5' }]}
            />
          ) : (
            <Text c="dimmed" size="sm">
              {t('listening.charts.noData')}
            </Text>
          )}
        </Card>
        <Card title={t('listening.charts.channels')} testId="chart-channels">
          {d.channels.length ? (
            <BarChart
              h={Math.max(140, d.channels.length * 28)}
              data={d.channels.map((c) => ({
                channel: t(`listening.channel.${c.channel}`, { defaultValue: c.channel }),
                mentions: c.mentions,
              }))}
              dataKey="channel"
              orientation="vertical"
              yAxisProps={{ width: 110, interval: 0 }}
              series={[{ name: 'mentions', label: t('listening.kpi.mentions'), color: 'blue.6' }]}
            />
          ) : (
            <Text c="dimmed" size="sm">
              {t('listening.charts.noData')}
            </Text>
          )}
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card title={t('listening.charts.terms')} testId="top-terms">
          {d.topTerms.length ? (
            <Group gap={6}>
              {d.topTerms.map((term) => (
                <Badge
                  key={term.term}
                  component={Link}
                  to={drill({ term: term.term })}
                  variant="light"
                  color={term.negative > term.mentions / 2 ? 'red' : 'blue'}
                  size="lg"
                  style={{ cursor: 'pointer', textTransform: 'none' }}
                >
                  {term.term} · {term.mentions}
                </Badge>
              ))}
            </Group>
          ) : (
            <Text c="dimmed" size="sm">
              {t('listening.charts.noData')}
            </Text>
          )}
        </Card>
        <Card title={t('listening.charts.ratings')} testId="chart-ratings">
          {ratings.length ? (
            <LineChart
              h={180}
              data={ratings}
              dataKey="label"
              yAxisProps={{ domain: [1, 5] }}
              connectNulls
              series={ratingChannels.map((c, i) => ({
                name: c,
                label: t(`listening.channel.${c}`, { defaultValue: c }),
                color: PALETTE[i % PALETTE.length]!,
              }))}
              withLegend
            />
          ) : (
            <Text c="dimmed" size="sm">
              {t('listening.charts.noData')}
            </Text>
          )}
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <AuthorsCard title={t('listening.charts.topAuthors')} authors={d.topAuthors} drill={drill} testId="top-authors" />
        <AuthorsCard title={t('listening.charts.influencers')} authors={d.influencers} drill={drill} testId="influencers" />
      </SimpleGrid>
    </Stack>
  );
}

function AuthorsCard({
  title,
  authors,
  drill,
  testId,
}: {
  title: string;
  authors: ListeningAuthor[];
  drill: (p: Record<string, string>) => string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language);
  return (
    <Card title={title} testId={testId}>
      {authors.length ? (
        <Table.ScrollContainer minWidth={360}>
          <Table striped verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('listening.author.name')}</Table.Th>
                <Table.Th ta="right">{t('listening.author.reach')}</Table.Th>
                <Table.Th ta="right">{t('listening.author.mentions')}</Table.Th>
                <Table.Th ta="right">{t('listening.author.engagement')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {authors.map((a) => (
                <Table.Tr key={a.key}>
                  <Table.Td>
                    <Anchor component={Link} to={drill({ author: a.key })} size="sm">
                      {a.name}
                    </Anchor>
                    {a.handle ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        @{a.handle}
                      </Text>
                    ) : null}
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {t(`listening.channel.${a.channel}`, { defaultValue: a.channel })}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{nf.format(a.reach)}</Table.Td>
                  <Table.Td ta="right">{a.mentions}</Table.Td>
                  <Table.Td ta="right">{nf.format(a.engagement)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Text c="dimmed" size="sm">
          {t('listening.charts.noData')}
        </Text>
      )}
    </Card>
  );
}
