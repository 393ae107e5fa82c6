import type { ClientMe } from '@agora/contracts/clients.schema.ts';
import { Alert, Button, Divider, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { IconAlertCircle, IconFingerprint, IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { PublicLayout } from '../../components/public-layout.tsx';
import { passkeyAssertion } from '../client-settings/client-settings.api.ts';
import { passkeyErrorMessage } from '../client-settings/passkey-errors.ts';
import { CLIENT_ME_QUERY_KEY, clientLogin, useClientMe } from './client-auth.api.ts';

const CODE = /^\d{6}$/;

/** Only paths of the secure space: `next` never sends the client elsewhere. */
export function safeClientNext(next: string | null) {
  return next?.startsWith('/espace') && !next.startsWith('//') ? next : '/espace';
}

export function ClientLoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const { data: me } = useClientMe();
  const [step, setStep] = useState<'credentials' | 'code'>('credentials');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passkeysSupported = browserSupportsWebAuthn();

  if (me) return <Navigate to={safeClientNext(params.get('next'))} replace />;
  const reason = params.get('raison');

  const onCredentials = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!email.trim()) return setError(t('clientSpace.login.emailRequired'));
    if (!password) return setError(t('clientSpace.login.passwordRequired'));
    setCode('');
    setStep('code');
  };

  const signIn = async (factor: { totp: string } | { passkey: Record<string, unknown> }) => {
    const response = await clientLogin({ email: email.trim(), password, ...factor });
    if (response.status === 'ok') {
      queryClient.removeQueries({ queryKey: ['client', 'sign-out'] });
      queryClient.setQueryData<ClientMe | null>(CLIENT_ME_QUERY_KEY, response.me);
      navigate(safeClientNext(params.get('next')), { replace: true });
    }
  };
  const failed = (caught: unknown) => {
    setError(caught instanceof Error ? caught.message : String(caught));
    // Everything is checked at once: the person starts again from the first step.
    setStep('credentials');
    setPassword('');
  };

  const onCode = async (event: FormEvent) => {
    event.preventDefault();
    if (!CODE.test(code)) return setError(t('clientSpace.login.codeInvalid'));
    setBusy(true);
    setError(null);
    try {
      await signIn({ totp: code });
    } catch (caught) {
      failed(caught);
    } finally {
      setBusy(false);
    }
  };

  // The passkey replaces the code; the password still goes with it, in the same request.
  const onPasskey = async () => {
    setBusy(true);
    setError(null);
    let passkey: Record<string, unknown>;
    try {
      passkey = await passkeyAssertion();
    } catch (caught) {
      setBusy(false);
      return setError(passkeyErrorMessage(caught));
    }
    try {
      await signIn({ passkey });
    } catch (caught) {
      failed(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout footer={t('clientSpace.login.never')}>
      <Stack gap="md">
        <Group gap="xs">
          <IconLock size={22} stroke={1.6} />
          <Title order={2} size="h3">
            {t('clientSpace.login.title')}
          </Title>
        </Group>
        {reason === 'inactivite' ? (
          <Alert icon={<IconInfoCircle size={18} />} color="blue" data-testid="client-idle-ended">
            {t('clientSpace.login.idleEnded', { minutes: params.get('minutes') ?? '5' })}
          </Alert>
        ) : null}
        {reason === 'deconnexion' ? (
          <Alert icon={<IconInfoCircle size={18} />} color="teal">
            {t('clientSpace.login.loggedOut')}
          </Alert>
        ) : null}
        {error ? (
          <Alert icon={<IconAlertCircle size={18} />} color="red" role="alert" data-testid="client-login-error">
            {error}
          </Alert>
        ) : null}
        {step === 'credentials' ? (
          <form onSubmit={onCredentials} noValidate>
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {t('clientSpace.login.intro')}
              </Text>
              <TextInput
                label={t('clientSpace.login.email')}
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                required
                autoFocus
                data-testid="client-email"
              />
              <PasswordInput
                label={t('clientSpace.login.password')}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                required
                data-testid="client-password"
              />
              <Button type="submit" fullWidth data-testid="client-continue">
                {t('clientSpace.login.next')}
              </Button>
              <Text size="xs" c="dimmed">
                {t('clientSpace.login.firstTime')}
              </Text>
            </Stack>
          </form>
        ) : (
          <form onSubmit={onCode} noValidate>
            <Stack gap="sm">
              <Text fw={600}>{t('clientSpace.login.codeTitle')}</Text>
              <Text size="sm" c="dimmed">
                {t('clientSpace.login.codeIntro')}
              </Text>
              <TextInput
                label={t('clientSpace.login.code')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
                inputMode="numeric"
                autoComplete="one-time-code"
                placeholder="123456"
                maxLength={6}
                autoFocus
                data-testid="client-code"
              />
              <Button type="submit" loading={busy} fullWidth data-testid="client-submit">
                {t('clientSpace.login.submit')}
              </Button>
              {passkeysSupported ? (
                <>
                  <Divider label={t('clientSpace.login.or')} labelPosition="center" />
                  <Button
                    variant="light"
                    leftSection={<IconFingerprint size={18} />}
                    onClick={() => void onPasskey()}
                    disabled={busy}
                    fullWidth
                    data-testid="client-passkey"
                  >
                    {t('clientSpace.login.usePasskey')}
                  </Button>
                </>
              ) : null}
              <Button variant="subtle" onClick={() => setStep('credentials')}>
                {t('clientSpace.login.back')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </PublicLayout>
  );
}
