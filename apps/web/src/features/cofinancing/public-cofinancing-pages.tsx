import { Alert, Anchor, Box, Button, Container, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useParams } from 'react-router';
import { LanguageSwitch } from '../../components/app-layout.tsx';
import { BrandMark } from '../../components/brand-mark.tsx';
import { usePublicProject, usePublicProjects } from './cofinancing.api.ts';
import { ProjectCard, ProjectDetails } from './project-details.tsx';

/** Frame of the public co-financing pages (no session needed to read a project). */
export function PublicCofinancingLayout() {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" style={{ background: 'var(--mantine-color-gray-0)' }}>
      <Group justify="space-between" px="lg" py="md" style={{ background: 'white', borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <BrandMark />
        <Group gap="sm">
          <Button component={Link} to="/espace/cofinancement" size="xs" variant="light">
            {t('cofinancing.investFromSpace')}
          </Button>
          <LanguageSwitch />
        </Group>
      </Group>
      <Container size="md" py="lg">
        <Outlet />
      </Container>
    </Box>
  );
}

export function PublicProjectsPage() {
  const { t } = useTranslation();
  const projects = usePublicProjects();
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {t('cofinancing.title')}
        </Title>
        <Text c="dimmed">{t('cofinancing.intro')}</Text>
      </div>
      {projects.isPending ? <Loader size="sm" /> : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {(projects.data ?? []).map((p) => (
          <ProjectCard key={p.id} project={p} to={`/cofinancement/${p.id}`} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function PublicProjectPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const project = usePublicProject(id);
  if (project.isError) return <Alert color="orange">{project.error.message}</Alert>;
  if (!project.data) return <Loader size="sm" />;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/cofinancement" size="sm">
        ← {t('cofinancing.back')}
      </Anchor>
      <ProjectDetails
        project={project.data}
        aside={
          project.data.status === 'published' ? (
            <Group>
              <Button component={Link} to={`/espace/cofinancement/${project.data.id}`} data-testid="invest-from-space">
                {t('cofinancing.investFromSpace')}
              </Button>
            </Group>
          ) : null
        }
      />
    </Stack>
  );
}
