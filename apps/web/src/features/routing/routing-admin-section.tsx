import { LANGUAGE_SKILLS, PRODUCT_SKILLS, type RoutingAgent, type Skills } from '@agora/contracts/routing.schema.ts';
import { Badge, Button, Chip, Group, NumberInput, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useRoutingAgents, useRoutingTeams, useUpdateRoutingAgent, useUpdateRoutingTeam } from './routing.api.ts';
import './routing.i18n.ts';

const STATUS_COLOR = { available: 'teal', away: 'yellow', offline: 'gray' } as const;

function AgentRow({ agent }: { agent: RoutingAgent }) {
  const { t } = useTranslation();
  const update = useUpdateRoutingAgent();
  const [skills, setSkills] = useState<Skills>(agent.skills);
  const [capacity, setCapacity] = useState<number>(agent.capacity);
  const dirty = capacity !== agent.capacity || JSON.stringify(skills) !== JSON.stringify(agent.skills);
  return (
    <Table.Tr data-testid="routing-agent-row">
      <Table.Td>
        <Text size="sm" fw={600}>
          {agent.displayName}
        </Text>
        <Badge size="xs" variant="light" color={STATUS_COLOR[agent.status]}>
          {t(`routing.status.${agent.status}`)}
        </Badge>{' '}
        <Text span size="xs" c="dimmed">
          {t('routing.load', { load: agent.load, capacity: agent.capacity })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Chip.Group multiple value={skills.languages} onChange={(v) => setSkills({ ...skills, languages: v as Skills['languages'] })}>
          <Group gap={4}>
            {LANGUAGE_SKILLS.map((l) => (
              <Chip key={l} value={l} size="xs">
                {l.toUpperCase()}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Table.Td>
      <Table.Td>
        <Chip.Group multiple value={skills.products} onChange={(v) => setSkills({ ...skills, products: v as Skills['products'] })}>
          <Group gap={4}>
            {PRODUCT_SKILLS.map((p) => (
              <Chip key={p} value={p} size="xs">
                {t(`routing.product.${p}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Table.Td>
      <Table.Td w={110}>
        <NumberInput
          size="xs"
          min={0}
          max={200}
          value={capacity}
          onChange={(v) => setCapacity(Number(v) || 0)}
          aria-label={t('routing.capacity')}
        />
      </Table.Td>
      <Table.Td w={110}>
        <Button
          size="xs"
          disabled={!dirty}
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              { userId: agent.id, capacity, skills },
              { onSuccess: () => notifySuccess(t('routing.saved')), onError: notifyError },
            )
          }
        >
          {t('routing.save')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** Admins: each person's skills and capacity, and each team's reply options. */
export function RoutingAdminSection() {
  const { t } = useTranslation();
  const agents = useRoutingAgents();
  const teams = useRoutingTeams();
  const updateTeam = useUpdateRoutingTeam();
  return (
    <Paper withBorder p="md" data-testid="routing-admin">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {t('routing.adminTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('routing.adminSubtitle')}
          </Text>
        </div>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th>{t('routing.languages')}</Table.Th>
              <Table.Th>{t('routing.products')}</Table.Th>
              <Table.Th>{t('routing.capacity')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(agents.data ?? []).map((agent) => (
              <AgentRow key={`${agent.id}:${agent.capacity}:${JSON.stringify(agent.skills)}`} agent={agent} />
            ))}
          </Table.Tbody>
        </Table>
        <Text fw={600} size="sm">
          {t('routing.teamOptions')}
        </Text>
        {(teams.data ?? []).map((team) => (
          <Group key={team.id} gap="lg" data-testid="routing-team-row">
            <Text size="sm" w={200}>
              {team.name}
            </Text>
            <Switch
              label={t('routing.onlyAssignee')}
              checked={team.onlyAssigneeReplies}
              onChange={(e) =>
                updateTeam.mutate({ teamId: team.id, onlyAssigneeReplies: e.currentTarget.checked }, { onError: notifyError })
              }
            />
            <NumberInput
              size="xs"
              w={220}
              label={t('routing.guardSeconds')}
              min={0}
              max={3600}
              defaultValue={team.replyGuardSeconds}
              onBlur={(e) => {
                const value = Number(e.currentTarget.value);
                if (Number.isFinite(value) && value !== team.replyGuardSeconds)
                  updateTeam.mutate({ teamId: team.id, replyGuardSeconds: value }, { onError: notifyError });
              }}
            />
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
