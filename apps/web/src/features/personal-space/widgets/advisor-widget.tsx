import { Avatar, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClientMe } from '../../client-space/client-auth.api.ts';

/** Who follows the client at the bank. */
export function AdvisorWidget() {
  const { t } = useTranslation();
  const { data: me } = useClientMe();
  if (!me) return null;
  if (!me.advisor) {
    return (
      <Text size="sm" c="dimmed">
        {t('clientSpace.home.noAdvisor')}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Group wrap="nowrap">
        <Avatar color="bank" radius="xl" size="lg">
          {me.advisor.firstName.slice(0, 1)}
        </Avatar>
        <div style={{ minWidth: 0 }}>
          <Text fw={600} truncate="end">
            {me.advisor.displayName}
          </Text>
          <Text size="sm" c="dimmed">
            {t('personalSpace.widgets.advisor.role')}
          </Text>
        </div>
      </Group>
      <Text size="xs" c="dimmed">
        {t('personalSpace.widgets.advisor.hint')}
      </Text>
    </Stack>
  );
}
