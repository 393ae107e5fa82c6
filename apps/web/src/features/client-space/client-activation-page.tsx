import type { ClientMe } from '@agora/contracts/clients.schema.ts';
import { Alert, Box, Button, Code, Group, Loader, PasswordInput, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PublicLayout } from '../../components/public-layout.tsx';
import { activate, CLIENT_ME_QUERY_KEY, describeActivation, startActivationTotp } from './client-auth.api.ts';

/** The one-time link from the advisor's invitation: choose a password, then set up the authenticator. */
export function ClientActivationPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const info = useQuery({ queryKey: ['client', 'activation', token], queryFn: () => describeActivation(token), retry: false });
  const [step, setStep] = useState(0);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [code, setCode] = useState('');
  const [totp, setTotp] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (info.isPending) {
    return (
      <PublicLayout>
        <Group justify="center">
          <Loader />
        </Group>
      </PublicLayout>
    );
  }
  if (info.isError) {
    return (
      <PublicLayout>
        <Stack>
          <Title order={2} size="h3">
            {t('clientSpace.activation.invalid')}
          </Title>
          <Text>{t('clientSpace.activation.invalidHelp')}</Text>
        </Stack>
      </PublicLayout>
    );
  }

  const onPassword = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (password.length < 12) return setError(t('clientSpace.activation.tooShort'));
    if (password !== confirm) return setError(t('clientSpace.activation.mismatch'));
    setBusy(true);
    try {
      setTotp(await startActivationTotp(token));
      setStep(1);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  const onActivate = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const response = await activate({ token, password, totp: code });
      if (response.status === 'ok') {
        queryClient.setQueryData<ClientMe | null>(CLIENT_ME_QUERY_KEY, response.me);
        navigate('/espace', { replace: true });
      }
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  const expires = new Date(info.data.expiresAt).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'fr-FR', {
    dateStyle: 'long',
    timeStyle: 'short',
  });
  return (
    <PublicLayout footer={t('clientSpace.login.never')}>
      <Stack gap="md">
        <Title order={2} size="h3">
          {t('clientSpace.activation.title')}
        </Title>
        <Text>
          {info.data.purpose === 'reset'
            ? t('clientSpace.activation.resetHello', { firstName: info.data.firstName })
            : t('clientSpace.activation.hello', { firstName: info.data.firstName })}{' '}
          {t('clientSpace.activation.intro')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('clientSpace.activation.expires', { date: expires })}
        </Text>
        {error ? (
          <Alert icon={<IconAlertCircle size={18} />} color="red" role="alert" data-testid="activation-error">
            {error}
          </Alert>
        ) : null}
        <Stepper active={step} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label={t('clientSpace.activation.stepPassword')}>
            <form onSubmit={onPassword} noValidate>
              <Stack gap="sm" mt="sm">
                <PasswordInput
                  label={t('clientSpace.activation.password')}
                  description={t('clientSpace.activation.passwordHint')}
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  data-testid="activation-password"
                />
                <PasswordInput
                  label={t('clientSpace.activation.confirm')}
                  autoComplete="new-password"
                  value={confirm}
                  onChange={(e) => setConfirm(e.currentTarget.value)}
                  data-testid="activation-confirm"
                />
                <Button type="submit" loading={busy} data-testid="activation-next">
                  {t('clientSpace.activation.next')}
                </Button>
              </Stack>
            </form>
          </Stepper.Step>
          <Stepper.Step label={t('clientSpace.activation.stepAuthenticator')}>
            {totp ? (
              <form onSubmit={onActivate} noValidate>
                <Stack gap="sm" mt="sm">
                  <Text size="sm">{t('clientSpace.activation.scan')}</Text>
                  <Box
                    component="img"
                    w={180}
                    h={180}
                    mx="auto"
                    style={{ display: 'block' }}
                    alt="QR code"
                    data-testid="activation-qr"
                    // An <img> of the server's SVG: displayed, never run as part of the page.
                    src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(totp.qrSvg)}`}
                  />
                  <Text size="sm">
                    {t('clientSpace.activation.key')} : <Code data-testid="activation-secret">{totp.secret}</Code>
                  </Text>
                  <TextInput
                    label={t('clientSpace.activation.code')}
                    value={code}
                    onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    placeholder="123456"
                    data-testid="activation-code"
                  />
                  <Button type="submit" loading={busy} disabled={code.length !== 6} data-testid="activation-submit">
                    {t('clientSpace.activation.activate')}
                  </Button>
                </Stack>
              </form>
            ) : null}
          </Stepper.Step>
        </Stepper>
      </Stack>
    </PublicLayout>
  );
}
