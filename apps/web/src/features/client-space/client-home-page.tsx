import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { WidgetGrid } from '../personal-space/widget-grid.tsx';
import { useClientMe } from './client-auth.api.ts';

/** The client's home: a greeting, then their personal space's grid of widgets. */
export function ClientHomePage() {
  const { t } = useTranslation();
  const { data: me } = useClientMe();
  if (!me) return null;
  return (
    <Stack gap="md" maw={1200}>
      <div>
        <Title order={1} size="h2" data-testid="client-hello">
          {t('clientSpace.home.hello', { firstName: me.firstName })}
        </Title>
        <Text c="dimmed">{t('clientSpace.home.intro')}</Text>
      </div>
      <WidgetGrid />
    </Stack>
  );
}
