import type { Branch } from '@agora/contracts/appointments.schema.ts';
import { Alert, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDay, useClientBranches } from './appointments.api.ts';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The branch directory of the secure space: addresses, phones and opening hours. */
export function BranchesPage() {
  const { t, i18n } = useTranslation();
  const branches = useClientBranches();
  if (branches.isPending) return <Loader />;
  if (branches.isError) return <Alert color="red">{branches.error.message}</Alert>;
  const holidays = branches.data[0]?.closedOn ?? [];
  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={1} size="h2">
          {t('appointments.branches.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('appointments.branches.intro')}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {branches.data.map((b) => (
          <BranchCard key={b.id} branch={b} />
        ))}
      </SimpleGrid>
      {holidays.length ? (
        <Text size="sm" c="dimmed">
          {t('appointments.branches.holidays')} : {holidays.map((h) => `${formatDay(h.day, i18n.language)} (${h.label})`).join(' · ')}
        </Text>
      ) : null}
    </Stack>
  );
}

function BranchCard({ branch }: { branch: Branch }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" data-testid="branch-card">
      <Text fw={650}>{branch.name}</Text>
      <Text size="sm">{branch.address}</Text>
      <Text size="sm">
        {branch.postalCode} {branch.city}
      </Text>
      {branch.phone ? (
        <Text size="sm" c="dimmed">
          {branch.phone}
        </Text>
      ) : null}
      <Table mt="xs" verticalSpacing={2} fz="sm">
        <Table.Tbody>
          {DAYS.map((day) => (
            <Table.Tr key={day}>
              <Table.Td>{t(`appointments.days.${day}`)}</Table.Td>
              <Table.Td ta="right">
                {branch.weeklyHours[day].length
                  ? branch.weeklyHours[day].map((r) => `${r.start}–${r.end}`).join(', ')
                  : t('appointments.branches.closed')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
