import { Avatar, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClientMe } from './client-auth.api.ts';

/** The client's home. The widget grid of the personal space builds on this page. */
export function ClientHomePage() {
  const { t } = useTranslation();
  const { data: me } = useClientMe();
  if (!me) return null;
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1} size="h2" data-testid="client-hello">
          {t('clientSpace.home.hello', { firstName: me.firstName })}
        </Title>
        <Text c="dimmed">{t('clientSpace.home.intro')}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        <Card withBorder radius="md" padding="lg" data-testid="widget-advisor">
          <Text fw={600} mb="sm">
            {t('clientSpace.home.advisor')}
          </Text>
          {me.advisor ? (
            <Group wrap="nowrap">
              <Avatar color="bank" radius="xl">
                {me.advisor.firstName.slice(0, 1)}
              </Avatar>
              <Text>{t('clientSpace.home.advisorLine', { name: me.advisor.displayName })}</Text>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('clientSpace.home.noAdvisor')}
            </Text>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
