import type { PledgeView } from '@agora/contracts/cofinancing.schema.ts';
import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { notifyError } from '../../components/notify.ts';
import {
  formatEuros,
  useClientCofinancingMutations,
  useInvestorDashboard,
  useInvestorProfile,
  usePublicProject,
  usePublicProjects,
  useStatement,
} from './cofinancing.api.ts';
import { InvestorOnboarding } from './investor-onboarding.tsx';
import { PledgeForm } from './pledge-form.tsx';
import { formatDate, formatDateTime, ProjectCard, ProjectDetails } from './project-details.tsx';

/** The secure space's co-financing page: open projects, the client's pledges (withdrawal), their statement. */
export function ClientCofinancingPage() {
  const { t } = useTranslation();
  const projects = usePublicProjects();
  return (
    <Stack gap="lg" maw={1000}>
      <div>
        <Title order={1} size="h2" data-testid="cofinancing-title">
          {t('cofinancing.title')}
        </Title>
        <Text c="dimmed">{t('cofinancing.intro')}</Text>
      </div>
      <MyPledges />
      {projects.isPending ? <Loader size="sm" /> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {(projects.data ?? []).map((p) => (
          <ProjectCard key={p.id} project={p} to={`/espace/cofinancement/${p.id}`} />
        ))}
      </SimpleGrid>
      {projects.data?.length === 0 ? <Text c="dimmed">{t('cofinancing.none')}</Text> : null}
      <Statement />
    </Stack>
  );
}

function PledgeRow({ pledge }: { pledge: PledgeView }) {
  const { t, i18n } = useTranslation();
  const { withdraw } = useClientCofinancingMutations();
  const [withdrawn, setWithdrawn] = useState(false);
  return (
    <Card withBorder radius="sm" padding="sm" data-testid="pledge-row">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/espace/cofinancement/${pledge.projectId}`} fw={600}>
            {pledge.projectTitle}
          </Anchor>
          <Text size="xs" c="dimmed">
            {formatDate(pledge.createdAt, i18n.language)}
            {pledge.canWithdraw
              ? ` · ${t('cofinancing.withdrawUntil', { date: formatDateTime(pledge.reflectionEndsAt, i18n.language) })}`
              : ''}
          </Text>
        </div>
        <Group gap="sm" wrap="nowrap">
          <Text fw={650}>{formatEuros(pledge.amountCents, i18n.language)}</Text>
          <Badge variant="light" data-testid="pledge-status">
            {t(`cofinancing.pledgeStatus.${pledge.status}`)}
          </Badge>
          {pledge.canWithdraw ? (
            <Button
              size="xs"
              variant="default"
              loading={withdraw.isPending}
              onClick={() =>
                void withdraw
                  .mutateAsync(pledge.id)
                  .then(() => setWithdrawn(true))
                  .catch(notifyError)
              }
              data-testid="pledge-withdraw"
            >
              {t('cofinancing.withdraw')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {withdrawn ? (
        <Text size="sm" c="teal" mt={6} data-testid="withdrawn-note">
          {t('cofinancing.withdrawn')}
        </Text>
      ) : null}
    </Card>
  );
}

export function MyPledges() {
  const { t } = useTranslation();
  const dashboard = useInvestorDashboard();
  return (
    <section data-testid="my-pledges">
      <Title order={2} size="h4" mb="xs">
        {t('cofinancing.myPledges')}
      </Title>
      {dashboard.data?.pledges.length ? (
        <Stack gap="xs">
          {dashboard.data.pledges.map((p) => (
            <PledgeRow key={p.id} pledge={p} />
          ))}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('cofinancing.noPledges')}
        </Text>
      )}
    </section>
  );
}

function Statement() {
  const { t, i18n } = useTranslation();
  const statement = useStatement();
  return (
    <section>
      <Title order={2} size="h4" mb="xs">
        {t('cofinancing.statement')}
      </Title>
      {statement.data?.length ? (
        <Table.ScrollContainer minWidth={480}>
          <Table striped>
            <Table.Tbody>
              {statement.data.map((l) => (
                <Table.Tr key={`${l.projectTitle}-${l.instalmentNumber}`}>
                  <Table.Td>{l.projectTitle}</Table.Td>
                  <Table.Td>{t('cofinancing.instalment', { number: l.instalmentNumber })}</Table.Td>
                  <Table.Td>{formatDate(l.dueOn, i18n.language)}</Table.Td>
                  <Table.Td>
                    {t('cofinancing.principal')} {formatEuros(l.principalCents, i18n.language)}
                  </Table.Td>
                  <Table.Td>
                    {t('cofinancing.interest')} {formatEuros(l.interestCents, i18n.language)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Text size="sm" c="dimmed">
          {t('cofinancing.noStatement')}
        </Text>
      )}
    </section>
  );
}

/** A project in the secure space: its public page, with the steps before a first pledge, then the pledge form. */
export function ClientProjectPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const project = usePublicProject(id);
  const profile = useInvestorProfile();
  if (project.isError) return <Alert color="orange">{project.error.message}</Alert>;
  if (!project.data || !profile.data) return <Loader size="sm" />;
  const open = project.data.status === 'published';
  return (
    <Stack gap="md" maw={900}>
      <Anchor component={Link} to="/espace/cofinancement" size="sm">
        ← {t('cofinancing.back')}
      </Anchor>
      <ProjectDetails
        project={project.data}
        aside={open ? profile.data.ready ? <PledgeForm project={project.data} /> : <InvestorOnboarding /> : null}
      />
    </Stack>
  );
}
