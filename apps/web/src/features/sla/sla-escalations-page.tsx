import type { SlaEscalation } from '@agora/contracts/sla.schema.ts';
import { Alert, Badge, Box, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/http-client.ts';

const WORDS = {
  fr: {
    title: 'Alertes SLA',
    subtitle: 'Délais de réponse à 80 % (alerte) et dépassés (escalade), les plus récents en premier.',
    empty: 'Aucune alerte : tous les délais sont tenus.',
    level: { warning: 'alerte 80 %', breach: 'dépassé' },
    target: { first: '1re réponse', next: 'réponse suivante', resolution: 'résolution' },
    cols: ['Niveau', 'Délai', 'Échéance', 'Équipe', 'Conversation'],
  },
  en: {
    title: 'SLA alerts',
    subtitle: 'Response times at 80 % (warning) and overdue (escalation), newest first.',
    empty: 'No alert: every deadline is met.',
    level: { warning: '80 % warning', breach: 'overdue' },
    target: { first: 'first reply', next: 'next reply', resolution: 'resolution' },
    cols: ['Level', 'Deadline', 'Due', 'Team', 'Conversation'],
  },
};

/** The supervisors' view of escalations; refreshed by the live events (sla.warning, sla.breached). */
export function SlaEscalationsPage() {
  const { i18n } = useTranslation();
  const en = i18n.language?.startsWith('en');
  const w = en ? WORDS.en : WORDS.fr;
  const query = useQuery({
    queryKey: ['conversations', 'sla-escalations'],
    queryFn: ({ signal }) => api.get<{ items: SlaEscalation[] }>('/api/sla/escalations', signal),
    refetchInterval: 30_000,
  });
  const items = query.data?.items ?? [];
  return (
    <Box p="lg" maw={1280} mx="auto">
      <Title order={1} size="h2">
        {w.title}
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        {w.subtitle}
      </Text>
      {query.isPending ? <Loader /> : null}
      {query.isError ? <Alert color="red">{String(query.error.message)}</Alert> : null}
      {query.isSuccess && items.length === 0 ? <Alert color="green">{w.empty}</Alert> : null}
      {items.length ? (
        <Paper withBorder>
          <Table striped data-testid="sla-escalations">
            <Table.Thead>
              <Table.Tr>
                {w.cols.map((c) => (
                  <Table.Th key={c}>{c}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id} data-testid="sla-escalation" data-level={e.level}>
                  <Table.Td>
                    <Badge color={e.level === 'breach' ? 'red' : 'orange'} variant={e.level === 'breach' ? 'filled' : 'light'}>
                      {w.level[e.level]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{w.target[e.target]}</Table.Td>
                  <Table.Td>
                    {new Date(e.dueAt).toLocaleString(en ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'short' })}
                  </Table.Td>
                  <Table.Td>{e.teamName}</Table.Td>
                  <Table.Td>
                    <Link to={`/inbox/${e.conversationId}`}>{e.excerpt || e.conversationId.slice(0, 8)}</Link>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : null}
    </Box>
  );
}
