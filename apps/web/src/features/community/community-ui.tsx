import type { CommunityAuthor } from '@agora/contracts/community.schema.ts';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Burger,
  Button,
  Container,
  Drawer,
  FileButton,
  Group,
  Indicator,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
  TypographyStylesProvider,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell, IconLogout, IconPhoto, IconSearch, IconShieldCheck, IconStarFilled } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError, api } from '../../api/http-client.ts';
import { LanguageSwitch } from '../../components/app-layout.tsx';
import { communityKey, uploadImage, useCommunityLive, useCommunityMe } from './community.api.ts';

/** A pseudonym, or a staff member's first name with the "Conseiller officiel" badge; ambassadors carry theirs. */
export function AuthorLine({ author, size = 'sm' }: { author: CommunityAuthor; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap" data-testid="author">
      <Text fw={600} size={size}>
        {author.name}
      </Text>
      {author.kind === 'staff' ? (
        <Badge size="sm" color="bank" variant="filled" leftSection={<IconShieldCheck size={12} />} data-testid="staff-badge">
          {t('community.staffBadge')}
        </Badge>
      ) : null}
      {author.isAmbassador ? (
        <Badge size="sm" color="yellow" variant="light" leftSection={<IconStarFilled size={10} />} data-testid="ambassador-badge">
          {t('community.ambassador')}
        </Badge>
      ) : null}
    </Group>
  );
}

export const fmtDate = (iso: string, language: string) =>
  new Date(iso).toLocaleDateString(language === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'short', year: 'numeric' });

/** Keeps a draft across a session expiry: the text comes back after signing in again. */
function useDraft(key: string) {
  const storageKey = `agora.community.draft.${key}`;
  const [value, setValue] = useState(() => {
    try {
      return sessionStorage.getItem(storageKey) ?? '';
    } catch {
      return '';
    }
  });
  const update = (next: string) => {
    setValue(next);
    try {
      if (next) sessionStorage.setItem(storageKey, next);
      else sessionStorage.removeItem(storageKey);
    } catch {
      // private mode: the draft lives in the page only
    }
  };
  return [value, update] as const;
}

