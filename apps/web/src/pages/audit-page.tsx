import { Alert, Box, Button, Code, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../components/relative-time.tsx';
import { useAuditLog } from '../features/audit/audit.api.ts';

const UUID = /\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** Ids are long and alike: show their first 8 characters (the full text stays in the tooltip). */
function shortenIds(text: string) {
  return text.replace(UUID, '$1…');
}

function formatDetails(details: Record<string, unknown>) {
  const entries = Object.entries(details);
  if (entries.length === 0) return '—';
  return entries.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' · ');
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const audit = useAuditLog();
  const items = audit.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Box p="lg" maw={1280} mx="auto">
      <Title order={1} size="h2">
        {t('audit.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        {t('audit.subtitle')}
      </Text>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        {audit.isPending ? (
          <Group justify="center" p="xl">
            <Loader />
          </Group>
        ) : audit.isError ? (
          <Alert color="red" m="md">
            {audit.error.message}
          </Alert>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table striped verticalSpacing="xs" data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={170}>{t('audit.date')}</Table.Th>
                  <Table.Th>{t('audit.who')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.target')}</Table.Th>
                  <Table.Th>{t('audit.details')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Text c="dimmed" ta="center">
                        {t('audit.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ) : null}
                {items.map((entry) => (
                  <Table.Tr key={entry.id} data-testid="audit-row">
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.actorLabel}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{entry.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" title={entry.targetId ?? undefined} style={{ whiteSpace: 'nowrap' }}>
                        {entry.targetType ? `${entry.targetType}${entry.targetId ? ` · ${shortenIds(entry.targetId)}` : ''}` : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }} title={formatDetails(entry.details)}>
                        {shortenIds(formatDetails(entry.details))}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {audit.hasNextPage ? (
        <Group justify="center" mt="md">
          <Button
            variant="light"
            onClick={() => void audit.fetchNextPage()}
            loading={audit.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            {t('common.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Box>
  );
}
