import { AppShell, Burger, Button, Group, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLock, IconLogout } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../../components/app-layout.tsx';
import { clientLogout, markSignedOut, useClientMe } from './client-auth.api.ts';
import { CLIENT_NAV } from './client-nav.ts';
import { IdleWatch } from './idle-watch.tsx';
import { ReauthProvider } from './reauth.tsx';

/** Frame of the client's secure space: the bank's brand, the pages, sign-out, the idle clock. */
export function ClientLayout() {
  const { t } = useTranslation();
  const { data: me } = useClientMe();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [opened, { toggle, close }] = useDisclosure(false);
  if (!me) return null;

  const isActive = (to: string) => (to === '/espace' ? location.pathname === '/espace' : location.pathname.startsWith(to));
  const signOut = async () => {
    await clientLogout().catch(() => undefined);
    markSignedOut(queryClient, { reason: 'deconnexion' });
  };

  return (
    <ReauthProvider>
      <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
        <AppShell.Header style={{ background: 'var(--mantine-color-bank-8)', color: 'white', borderBottom: 0 }}>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" color="white" aria-label={t('clientSpace.menu')} />
              <UnstyledButton component={Link} to="/espace" style={{ color: 'white' }}>
                <Group gap={8} wrap="nowrap">
                  <IconLock size={20} />
                  <Text fw={650} size="md">
                    Banque Exemple
                  </Text>
                  <Text size="sm" visibleFrom="xs" style={{ opacity: 0.85 }}>
                    · {t('clientSpace.brand')}
                  </Text>
                </Group>
              </UnstyledButton>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" visibleFrom="sm" data-testid="client-name">
                {me.firstName} {me.lastName}
              </Text>
              <LanguageSwitch />
              <Button
                variant="white"
                color="bank"
                size="xs"
                leftSection={<IconLogout size={16} />}
                onClick={() => void signOut()}
                data-testid="client-logout"
                visibleFrom="xs"
              >
                {t('clientSpace.logout')}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="sm">
          <Stack gap={4}>
            {CLIENT_NAV.map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={t(item.labelKey)}
                leftSection={<item.icon size={18} stroke={1.6} />}
                active={isActive(item.to)}
                onClick={close}
              />
            ))}
            <NavLink
              hiddenFrom="xs"
              label={t('clientSpace.logout')}
              leftSection={<IconLogout size={18} />}
              onClick={() => void signOut()}
            />
          </Stack>
        </AppShell.Navbar>
        <AppShell.Main style={{ background: 'var(--mantine-color-gray-0)' }}>
          <Outlet />
        </AppShell.Main>
      </AppShell>
      <IdleWatch me={me} />
    </ReauthProvider>
  );
}