/** Markdown composer: text, an image button (uploaded, then inserted as Markdown), publish. */
export function Composer({
  draftKey,
  onSubmit,
  placeholder,
  submitLabel,
  testId = 'composer',
  value: controlled,
  onChange,
}: {
  draftKey: string;
  onSubmit: (body: string) => Promise<void>;
  placeholder?: string;
  submitLabel?: string;
  testId?: string;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const { t } = useTranslation();
  const me = useCommunityMe();
  const [draft, setDraft] = useDraft(draftKey);
  const value = controlled ?? draft;
  const setValue = onChange ?? setDraft;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(value);
      setValue('');
      setDraft('');
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('community.sessionExpired') : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          placeholder={placeholder ?? t('community.replyPlaceholder')}
          autosize
          minRows={3}
          maxRows={14}
          data-testid={`${testId}-body`}
          aria-label={placeholder ?? t('community.replyPlaceholder')}
        />
        {error ? (
          <Alert color="red" data-testid={`${testId}-error`}>
            {error}
          </Alert>
        ) : null}
        <Group justify="space-between">
          <FileButton
            accept="image/png,image/jpeg,image/gif,image/webp"
            onChange={async (file) => {
              if (!file) return;
              try {
                const { url } = await uploadImage(file, me.data?.csrfToken ?? null);
                setValue(`${value}${value ? '\n' : ''}![${file.name.replace(/[[\]]/g, '')}](${url})\n`);
              } catch (e) {
                setError((e as Error).message);
              }
            }}
          >
            {(props) => (
              <Button {...props} variant="subtle" size="xs" leftSection={<IconPhoto size={16} />}>
                {t('community.addImage')}
              </Button>
            )}
          </FileButton>
          <Button type="submit" loading={busy} disabled={value.trim().length < 2} data-testid={`${testId}-submit`}>
            {submitLabel ?? t('community.reply')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function Notices({ notices }: { notices: { kind: string; message: string }[] }) {
  return (
    <Stack gap="xs">
      {notices.map((n) => (
        <Alert key={n.message} color={n.kind === 'masked' ? 'orange' : 'yellow'} data-testid={`notice-${n.kind}`}>
          {n.message}
          {n.kind === 'masked' ? (
            <>
              {' '}
              <Anchor href="/espace">Espace sécurisé</Anchor>
            </>
          ) : null}
        </Alert>
      ))}
    </Stack>
  );
}

function SearchBox({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        navigate(`/communaute?q=${encodeURIComponent(q)}`);
        onDone?.();
      }}
    >
      <TextInput
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        placeholder={t('community.search')}
        aria-label={t('community.search')}
        leftSection={<IconSearch size={16} />}
        size="sm"
        data-testid="community-search"
      />
    </form>
  );
}

/** The community's frame: brand, sections, search, notifications and who I am; phone-friendly. */
export function CommunityLayout() {
  const { t } = useTranslation();
  const { data: me } = useCommunityMe();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [opened, { toggle, close }] = useDisclosure(false);
  useCommunityLive();
  const links: [string, string][] = [
    ['/communaute', t('community.nav.forum')],
    ['/communaute/idees', t('community.nav.ideas')],
    ['/communaute/groupes', t('community.nav.groups')],
    ['/communaute/evenements', t('community.nav.events')],
    ['/communaute/regles', t('community.nav.rules')],
  ];
  const active = (to: string) =>
    to === '/communaute'
      ? location.pathname === '/communaute' ||
        location.pathname.startsWith('/communaute/t/') ||
        location.pathname.startsWith('/communaute/c/')
      : location.pathname.startsWith(to);
  const signOut = async () => {
    if (me?.kind === 'prospect') await api.post('/api/community/prospects/logout').catch(() => undefined);
    else if (me?.kind === 'client') await api.post('/api/client/auth/logout').catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: ['client'] });
  };
  const nav = (vertical: boolean) =>
    links.map(([to, label]) => (
      <Button
        key={to}
        component={Link}
        to={to}
        variant={active(to) ? 'light' : 'subtle'}
        color={active(to) ? 'bank' : 'gray'}
        size="sm"
        px="sm"
        fullWidth={vertical}
        justify={vertical ? 'flex-start' : undefined}
        onClick={close}
      >
        {label}
      </Button>
    ));
  const account = me?.member ? (
    <Group gap="xs" wrap="nowrap">
      <Indicator disabled={!me.unreadNotifications} label={me.unreadNotifications} size={16} color="red">
        <Button
          component={Link}
          to="/communaute/moi"
          variant="subtle"
          size="sm"
          px={6}
          aria-label={t('community.notifications')}
          data-testid="community-bell"
        >
          <IconBell size={18} />
        </Button>
      </Indicator>
      <Button component={Link} to="/communaute/moi" variant="light" size="sm" data-testid="community-me" visibleFrom="xs">
        {me.member.pseudonym}
      </Button>
    </Group>
  ) : me?.kind === 'staff' ? (
    <Badge color="bank" variant="filled" leftSection={<IconShieldCheck size={12} />}>
      {me.staffName} · {t('community.staffBadge')}
    </Badge>
  ) : me?.needsPseudonym ? (
    <Button component={Link} to="/communaute/rejoindre" size="sm">
      {t('community.join.submit')}
    </Button>
  ) : (
    <Group gap="xs" wrap="nowrap">
      <Button component={Link} to="/communaute/connexion" variant="default" size="sm" data-testid="community-sign-in">
        {t('community.signIn')}
      </Button>
      <Button component={Link} to="/communaute/inscription" size="sm" visibleFrom="sm">
        {t('community.signUp')}
      </Button>
    </Group>
  );
  return (
    <Box mih="100vh" style={{ background: 'var(--mantine-color-gray-0)' }}>
      <Box
        component="header"
        style={{ background: 'white', borderBottom: '1px solid var(--mantine-color-gray-3)', position: 'sticky', top: 0, zIndex: 10 }}
      >
        <Container size="lg" py="xs">
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label="Menu" />
              <Anchor component={Link} to="/communaute" underline="never" c="bank.8" fw={700} style={{ whiteSpace: 'nowrap' }}>
                <Text span inherit visibleFrom="sm">
                  Banque Exemple ·{' '}
                </Text>
                {t('community.brand')}
              </Anchor>
              <Group gap={2} visibleFrom="md" wrap="nowrap">
                {nav(false)}
              </Group>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Box visibleFrom="xl" w={220}>
                <SearchBox />
              </Box>
              <Box visibleFrom="sm">
                <LanguageSwitch />
              </Box>
              {account}
              {me && me.kind !== 'anonymous' && me.kind !== 'staff' ? (
                <Tooltip label={t('community.signOut')}>
                  {/* An icon: the sections' names need the header's width on a laptop. */}
                  <Button
                    variant="subtle"
                    color="gray"
                    size="sm"
                    px={6}
                    onClick={() => void signOut()}
                    visibleFrom="sm"
                    aria-label={t('community.signOut')}
                    data-testid="community-sign-out"
                  >
                    <IconLogout size={18} />
                  </Button>
                </Tooltip>
              ) : null}
            </Group>
          </Group>
        </Container>
      </Box>
      <Drawer opened={opened} onClose={close} size="xs" title={`Banque Exemple · ${t('community.brand')}`}>
        <Stack gap="xs">
          <SearchBox onDone={close} />
          {nav(true)}
          <LanguageSwitch />
          {me && me.kind !== 'anonymous' && me.kind !== 'staff' ? (
            <Button variant="default" onClick={() => void signOut()}>
              {t('community.signOut')}
            </Button>
          ) : null}
        </Stack>
      </Drawer>
      <Container size="lg" py="md" component="main">
        <Outlet />
      </Container>
    </Box>
  );
}

export function Section({ title, action, children }: { title: ReactNode; action?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Text component="h1" fz={{ base: 22, sm: 26 }} fw={700} m={0}>
          {title}
        </Text>
        {action}
      </Group>
      {children}
    </Stack>
  );
}

/** Invalidate what a write may have changed (the live socket does it too, for others' changes). */
export function useRefreshCommunity() {
  const queryClient = useQueryClient();
  return (...keys: unknown[][]) => Promise.all(keys.map((k) => queryClient.invalidateQueries({ queryKey: communityKey(...k) })));
}

/**
 * HTML the server rendered from Markdown and sanitised with an allow-list before storing it
 * (apps/server/src/modules/community/post-content.ts): the one place the web app shows it.
 */
export function SafeHtml({ html, testId, small }: { html: string; testId?: string; small?: boolean }) {
  return (
    <TypographyStylesProvider style={small ? { fontSize: 'var(--mantine-font-size-sm)' } : undefined}>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server by an allow-list (post-content.ts) */}
      <div className="community-post" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />
    </TypographyStylesProvider>
  );
}
