import { Box, Group, Text, ThemeIcon } from '@mantine/core';
import { IconBuildingBank } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function BrandMark() {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size={34} radius="md" variant="filled" color="bank.7" aria-hidden>
        <IconBuildingBank size={20} stroke={1.8} />
      </ThemeIcon>
      <Box lh={1.1}>
        <Text fw={700} size="lg" c="bank.8">
          {t('app.name')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('app.bank')}
        </Text>
      </Box>
    </Group>
  );
}
