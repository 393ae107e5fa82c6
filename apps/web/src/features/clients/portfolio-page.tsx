import type { PortfolioRow, Segment } from '@agora/contracts/client-360.schema.ts';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  NativeSelect,
  Pagination,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RelativeTime } from '../../components/relative-time.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { type PortfolioFilters, usePortfolio, usePortfolioAdvisors } from './clients.api.ts';
import { CreateClientModal } from './create-client-modal.tsx';
import { SegmentBadge } from './segment-badge.tsx';

const BANK_WIDE = ['supervisor', 'compliance', 'admin'];

function WaitingCell({ row }: { row: PortfolioRow }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      {row.breached ? (
        <Badge color="red" variant="filled" size="sm" leftSection={<IconAlertTriangle size={12} />}>
          {t('clients.portfolio.late')}
        </Badge>
      ) : null}
      {row.waiting > 0 ? (
        <Badge color="orange" variant="light" size="sm" data-testid="portfolio-waiting">
          {t('clients.portfolio.waitingCount', { count: row.waiting })}
        </Badge>
      ) : null}
      {row.unread > 0 ? (
        <Badge color="bank" variant="light" size="sm" data-testid="portfolio-unread">
          {t('clients.portfolio.unreadCount', { count: row.unread })}
        </Badge>
      ) : null}
    </Group>
  );
}

/** The advisor's clients, what waits for them first; bank-wide roles look at any advisor's portfolio. */
export function PortfolioPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const bankWide = BANK_WIDE.includes(me.role);
  const advisors = usePortfolioAdvisors();
  const [advisorId, setAdvisorId] = useState<string>('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [filter, setFilter] = useState<PortfolioFilters['filter']>('all');
  const [segment, setSegment] = useState<Segment | ''>('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    if (bankWide && !advisorId && advisors.data?.[0]) setAdvisorId(advisors.data[0].id);
  }, [bankWide, advisorId, advisors.data]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts on the first page.
  useEffect(() => setPage(1), [advisorId, q, filter, segment]);

  const filters: PortfolioFilters = {
    filter,
    page,
    ...(q ? { q } : {}),
    ...(segment ? { segment } : {}),
    ...(bankWide && advisorId ? { advisorId } : {}),
  };
  const ready = !bankWide || !!advisorId || q.length >= 2;
  const portfolio = usePortfolio(filters, ready);
  const data = portfolio.data;

  return (
    <Box p="lg" maw={1280} mx="auto">
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            {t('clients.portfolio.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('clients.portfolio.subtitle')}
          </Text>
        </div>
        {me.role === 'advisor' || me.role === 'admin' ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-client">
            {t('clients.portfolio.newClient')}
          </Button>
        ) : null}
      </Group>
      <Paper withBorder p="sm" mb="md">
        <Group gap="sm" wrap="wrap" align="flex-end">
          {bankWide ? (
            <NativeSelect
              label={t('clients.portfolio.advisor')}
              value={advisorId}
              onChange={(e) => setAdvisorId(e.currentTarget.value)}
              data={[
                { value: '', label: t('clients.portfolio.searchBankWide') },
                ...(advisors.data ?? []).map((a) => ({ value: a.id, label: a.displayName })),
              ]}
              data-testid="portfolio-advisor"
            />
          ) : null}
          <TextInput
            label={t('clients.portfolio.search')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            data-testid="portfolio-search"
          />
          <SegmentedControl
            value={filter}
            onChange={(v) => setFilter(v as PortfolioFilters['filter'])}
            data={[
              { value: 'all', label: t('clients.portfolio.all') },
              { value: 'unread', label: t('clients.portfolio.unread') },
              { value: 'due', label: t('clients.portfolio.due') },
            ]}
            data-testid="portfolio-filter"
          />
          <NativeSelect
            aria-label={t('clients.c360.segment')}
            value={segment}
            onChange={(e) => setSegment(e.currentTarget.value as Segment | '')}
            data={[
              { value: '', label: t('clients.portfolio.anySegment') },
              ...(['social', 'web', 'silent'] as const).map((s) => ({ value: s, label: t(`clients.segment.${s}`) })),
            ]}
            data-testid="portfolio-segment"
          />
        </Group>
      </Paper>
      {!ready ? <Alert color="blue">{t('clients.portfolio.chooseAdvisor')}</Alert> : null}
      {portfolio.isError ? <Alert color="red">{portfolio.error.message}</Alert> : null}
      {ready && portfolio.isPending ? <Loader /> : null}
      {data && data.rows.length === 0 ? <Alert color="gray">{t('clients.portfolio.empty')}</Alert> : null}
      {data && data.rows.length > 0 ? (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" data-testid="portfolio-total">
            {t('clients.portfolio.total', { count: data.total })}
          </Text>
          <Paper withBorder style={{ overflowX: 'auto' }}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="portfolio-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('clients.portfolio.cols.client')}</Table.Th>
                  <Table.Th>{t('clients.portfolio.cols.segment')}</Table.Th>
                  <Table.Th>{t('clients.portfolio.cols.waiting')}</Table.Th>
                  <Table.Th>{t('clients.portfolio.cols.due')}</Table.Th>
                  <Table.Th>{t('clients.portfolio.cols.activity')}</Table.Th>
                  <Table.Th>{t('clients.portfolio.cols.space')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((row) => (
                  <Table.Tr key={row.id} data-testid="portfolio-row" data-client-id={row.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/clients/${row.id}`} fw={600} data-testid="portfolio-client-link">
                        {row.lastName.toUpperCase()} {row.firstName}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {row.email ?? '—'}
                        {bankWide && row.advisor ? ` · ${row.advisor.displayName}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <SegmentBadge segment={row.segment} />
                    </Table.Td>
                    <Table.Td>
                      <WaitingCell row={row} />
                    </Table.Td>
                    <Table.Td>
                      {row.dueAt ? (
                        <Text size="sm" c={row.breached ? 'red' : undefined}>
                          <RelativeTime iso={row.dueAt} />
                        </Text>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>{row.lastActivityAt ? <RelativeTime iso={row.lastActivityAt} /> : '—'}</Table.Td>
                    <Table.Td>
                      <Badge variant="dot" color={row.spaceStatus === 'active' ? 'teal' : 'gray'} size="sm">
                        {t(`clients.space.${row.spaceStatus}`)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {data.total > data.pageSize ? (
            <Pagination value={page} onChange={setPage} total={Math.ceil(data.total / data.pageSize)} size="sm" />
          ) : null}
        </Stack>
      ) : null}
      {creating ? <CreateClientModal opened onClose={() => setCreating(false)} /> : null}
    </Box>
  );
}
