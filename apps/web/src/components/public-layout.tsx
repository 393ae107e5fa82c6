import { Box, Center, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitch } from './app-layout.tsx';
import { BrandMark } from './brand-mark.tsx';

/** Frame of the signed-out pages: brand, language switch, one centred card. */
export function PublicLayout({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <Box mih="100vh" style={{ background: 'linear-gradient(180deg, var(--mantine-color-bank-0) 0%, var(--mantine-color-gray-0) 60%)' }}>
      <Group justify="space-between" px="lg" py="md">
        <BrandMark />
        <LanguageSwitch />
      </Group>
      <Center px="md" pt={40} pb={60}>
        <Stack w="100%" maw={440}>
          <Paper withBorder shadow="sm" p="xl" radius="lg">
            {children}
          </Paper>
          {footer ? (
            <Text size="xs" c="dimmed" ta="center">
              {footer}
            </Text>
          ) : null}
        </Stack>
      </Center>
    </Box>
  );
}
