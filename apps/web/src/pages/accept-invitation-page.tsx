import { Alert, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { notifySuccess } from '../components/notify.ts';
import { PublicLayout } from '../components/public-layout.tsx';
import { acceptInvite } from '../features/auth/auth.api.ts';

const MIN_PASSWORD_LENGTH = 12;

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const tooShort = password.length > 0 && password.length < MIN_PASSWORD_LENGTH;
  const mismatch = confirmation.length > 0 && confirmation !== password;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (password.length < MIN_PASSWORD_LENGTH) return setError(t('invitation.tooShort'));
    if (password !== confirmation) return setError(t('invitation.mismatch'));
    setBusy(true);
    try {
      await acceptInvite(token, password);
      notifySuccess(t('invitation.done'));
      navigate('/login', { replace: true });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout>
      <form onSubmit={onSubmit} noValidate data-testid="invitation-form">
        <Stack gap="md">
          <Title order={2} size="h3">
            {t('invitation.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('invitation.intro')}
          </Text>
          {error ? (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="invitation-error">
              {error}
            </Alert>
          ) : null}
          <PasswordInput
            label={t('invitation.password')}
            description={t('invitation.help')}
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={tooShort ? t('invitation.tooShort') : undefined}
            required
            autoFocus
            data-testid="invitation-password"
          />
          <PasswordInput
            label={t('invitation.confirm')}
            autoComplete="new-password"
            value={confirmation}
            onChange={(event) => setConfirmation(event.currentTarget.value)}
            error={mismatch ? t('invitation.mismatch') : undefined}
            required
            data-testid="invitation-password-confirm"
          />
          <Button type="submit" loading={busy} fullWidth data-testid="invitation-submit">
            {t('invitation.submit')}
          </Button>
        </Stack>
      </form>
    </PublicLayout>
  );
}
