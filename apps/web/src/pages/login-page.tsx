import type { Me } from '@agora/contracts/auth.schema.ts';
import { Alert, Anchor, Button, Code, CopyButton, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconShieldLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { PublicLayout } from '../components/public-layout.tsx';
import { enableTotp, login, ME_QUERY_KEY, startTotpSetup, useMe } from '../features/auth/auth.api.ts';

type Step = 'credentials' | 'totp' | 'setup';

const CODE_PATTERN = /^\d{6}$/;

/** Only same-app paths: `next` must never send the person to another site. */
function safeNext(next: string | null) {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/inbox';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const queryClient = useQueryClient();
  const { data: me } = useMe();

  const [step, setStep] = useState<Step>('credentials');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={safeNext(searchParams.get('next'))} replace />;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  const signIn = (totp?: string) =>
    run(async () => {
      const response = await login({ email: email.trim(), password, ...(totp ? { totp } : {}) });
      if (response.status === 'ok') {
        queryClient.setQueryData<Me | null>(ME_QUERY_KEY, response.me);
        navigate(safeNext(searchParams.get('next')), { replace: true });
      } else if (response.status === 'totp_required') {
        setInfo(null);
        setCode('');
        setStep('totp');
      } else {
        setInfo(null);
        setCode('');
        setSetup(null);
        setStep('setup');
      }
    });

  const onCredentials = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) return setError(t('login.emailRequired'));
    if (!password) return setError(t('login.passwordRequired'));
    void signIn();
  };

  const onTotp = (event: FormEvent) => {
    event.preventDefault();
    if (!CODE_PATTERN.test(code)) return setError(t('login.codeInvalid'));
    void signIn(code);
  };

  const onStartSetup = () =>
    run(async () => {
      setSetup(await startTotpSetup());
    });

  const onEnable = (event: FormEvent) => {
    event.preventDefault();
    if (!CODE_PATTERN.test(code)) return setError(t('login.codeInvalid'));
    void run(async () => {
      const response = await enableTotp(code);
      if (response.status === 'ok') {
        queryClient.setQueryData<Me | null>(ME_QUERY_KEY, response.me);
        navigate(safeNext(searchParams.get('next')), { replace: true });
        return;
      }
      // Otherwise sign in again, now with a fresh code from the app.
      setCode('');
      setInfo(t('login.setupDone'));
      setStep('totp');
    });
  };

  const back = () => {
    setStep('credentials');
    setCode('');
    setError(null);
    setInfo(null);
  };

  const codeInput = (label: string) => (
    <TextInput
      label={label}
      value={code}
      onChange={(event) => setCode(event.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      placeholder="123456"
      required
      autoFocus
      data-testid="login-totp"
      styles={{ input: { letterSpacing: '0.4em', fontSize: 20, fontFamily: 'var(--mantine-font-family-monospace)' } }}
    />
  );

  return (
    <PublicLayout footer={t('login.subtitle')}>
      <Stack gap="md">
        {error ? (
          <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="login-error" role="alert">
            {error}
          </Alert>
        ) : null}
        {info ? (
          <Alert color="teal" data-testid="login-info">
            {info}
          </Alert>
        ) : null}

        {step === 'credentials' ? (
          <form onSubmit={onCredentials} noValidate data-testid="login-form">
            <Stack gap="md">
              <Title order={2} size="h3">
                {t('login.title')}
              </Title>
              <TextInput
                label={t('login.email')}
                type="email"
                autoComplete="username"
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                required
                autoFocus
                data-testid="login-email"
              />
              <PasswordInput
                label={t('login.password')}
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                required
                data-testid="login-password"
              />
              <Button type="submit" loading={busy} fullWidth data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        ) : null}

        {step === 'totp' ? (
          <form onSubmit={onTotp} noValidate data-testid="login-totp-form">
            <Stack gap="md">
              <Title order={2} size="h3">
                {t('login.totpTitle')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('login.totpHelp')}
              </Text>
              {codeInput(t('login.totpCode'))}
              <Button type="submit" loading={busy} fullWidth data-testid="login-totp-submit">
                {t('login.totpSubmit')}
              </Button>
              <Anchor component="button" type="button" size="sm" onClick={back}>
                {t('login.back')}
              </Anchor>
            </Stack>
          </form>
        ) : null}

        {step === 'setup' ? (
          <Stack gap="md" data-testid="totp-setup">
            <Title order={2} size="h3">
              {t('login.setupTitle')}
            </Title>
            <Text size="sm">{t('login.setupIntro')}</Text>
            {setup ? (
              <form onSubmit={onEnable} noValidate>
                <Stack gap="md">
                  <SecretLine label={t('login.setupSecret')} value={setup.secret} testId="totp-secret" />
                  <SecretLine label={t('login.setupUrl')} value={setup.otpauthUrl} testId="totp-url" />
                  {codeInput(t('login.setupCode'))}
                  <Button type="submit" loading={busy} fullWidth data-testid="totp-enable">
                    {t('login.setupEnable')}
                  </Button>
                </Stack>
              </form>
            ) : (
              <Button leftSection={<IconShieldLock size={18} />} onClick={onStartSetup} loading={busy} data-testid="totp-setup-start">
                {t('login.setupStart')}
              </Button>
            )}
            <Anchor component="button" type="button" size="sm" onClick={back}>
              {t('login.back')}
            </Anchor>
          </Stack>
        ) : null}
      </Stack>
    </PublicLayout>
  );
}

function SecretLine({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Code block data-testid={testId} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="compact-xs" variant="subtle" onClick={copy} style={{ alignSelf: 'flex-start' }}>
            {copied ? t('common.copied') : t('common.copy')}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}
