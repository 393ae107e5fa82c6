import { ActionIcon, AppShell, Badge, Box, Button, Group, Menu, SegmentedControl, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { NotificationsBell } from '../features/answers/notifications-bell.tsx';
import '../features/listening/listening.i18n.ts';
import { canApprove } from '../features/approvals/approvals.api.ts';
import '../features/clients/clients.i18n.ts';
import '../features/cofinancing/cofinancing.i18n.ts';
import { ApprovalsNavLabel } from '../features/approvals/approvals-page.tsx';
import { canAdminister, canReadAudit, logout, ME_QUERY_KEY, useCurrentUser } from '../features/auth/auth.api.ts';
import { canEditCalendars } from '../features/calendars/calendars.api.ts';
import { useRealtimeConnected } from '../features/realtime/realtime.tsx';
import { AgentStatusSwitch } from '../features/routing/agent-status-switch.tsx';
import { CRISIS_BANNER_HEIGHT, CrisisBanner, useCrisisMode } from '../features/rules/crisis-mode.tsx';
import { type Language, setLanguage } from '../i18n/i18n.ts';
import { BrandMark } from './brand-mark.tsx';
import { notifyError } from './notify.ts';
import '../features/secure-messaging/secure.i18n.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('header.language')}
      data-testid="language-switch"
      value={i18n.language === 'en' ? 'en' : 'fr'}
      onChange={(value) => setLanguage(value as Language)}
      data={[
        { value: 'fr', label: 'FR' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}

function RealtimeIndicator() {
  const { t } = useTranslation();
  const connected = useRealtimeConnected();
  return (
    <Tooltip label={connected ? t('header.realtimeOn') : t('header.realtimeOff')}>
      <Badge
        data-testid="realtime-indicator"
        data-connected={connected ? 'true' : 'false'}
        variant="dot"
        color={connected ? 'teal' : 'gray'}
        size="md"
        radius="sm"
        styles={{ root: { textTransform: 'none', fontWeight: 500 } }}
        aria-live="polite"
      >
        {/* The word on wide screens; on a laptop the dot (and its tooltip) says it. */}
        <Text span inherit visibleFrom="xl">
          {t('header.realtime')}
        </Text>
        <VisuallyHidden>{connected ? t('header.realtimeOn') : t('header.realtimeOff')}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The banner lives in the header, so pages sized on the header's height (the inbox) still fit.
  const crisis = useCrisisMode();

  const links = [
    {
      to: '/inbox',
      label: t('nav.inbox'),
      visible: true,
      primary: true,
      active: location.pathname === '/' || location.pathname.startsWith('/inbox'),
    },
    {
      to: '/admin/users',
      label: t('nav.admin'),
      visible: canAdminister(me.role),
      active:
        location.pathname.startsWith('/admin') &&
        !location.pathname.startsWith('/admin/channels') &&
        !location.pathname.startsWith('/admin/calendars'),
    },
    {
      to: '/admin/channels',
      label: t('channels.settings.nav'),
      visible: canAdminister(me.role),
      active: location.pathname.startsWith('/admin/channels'),
    },
    {
      to: '/admin/calendars',
      label: t('calendars.nav'),
      visible: canEditCalendars(me.role),
      active: location.pathname.startsWith('/admin/calendars'),
    },
    { to: '/answers', label: t('answers.nav'), visible: true, active: location.pathname.startsWith('/answers') },
    {
      to: '/community',
      label: t('community.nav.staff'),
      visible: ['community_manager', 'supervisor', 'admin', 'compliance'].includes(me.role),
      primary: me.role === 'community_manager',
      active: location.pathname.startsWith('/community'),
    },
    {
      to: '/clients',
      label: me.role === 'advisor' ? t('clients.nav') : t('clients.navBankWide'),
      visible: me.role === 'advisor' || ['admin', 'supervisor', 'compliance'].includes(me.role),
      primary: me.role === 'advisor',
      active: location.pathname.startsWith('/clients'),
    },
    {
      to: '/secure',
      label: t('secure.nav'),
      visible: me.role === 'advisor' || ['admin', 'supervisor', 'compliance'].includes(me.role),
      primary: me.role === 'advisor',
      active: location.pathname.startsWith('/secure'),
    },
    {
      to: '/agenda',
      label: t('appointments.nav.staff'),
      // Bank-wide roles read any advisor's agenda (in the "Pilotage" menu).
      visible: me.role === 'advisor' || ['admin', 'supervisor', 'compliance'].includes(me.role),
      primary: me.role === 'advisor',
      active: location.pathname.startsWith('/agenda'),
    },
    {
      to: '/listening',
      label: t('listening.nav'),
      visible: me.role !== 'advisor',
      // A daily page for those who answer in public; in the "Pilotage" menu for those who oversee.
      primary: !['supervisor', 'compliance', 'admin'].includes(me.role),
      active: location.pathname.startsWith('/listening'),
    },
    { to: '/audit', label: t('nav.audit'), visible: canReadAudit(me.role), active: location.pathname.startsWith('/audit') },
    {
      to: '/cofinancing',
      label: t('cofinancing.staffNav'),
      visible: ['advisor', 'supervisor', 'compliance', 'admin'].includes(me.role),
      active: location.pathname.startsWith('/cofinancing'),
    },
    {
      to: '/approvals',
      label: <ApprovalsNavLabel enabled={canApprove(me.role)} />,
      visible: canApprove(me.role),
      primary: true,
      active: location.pathname.startsWith('/approvals'),
    },
    {
      to: '/sla',
      label: t('nav.sla', { defaultValue: 'Alertes SLA' }),
      visible: ['admin', 'supervisor', 'compliance'].includes(me.role),
      active: location.pathname.startsWith('/sla'),
    },
    {
      to: '/supervision',
      label: 'Supervision',
      visible: ['admin', 'supervisor', 'compliance'].includes(me.role),
      primary: true,
      active: location.pathname.startsWith('/supervision'),
    },
  ];

  const onLogout = async () => {
    try {
      await logout();
    } catch (error) {
      notifyError(error);
    }
    queryClient.setQueryData(ME_QUERY_KEY, null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
    navigate('/login', { replace: true });
  };

  return (
    <AppShell header={{ height: crisis ? 60 + CRISIS_BANNER_HEIGHT : 60 }} padding={0}>
      <AppShell.Header px="md" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group h={60} justify="space-between" wrap="nowrap">
          {/* With many entries (admins) the nav scrolls sideways rather than pushing the user and logout off screen. */}
          <Group gap="lg" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
            <BrandMark />
            <Group
              component="nav"
              aria-label={t('nav.main')}
              gap={2}
              wrap="nowrap"
              style={{ minWidth: 0, overflowX: 'auto', scrollbarWidth: 'thin' }}
              data-testid="main-nav"
            >
              {links
                .filter((link) => link.visible && link.primary)
                .map((link) => (
                  <Button
                    key={link.to}
                    component={Link}
                    to={link.to}
                    variant={link.active ? 'light' : 'subtle'}
                    color={link.active ? 'bank' : 'gray'}
                    aria-current={link.active ? 'page' : undefined}
                    size="sm"
                    px="sm"
                    style={{ flex: 'none' }}
                  >
                    {link.label}
                  </Button>
                ))}
              {/* Settings and oversight pages share one menu, so the header never overflows. */}
              {links.some((link) => link.visible && !link.primary) && (
                <Menu position="bottom-start" withinPortal>
                  <Menu.Target>
                    <Button
                      variant={links.some((link) => link.visible && !link.primary && link.active) ? 'light' : 'subtle'}
                      color={links.some((link) => link.visible && !link.primary && link.active) ? 'bank' : 'gray'}
                      size="sm"
                      px="sm"
                      rightSection={<IconChevronDown size={14} />}
                      style={{ flex: 'none' }}
                      data-testid="nav-more"
                    >
                      {t('nav.more', { defaultValue: 'Pilotage' })}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {links
                      .filter((link) => link.visible && !link.primary)
                      .map((link) => (
                        <Menu.Item key={link.to} component={Link} to={link.to} fw={link.active ? 600 : undefined}>
                          {link.label}
                        </Menu.Item>
                      ))}
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
          </Group>
          <Group gap="md" wrap="nowrap" style={{ flex: 'none' }}>
            <AgentStatusSwitch />
            <NotificationsBell />
            <RealtimeIndicator />
            <LanguageSwitch />
            <Box lh={1.15} ta="right" data-testid="current-user" title={me.email}>
              <Text size="sm" fw={600} data-testid="current-user-name">
                {me.displayName}
              </Text>
              <Text size="xs" c="dimmed" data-testid="current-user-role">
                {t(`roles.${me.role}`)}
              </Text>
            </Box>
            {/* An icon: the workstation's sections need the header's width on a laptop. */}
            <Tooltip label={t('header.logout')}>
              <ActionIcon variant="default" size="lg" onClick={onLogout} aria-label={t('header.logout')} data-testid="logout">
                <IconLogout size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <CrisisBanner />
      </AppShell.Header>
      <AppShell.Main style={{ background: 'var(--mantine-color-gray-0)' }}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
