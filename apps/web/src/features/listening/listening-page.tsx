import { Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import './listening.i18n.ts';
import { AlertsTab } from './alerts-tab.tsx';
import { DashboardTab } from './dashboard-tab.tsx';
import { useListeningQueries } from './listening.api.ts';
import { ListeningFilterBar } from './listening-filters.tsx';
import { MentionsTab } from './mentions-tab.tsx';
import { QueriesTab } from './queries-tab.tsx';
import { SourcesTab } from './sources-tab.tsx';

const TABS = ['dashboard', 'mentions', 'alerts', 'queries', 'sources'] as const;
type Tab = (typeof TABS)[number];

/** /listening (dashboard), /listening/mentions, /alerts, /queries, /sources: filters travel in the URL. */
export function ListeningPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { tab: raw } = useParams();
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'dashboard';
  const queries = useListeningQueries();
  return (
    <Stack gap="md" p="md" maw={1400} mx="auto" w="100%">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('listening.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('listening.subtitle')}
          </Text>
        </div>
      </Group>
      <Tabs
        value={tab}
        onChange={(next) => {
          // The dashboard and the mentions share their filters.
          const keep = (next === 'dashboard' || next === 'mentions') && (tab === 'dashboard' || tab === 'mentions') ? location.search : '';
          void navigate(`/listening${next === 'dashboard' ? '' : `/${next}`}${keep}`);
        }}
      >
        <Tabs.List>
          {TABS.map((name) => (
            <Tabs.Tab key={name} value={name} data-testid={`listening-tab-${name}`}>
              {t(`listening.tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {tab === 'dashboard' || tab === 'mentions' ? <ListeningFilterBar queries={queries.data ?? []} withTerm={tab === 'mentions'} /> : null}
      {tab === 'dashboard' ? <DashboardTab /> : null}
      {tab === 'mentions' ? <MentionsTab /> : null}
      {tab === 'alerts' ? <AlertsTab /> : null}
      {tab === 'queries' ? <QueriesTab /> : null}
      {tab === 'sources' ? <SourcesTab /> : null}
    </Stack>
  );
}
