import { Button, Center, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center h="60vh">
      <Stack align="center">
        <Title order={2}>{t('errors.notFound')}</Title>
        <Button component={Link} to="/inbox" variant="light">
          {t('errors.home')}
        </Button>
      </Stack>
    </Center>
  );
}
