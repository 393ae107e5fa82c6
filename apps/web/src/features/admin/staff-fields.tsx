import type { Team } from '@agora/contracts/admin.schema.ts';
import { type Role, roleSchema } from '@agora/contracts/common.schema.ts';
import { Checkbox, Group, NativeSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Native select: keyboard- and screen-reader-friendly, and simple to drive in browser tests. */
export function RoleField({ value, onChange, testId }: { value: Role; onChange: (role: Role) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('admin.role')}
      required
      value={value}
      onChange={(event) => onChange(event.currentTarget.value as Role)}
      data={roleSchema.options.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
      data-testid={testId}
    />
  );
}

/** A bank has a handful of teams: checkboxes show them all at once. */
export function TeamsField({
  teams,
  value,
  onChange,
  testId,
}: {
  teams: Team[];
  value: string[];
  onChange: (ids: string[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={t('admin.teams')} value={value} onChange={onChange} data-testid={testId}>
      {teams.length === 0 ? (
        <Text size="sm" c="dimmed" mt={4}>
          {t('common.none')}
        </Text>
      ) : (
        <Group mt={6} gap="md">
          {teams.map((team) => (
            <Checkbox key={team.id} value={team.id} label={team.name} data-testid="team-checkbox" data-team-id={team.id} />
          ))}
        </Group>
      )}
    </Checkbox.Group>
  );
}
