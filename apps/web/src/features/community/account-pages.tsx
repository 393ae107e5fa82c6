import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconLock, IconUser } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/http-client.ts';
import { notifyError } from '../../components/notify.ts';
import { communityKey, useCommunityMe, useNotifications } from './community.api.ts';
import { fmtDate, Section } from './community-ui.tsx';

const safeReturn = (value: string | null) => (value?.startsWith('/communaute') && !value.startsWith('//') ? value : '/communaute');

export function CommunityLoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.post('/api/community/prospects/login', { email, password });
      await queryClient.invalidateQueries({ queryKey: ['client'] });
      navigate(safeReturn(params.get('retour')));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Stack maw={880} gap="md">
      <Title order={1} size="h2">
        {t('community.login.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder radius="md" padding="lg">
          <Group gap="xs" mb="xs">
            <IconLock size={18} />
            <Text fw={600}>{t('community.login.client')}</Text>
          </Group>
          <Text size="sm" c="dimmed" mb="md">
            {t('community.login.clientHint')}
          </Text>
          <Button component="a" href="/espace/connexion?next=/espace/communaute" data-testid="client-sign-in">
            {t('community.login.clientButton')}
          </Button>
        </Card>
        <Card withBorder radius="md" padding="lg" component="form" onSubmit={submit}>
          <Group gap="xs" mb="xs">
            <IconUser size={18} />
            <Text fw={600}>{t('community.login.prospect')}</Text>
          </Group>
          <Text size="sm" c="dimmed" mb="md">
            {t('community.login.prospectHint')}
          </Text>
          <Stack gap="sm">
            <TextInput
              label={t('community.login.email')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              data-testid="prospect-email"
            />
            <PasswordInput
              label={t('community.login.password')}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              data-testid="prospect-password"
            />
            {error ? <Alert color="red">{error}</Alert> : null}
            <Button type="submit" data-testid="prospect-submit">
              {t('community.login.submit')}
            </Button>
            <Anchor component={Link} to="/communaute/inscription" size="sm">
              {t('community.login.noAccount')}
            </Anchor>
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

export function CommunitySignupPage() {
  const { t } = useTranslation();
  const [form, setForm] = useState({ email: '', password: '', pseudonym: '', acceptRules: false });
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  if (sent)
    return (
      <Alert color="green" maw={520} data-testid="signup-sent">
        {t('community.signup.sent')}
      </Alert>
    );
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      maw={520}
      component="form"
      onSubmit={async (e: FormEvent) => {
        e.preventDefault();
        setError(null);
        try {
          await api.post('/api/community/prospects', form);
          setSent(true);
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <Stack gap="sm">
        <Title order={1} size="h3">
          {t('community.signup.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('community.signup.intro')}
        </Text>
        <TextInput
          label={t('community.signup.pseudonym')}
          value={form.pseudonym}
          onChange={(e) => setForm({ ...form, pseudonym: e.currentTarget.value })}
          data-testid="signup-pseudonym"
        />
        <TextInput
          label={t('community.login.email')}
          type="email"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          data-testid="signup-email"
        />
        <PasswordInput
          label={t('community.login.password')}
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
          data-testid="signup-password"
        />
        <Checkbox
          label={
            <>
              {t('community.signup.rules')} (
              <Anchor component={Link} to="/communaute/regles">
                {t('community.nav.rules')}
              </Anchor>
              )
            </>
          }
          checked={form.acceptRules}
          onChange={(e) => setForm({ ...form, acceptRules: e.currentTarget.checked })}
          data-testid="signup-rules"
        />
        {error ? <Alert color="red">{error}</Alert> : null}
        <Button type="submit" data-testid="signup-submit">
          {t('community.signup.submit')}
        </Button>
      </Stack>
    </Card>
  );
}

export function CommunityVerifyPage() {
  const { t } = useTranslation();
  const { token } = useParams();
  const queryClient = useQueryClient();
  const [state, setState] = useState<'pending' | 'ok' | string>('pending');
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api
      .post('/api/community/prospects/verify', { token })
      .then(async () => {
        await queryClient.invalidateQueries({ queryKey: ['client'] });
        setState('ok');
      })
      .catch((e: Error) => setState(e.message));
  }, [token, queryClient]);
  return (
    <Stack maw={520}>
      <Title order={1} size="h3">
        {t('community.verify.title')}
      </Title>
      {state === 'pending' ? (
        <Loader />
      ) : state === 'ok' ? (
        <Alert color="green" data-testid="verify-ok">
          {t('community.verify.ok')}
        </Alert>
      ) : (
        <Alert color="red">{state}</Alert>
      )}
      {state === 'ok' ? (
        <Button component={Link} to="/communaute">
          {t('community.verify.go')}
        </Button>
      ) : null}
    </Stack>
  );
}

/** A client's first visit: the pseudonym they will be known by (never their name unless they choose it). */
export function CommunityJoinPage() {
  const { t } = useTranslation();
  const { data: me } = useCommunityMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [pseudonym, setPseudonym] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!me) return <Loader />;
  if (me.member) return <Navigate to="/communaute" replace />;
  if (!me.needsPseudonym) return <Navigate to="/communaute/connexion" replace />;
  const value = pseudonym ?? me.suggestedPseudonym ?? '';
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      maw={520}
      component="form"
      onSubmit={async (e: FormEvent) => {
        e.preventDefault();
        try {
          await api.post('/api/community/join', { pseudonym: value });
          await queryClient.invalidateQueries({ queryKey: communityKey('me') });
          navigate('/communaute');
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <Stack gap="sm">
        <Title order={1} size="h3">
          {t('community.join.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('community.join.intro')}
        </Text>
        <TextInput
          label={t('community.join.label')}
          value={value}
          onChange={(e) => setPseudonym(e.currentTarget.value)}
          data-testid="join-pseudonym"
        />
        {error ? <Alert color="red">{error}</Alert> : null}
        <Button type="submit" data-testid="join-submit">
          {t('community.join.submit')}
        </Button>
      </Stack>
    </Card>
  );
}

export function NotificationList({ limit }: { limit?: number }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useCommunityMe();
  const { data: notifications } = useNotifications(!!me?.member);
  const items = (notifications ?? []).slice(0, limit ?? 50);
  if (!items.length) return <Text c="dimmed">{t('community.noNotifications')}</Text>;
  return (
    <Stack gap={6} data-testid="notifications">
      {items.map((n) => (
        <Anchor key={n.id} component={Link} to={n.url} c={n.read ? 'dimmed' : 'dark'} fw={n.read ? 400 : 600} size="sm">
          {n.text}{' '}
          <Text span size="xs" c="dimmed">
            · {fmtDate(n.createdAt, i18n.language)}
          </Text>
        </Anchor>
      ))}
    </Stack>
  );
}

export function CommunityProfilePage() {
  const { t } = useTranslation();
  const { data: me } = useCommunityMe();
  const queryClient = useQueryClient();
  if (!me) return <Loader />;
  if (!me.member) return <Navigate to="/communaute/connexion" replace />;
  const m = me.member;
  return (
    <Stack gap="md" maw={860}>
      <Section title={t('community.profile.title')}>
        <Group gap="xs">
          <Text fw={700} fz="lg" data-testid="profile-pseudonym">
            {m.pseudonym}
          </Text>
          <Badge variant="light">{t('community.trust', { level: m.trustLevel, label: m.trustLabel })}</Badge>
          {m.isAmbassador ? <Badge color="yellow">{t('community.ambassador')}</Badge> : null}
          <Badge color="gray" variant="outline">
            {t('community.profile.reputation')} {m.reputation}
          </Badge>
        </Group>
      </Section>
      <Card withBorder radius="md">
        <Text fw={600} mb={4}>
          {t('community.profile.badges')}
        </Text>
        <Group gap={6}>
          {m.badges.length ? (
            m.badges.map((b) => (
              <Badge key={b} color="teal" variant="light">
                {t(`community.badges.${b}`)}
              </Badge>
            ))
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
        </Group>
        <Text fw={600} mt="md" mb={4}>
          {t('community.profile.abilities')}
        </Text>
        <Text size="sm">
          {t('community.profile.canFlag')} : {m.abilities.flag ? '✓' : '—'} · {t('community.profile.canEditWiki')} :{' '}
          {m.abilities.editWiki ? '✓' : '—'}
        </Text>
        <Text fw={600} mt="md" mb={4}>
          {t('community.profile.digest')}
        </Text>
        <SegmentedControl
          value={m.digest}
          onChange={async (digest) => {
            try {
              await api.patch('/api/community/me', { digest });
              await queryClient.invalidateQueries({ queryKey: communityKey('me') });
            } catch (e) {
              notifyError(e);
            }
          }}
          data={[
            { value: 'daily', label: t('community.profile.digestOn') },
            { value: 'off', label: t('community.profile.digestOff') },
          ]}
        />
      </Card>
      <Card withBorder radius="md">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('community.notifications')}</Text>
          <Button
            size="xs"
            variant="subtle"
            onClick={async () => {
              await api.post('/api/community/notifications/read', { ids: 'all' });
              await queryClient.invalidateQueries({ queryKey: communityKey('notifications') });
              await queryClient.invalidateQueries({ queryKey: communityKey('me') });
            }}
          >
            {t('community.markAllRead')}
          </Button>
        </Group>
        <NotificationList />
      </Card>
    </Stack>
  );
}

export function CommunityRulesPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={780} gap="sm">
      <Title order={1} size="h2">
        {t('community.nav.rules')}
      </Title>
      <Alert color="green" title="Vos avis, même défavorables, restent publiés" data-testid="rules-unfavourable">
        Nous ne supprimons jamais un avis parce qu'il est défavorable. Critiques, mécontentements et questions vives sont les bienvenus :
        nous répondons à tout besoin d'explication.
      </Alert>
      <Text>
        Sont retenus, avec la raison : les insultes, les contenus illicites et le spam. Les données personnelles (IBAN, numéros de carte ou
        de compte, e-mail, téléphone, numéro de sécurité sociale) sont masquées dès la publication ; pour parler de vos comptes, écrivez à
        votre conseiller depuis votre espace sécurisé.
      </Text>
      <Text>
        Les premiers messages des nouveaux membres sont relus avant publication et leurs liens sont limités. En participant, vous gagnez des
        niveaux de confiance : signaler un message, améliorer les messages wiki. Les ambassadeurs, désignés par la banque, portent un badge
        visible ; les conseillers officiels apparaissent avec leur prénom.
      </Text>
      <Text>Votre pseudonyme est le seul nom affiché : jamais votre nom complet, sauf si vous le choisissez.</Text>
    </Stack>
  );
}
