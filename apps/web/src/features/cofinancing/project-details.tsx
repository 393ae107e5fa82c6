import type { ProjectView } from '@agora/contracts/cofinancing.schema.ts';
import { Alert, Anchor, Badge, Card, Group, List, Progress, SimpleGrid, Spoiler, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconMessages } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatEuros, formatRate, useProjectDiscussion } from './cofinancing.api.ts';

const STATUS_COLOR: Record<ProjectView['status'], string> = {
  draft: 'gray',
  published: 'blue',
  funded: 'teal',
  failed: 'gray',
  repaying: 'teal',
  repaid: 'green',
  late: 'orange',
  defaulted: 'red',
};

export function ProjectStatusBadge({ status }: { status: ProjectView['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={{ flex: 'none' }} data-testid="project-status">
      {t(`cofinancing.status.${status}`)}
    </Badge>
  );
}

export const formatDate = (iso: string, language: string) =>
  new Date(iso).toLocaleDateString(language === 'en' ? 'en-GB' : 'fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Paris',
  });

/** Date and hour: a reflection period ends at the minute, not at midnight. */
export const formatDateTime = (iso: string, language: string) =>
  new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  });

/** Progress bar and the figures under it: raised of target, investors, deadline. */
export function ProjectProgress({ project }: { project: ProjectView }) {
  const { t, i18n } = useTranslation();
  const percent = Math.min(100, Math.floor((project.raisedCents * 100) / project.targetCents));
  return (
    <Stack gap={4}>
      <Progress value={percent} size="lg" radius="xl" aria-label={`${percent} %`} data-testid="project-progress" />
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600} data-testid="project-raised">
          {t('cofinancing.raised', {
            raised: formatEuros(project.raisedCents, i18n.language),
            target: formatEuros(project.targetCents, i18n.language),
          })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('cofinancing.investors', { count: project.investorCount })} ·{' '}
          {t('cofinancing.deadline', { date: formatDate(project.deadlineAt, i18n.language) })}
        </Text>
      </Group>
    </Stack>
  );
}

/** A card of the project list. */
export function ProjectCard({ project, to }: { project: ProjectView; to: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" data-testid="project-card">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={to} fw={700} size="lg">
              {project.title}
            </Anchor>
            <Text size="sm" c="dimmed">
              {project.borrowerName} · {t(`cofinancing.kind.${project.borrowerKind}`)}
            </Text>
          </div>
          <ProjectStatusBadge status={project.status} />
        </Group>
        <Text size="sm" lineClamp={2}>
          {project.purpose}
        </Text>
        <Group gap="xs">
          {project.criteria.map((c) => (
            <Badge key={c.key} variant="outline" color="teal" size="sm">
              {c.label}
            </Badge>
          ))}
          <Badge variant="light" color="gray" size="sm">
            {project.rateBp === 0 ? t('cofinancing.solidarity') : `${t('cofinancing.rate')} ${formatRate(project.rateBp, i18n.language)}`}
          </Badge>
        </Group>
        <ProjectProgress project={project} />
      </Stack>
    </Card>
  );
}

