import type { StaffProjectView } from '@agora/contracts/cofinancing.schema.ts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  Modal,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useMe } from '../auth/auth.api.ts';
import { formatEuros, useCriteria, useReconciliation, useStaffCofinancingMutations, useStaffProjects } from './cofinancing.api.ts';
import { formatDate, ProjectProgress, ProjectStatusBadge } from './project-details.tsx';
import { ProjectForm } from './project-form.tsx';

const BACK_OFFICE = ['supervisor', 'compliance', 'admin'];

/** Staff: the projects from the lending pipeline, and the bank's reconciliation report. */
export function StaffCofinancingPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const projects = useStaffProjects();
  const { create } = useStaffCofinancingMutations();
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  const backOffice = me ? BACK_OFFICE.includes(me.role) : false;
  const reconciliation = useReconciliation(backOffice);
  const canEditGrid = me ? ['admin', 'compliance'].includes(me.role) : false;
  // Projects come from the lending pipeline: advisors, supervisors and admins write them.
  const canCreate = me ? ['advisor', 'supervisor', 'admin'].includes(me.role) : false;
  return (
    <Stack gap="md" p="md">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('cofinancing.staff.title')}
        </Title>
        {canCreate ? (
          <Button onClick={open} data-testid="new-project">
            {t('cofinancing.staff.newProject')}
          </Button>
        ) : null}
      </Group>
      <Tabs defaultValue="projects">
        <Tabs.List>
          <Tabs.Tab value="projects">{t('cofinancing.staff.projects')}</Tabs.Tab>
          {backOffice ? <Tabs.Tab value="reconciliation">{t('cofinancing.staff.reconciliation')}</Tabs.Tab> : null}
          {canEditGrid ? <Tabs.Tab value="grid">{t('cofinancing.staff.grid')}</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel value="projects" pt="md">
          {projects.isPending ? <Loader size="sm" /> : null}
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover>
              <Table.Tbody>
                {(projects.data ?? []).map((p) => (
                  <Table.Tr
                    key={p.id}
                    style={{ cursor: 'pointer' }}
                    onClick={() => navigate(`/cofinancing/${p.id}`)}
                    data-testid="staff-project-row"
                  >
                    <Table.Td>
                      <Text fw={600}>{p.title}</Text>
                      <Text size="xs" c="dimmed">
                        {p.borrowerName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ProjectStatusBadge status={p.status} />
                    </Table.Td>
                    <Table.Td>
                      {formatEuros(p.raisedCents, i18n.language)} / {formatEuros(p.targetCents, i18n.language)}
                    </Table.Td>
                    <Table.Td>{formatDate(p.deadlineAt, i18n.language)}</Table.Td>
                    <Table.Td>{p.status === 'draft' ? `${p.approvals.length}/2` : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Tabs.Panel>
        <Tabs.Panel value="reconciliation" pt="md">
          <Table.ScrollContainer minWidth={820}>
            <Table data-testid="reconciliation">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>{t('cofinancing.staff.loan')}</Table.Th>
                  <Table.Th>{t('cofinancing.staff.allocated')}</Table.Th>
                  <Table.Th>{t('cofinancing.staff.received')}</Table.Th>
                  <Table.Th>{t('cofinancing.staff.distributed')}</Table.Th>
                  <Table.Th>{t('cofinancing.staff.differences')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(reconciliation.data ?? []).map((r) => (
                  <Table.Tr key={r.projectId}>
                    <Table.Td>
                      <Text fw={600}>{r.title}</Text>
                      <ProjectStatusBadge status={r.status} />
                    </Table.Td>
                    <Table.Td>{formatEuros(r.loanCents, i18n.language)}</Table.Td>
                    <Table.Td>{formatEuros(r.allocatedCents, i18n.language)}</Table.Td>
                    <Table.Td>{formatEuros(r.receivedCents, i18n.language)}</Table.Td>
                    <Table.Td>{formatEuros(r.distributedCents, i18n.language)}</Table.Td>
                    <Table.Td>
                      {r.differences.length ? (
                        r.differences.map((d) => (
                          <Badge key={d} color="red" variant="light" style={{ whiteSpace: 'normal', height: 'auto' }}>
                            {d}
                          </Badge>
                        ))
                      ) : (
                        <Badge color="teal" variant="light">
                          {t('cofinancing.staff.noDifference')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Tabs.Panel>
        <Tabs.Panel value="grid" pt="md">
          {canEditGrid ? <CriteriaGrid /> : null}
        </Tabs.Panel>
      </Tabs>
      <Modal opened={opened} onClose={close} title={t('cofinancing.staff.newProject')} size="xl">
        <ProjectForm
          submitLabel={t('cofinancing.staff.create')}
          busy={create.isPending}
          onSubmit={(input) =>
            void create
              .mutateAsync(input)
              .then((p) => {
                close();
                navigate(`/cofinancing/${p.id}`);
              })
              .catch(notifyError)
          }
        />
      </Modal>
    </Stack>
  );
}

/** Staff: one project — terms, criteria and evidence, four-eyes, publication, schedule and repayments, impact. */
export function StaffProjectPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { data: me } = useMe();
  const projects = useStaffProjects();
  const project = projects.data?.find((p) => p.id === id);
  const m = useStaffCofinancingMutations();
  const [editing, setEditing] = useState(false);
  if (projects.isPending) return <Loader size="sm" m="md" />;
  if (!project) return <Alert m="md">{t('cofinancing.none')}</Alert>;
  const draft = project.status === 'draft';
  const backOffice = me ? BACK_OFFICE.includes(me.role) : false;
  const lang = i18n.language;
  return (
    <Stack gap="md" p="md" maw={1100}>
      <Anchor component={Link} to="/cofinancing" size="sm">
        ← {t('cofinancing.back')}
      </Anchor>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={1} size="h3" data-testid="staff-project-title">
            {project.title}
          </Title>
          <ProjectStatusBadge status={project.status} />
        </Group>
        <Group gap="xs">
          {project.status !== 'draft' ? (
            <Button component={Link} to={`/cofinancement/${project.id}`} variant="default" size="xs">
              {t('cofinancing.staff.publicPage')}
            </Button>
          ) : null}
          {draft ? (
            <Button variant="default" size="xs" onClick={() => setEditing((e) => !e)}>
              {t('cofinancing.staff.edit')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('cofinancing.staff.author', { name: project.createdByLabel })} · {project.borrowerName}
      </Text>
      <ProjectProgress project={project} />
      {editing && draft ? (
        <Card withBorder>
          <Text size="xs" c="dimmed" mb="xs">
            {t('cofinancing.staff.approvalsCleared')}
          </Text>
          <ProjectForm
            initial={project}
            submitLabel={t('cofinancing.staff.save')}
            busy={m.update.isPending}
            onSubmit={(input) =>
              void m.update
                .mutateAsync({ id, input })
                .then(() => {
                  setEditing(false);
                  notifySuccess(t('cofinancing.staff.saved'));
                })
                .catch(notifyError)
            }
          />
        </Card>
      ) : null}
      {draft ? <CriteriaEditor project={project} /> : null}
      {draft || project.approvals.length ? (
        <Card withBorder data-testid="four-eyes">
          <Title order={2} size="h5" mb="xs">
            {t('cofinancing.staff.approvals')}
          </Title>
          <List size="sm" mb="sm">
            {project.approvals.map((a) => (
              <List.Item key={a.reviewerId}>
                {a.reviewerLabel} · {formatDate(a.approvedAt, lang)}
              </List.Item>
            ))}
          </List>
          {draft && project.publicationBlockers.length ? (
            <Alert color="orange" mb="sm" title={t('cofinancing.staff.blockers')} data-testid="blockers">
              <List size="sm">
                {project.publicationBlockers.map((b) => (
                  <List.Item key={b}>{b}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          <Group display={draft ? undefined : 'none'}>
            <Button
              variant="light"
              onClick={() => void m.approve.mutateAsync(id).catch(notifyError)}
              loading={m.approve.isPending}
              data-testid="approve"
            >
              {t('cofinancing.staff.approve')}
            </Button>
            <Button
              onClick={() => void m.publish.mutateAsync(id).catch(notifyError)}
              disabled={project.publicationBlockers.length > 0}
              loading={m.publish.isPending}
              data-testid="publish"
            >
              {t('cofinancing.staff.publish')}
            </Button>
          </Group>
        </Card>
      ) : null}
      {project.instalments.length ? <Schedule project={project} backOffice={backOffice} /> : null}
      {!draft && project.status !== 'failed' ? <ImpactForm projectId={id} /> : null}
    </Stack>
  );
}

function CriteriaEditor({ project }: { project: StaffProjectView }) {
  const { t } = useTranslation();
  const grid = useCriteria();
  const { setCriteria } = useStaffCofinancingMutations();
  const [evidence, setEvidence] = useState<Record<string, string>>(Object.fromEntries(project.criteria.map((c) => [c.key, c.evidence])));
  const save = () =>
    void setCriteria
      .mutateAsync({
        id: project.id,
        criteria: Object.entries(evidence)
          .filter(([, e]) => e.trim())
          .map(([key, e]) => ({ key, evidence: e.trim() })),
      })
      .then(() => notifySuccess(t('cofinancing.staff.saved')))
      .catch(notifyError);
  return (
    <Card withBorder data-testid="criteria-editor">
      <Title order={2} size="h5" mb="xs">
        {t('cofinancing.staff.criteriaTitle')}
      </Title>
      <Stack gap="xs">
        {(grid.data ?? [])
          .filter((c) => c.active)
          .map((c) => (
            <Textarea
              key={c.key}
              label={c.label}
              description={c.description}
              value={evidence[c.key] ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setEvidence((prev) => ({ ...prev, [c.key]: value }));
              }}
              autosize
              minRows={1}
              data-testid={`evidence-${c.key}`}
            />
          ))}
        <Group>
          <Button variant="light" onClick={save} loading={setCriteria.isPending} data-testid="save-criteria">
            {t('cofinancing.staff.saveCriteria')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Schedule({ project, backOffice }: { project: StaffProjectView; backOffice: boolean }) {
  const { t, i18n } = useTranslation();
  const { pay, declareDefault } = useStaffCofinancingMutations();
  const lang = i18n.language;
  const open = project.status === 'repaying' || project.status === 'late';
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {t('cofinancing.staff.schedule')}
        </Title>
        {backOffice && open ? (
          <Button color="red" variant="light" size="xs" onClick={() => void declareDefault.mutateAsync(project.id).catch(notifyError)}>
            {t('cofinancing.staff.declareDefault')}
          </Button>
        ) : null}
      </Group>
      <Table.ScrollContainer minWidth={600}>
        <Table>
          <Table.Tbody>
            {project.instalments.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.number}</Table.Td>
                <Table.Td>{formatDate(i.dueOn, lang)}</Table.Td>
                <Table.Td>
                  {t('cofinancing.principal')} {formatEuros(i.principalCents, lang)}
                </Table.Td>
                <Table.Td>
                  {t('cofinancing.interest')} {formatEuros(i.interestCents, lang)}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={i.status === 'paid' ? 'teal' : i.status === 'scheduled' ? 'gray' : 'red'}>
                    {i.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {backOffice && open && (i.status === 'scheduled' || i.status === 'late') ? (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() =>
                        void pay
                          .mutateAsync({ id: project.id, number: i.number, receivedCents: i.principalCents + i.interestCents })
                          .catch(notifyError)
                      }
                    >
                      {t('cofinancing.staff.record')}
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function ImpactForm({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const { impact } = useStaffCofinancingMutations();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">
        {t('cofinancing.staff.impactTitle')}
      </Title>
      <Stack gap="xs">
        <TextInput label={t('cofinancing.staff.impactHeading')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Textarea
          label={t('cofinancing.staff.impactBody')}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group>
          <Button
            variant="light"
            onClick={() =>
              void impact
                .mutateAsync({ id: projectId, title, body })
                .then(() => {
                  setTitle('');
                  setBody('');
                  notifySuccess(t('cofinancing.staff.saved'));
                })
                .catch(notifyError)
            }
          >
            {t('cofinancing.staff.post')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The bank's ethical criteria grid (admins, compliance): switch a criterion off, add one. */
function CriteriaGrid() {
  const { t } = useTranslation();
  const grid = useCriteria();
  const { saveCriterion } = useStaffCofinancingMutations();
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [description, setDescription] = useState('');
  return (
    <Stack gap="sm" maw={800} data-testid="criteria-grid">
      <Text size="sm" c="dimmed">
        {t('cofinancing.staff.gridIntro')}
      </Text>
      {(grid.data ?? []).map((c) => (
        <Card key={c.key} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap">
            <div>
              <Text fw={600}>{c.label}</Text>
              <Text size="xs" c="dimmed">
                {c.key} · {c.description}
              </Text>
            </div>
            <Switch
              label={t('cofinancing.staff.criterionActive')}
              checked={c.active}
              onChange={(e) => void saveCriterion.mutateAsync({ ...c, active: e.currentTarget.checked }).catch(notifyError)}
            />
          </Group>
        </Card>
      ))}
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <Group grow>
            <TextInput label={t('cofinancing.staff.criterionKey')} value={key} onChange={(e) => setKey(e.currentTarget.value)} />
            <TextInput label={t('cofinancing.staff.criterionLabel')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
          </Group>
          <TextInput
            label={t('cofinancing.staff.criterionDescription')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Group>
            <Button
              variant="light"
              loading={saveCriterion.isPending}
              onClick={() =>
                void saveCriterion
                  .mutateAsync({ key, label, description, active: true })
                  .then(() => {
                    setKey('');
                    setLabel('');
                    setDescription('');
                  })
                  .catch(notifyError)
              }
            >
              {t('cofinancing.staff.addCriterion')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