/** The public page of a project: story, criteria met with evidence, progress, terms, impact, comments. */
export function ProjectDetails({ project, aside }: { project: ProjectView; aside?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const facts: [string, string][] = [
    [t('cofinancing.sought'), formatEuros(project.amountSoughtCents, i18n.language)],
    [t('cofinancing.bankShare'), formatEuros(project.bankShareCents, i18n.language)],
    [t('cofinancing.crowd'), formatEuros(project.targetCents, i18n.language)],
    [t('cofinancing.rate'), project.rateBp === 0 ? t('cofinancing.solidarity') : formatRate(project.rateBp, i18n.language)],
    [t('cofinancing.duration'), t('cofinancing.months', { count: project.durationMonths })],
    [t('cofinancing.risk'), project.riskGrade],
  ];
  return (
    <Stack gap="lg">
      <div>
        <Group gap="sm" align="center">
          <Title order={1} size="h2" data-testid="project-title">
            {project.title}
          </Title>
          <ProjectStatusBadge status={project.status} />
        </Group>
        <Text c="dimmed">
          {project.borrowerName} · {t(`cofinancing.kind.${project.borrowerKind}`)}
        </Text>
      </div>
      <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="risk-banner">
        {t('cofinancing.riskBanner')}
      </Alert>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Text>{project.purpose}</Text>
          <ProjectProgress project={project} />
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
            {facts.map(([label, value]) => (
              <div key={label}>
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fw={600}>{value}</Text>
              </div>
            ))}
          </SimpleGrid>
        </Stack>
      </Card>
      {aside}
      {project.story ? (
        <section>
          <Title order={2} size="h4" mb="xs">
            {t('cofinancing.story')}
          </Title>
          <Text style={{ whiteSpace: 'pre-line' }}>{project.story}</Text>
        </section>
      ) : null}
      <section>
        <Title order={2} size="h4" mb="xs">
          {t('cofinancing.criteria')}
        </Title>
        <Stack gap="xs" data-testid="project-criteria">
          {project.criteria.map((c) => (
            <Card key={c.key} withBorder radius="sm" padding="sm">
              <Text fw={600}>{c.label}</Text>
              <Text size="sm" c="dimmed">
                {t('cofinancing.evidence')} : {c.evidence}
              </Text>
            </Card>
          ))}
        </Stack>
      </section>
      {project.infoSheet ? (
        <section>
          <Title order={2} size="h4" mb="xs">
            {t('cofinancing.infoSheet')}
          </Title>
          <Spoiler maxHeight={72} showLabel="+" hideLabel="−">
            <Text size="sm" style={{ whiteSpace: 'pre-line' }} data-testid="info-sheet">
              {project.infoSheet}
            </Text>
          </Spoiler>
        </section>
      ) : null}
      {project.documents.length ? (
        <section>
          <Title order={2} size="h4" mb="xs">
            {t('cofinancing.documents')}
          </Title>
          <List size="sm">
            {project.documents.map((d) => (
              <List.Item key={d.url}>
                <Anchor href={d.url} target="_blank" rel="noopener noreferrer">
                  {d.name}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </section>
      ) : null}
      <section>
        <Title order={2} size="h4" mb="xs">
          {t('cofinancing.impact')}
        </Title>
        {project.impactReports.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('cofinancing.noImpact')}
          </Text>
        ) : (
          <Stack gap="xs">
            {project.impactReports.map((r) => (
              <Card key={r.id} withBorder radius="sm" padding="sm">
                <Group justify="space-between">
                  <Text fw={600}>{r.title}</Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(r.createdAt, i18n.language)}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                  {r.body}
                </Text>
              </Card>
            ))}
          </Stack>
        )}
      </section>
      {project.topicUrl ? <ProjectComments projectId={project.id} /> : null}
      {project.topicUrl ? (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconMessages size={18} style={{ flex: 'none', marginTop: 3 }} color="var(--mantine-color-bank-6)" />
          <Anchor component={Link} to={project.topicUrl} data-testid="project-comments">
            {t('cofinancing.comments')}
          </Anchor>
        </Group>
      ) : null}
    </Stack>
  );
}

/** The latest comments of the project's community topic (the bank's opening post left out). */
function ProjectComments({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const discussion = useProjectDiscussion(projectId, true);
  const replies = (discussion.data?.posts ?? []).filter((p) => p.number > 1 && p.status === 'published');
  return (
    <section data-testid="project-discussion">
      <Title order={2} size="h4" mb="xs">
        {t('cofinancing.discussion', { count: replies.length })}
      </Title>
      {replies.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('cofinancing.noComment')}
        </Text>
      ) : (
        <Stack gap="xs">
          {replies.slice(-3).map((p) => (
            <Card key={p.id} withBorder radius="sm" padding="sm">
              <Group justify="space-between" gap="xs">
                <Text size="sm" fw={600}>
                  {p.author.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDate(p.createdAt, i18n.language)}
                </Text>
              </Group>
              <Text size="sm" lineClamp={4} style={{ whiteSpace: 'pre-line' }}>
                {p.markdown}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
    </section>
  );
}
