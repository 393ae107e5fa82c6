import { Alert, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../components/notify.ts';
import { CLIENT_ME_QUERY_KEY } from '../client-space/client-auth.api.ts';
import { useWithReauth } from '../client-space/reauth.tsx';
import { changeContactDetails, PROFILE_KEY, useClientProfile } from './client-settings.api.ts';

/** The client's own contact details; changing them asks for both factors again (server rule). */
export function ContactDetailsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const withReauth = useWithReauth();
  const profile = useClientProfile();
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!profile.data) return;
    setEmail(profile.data.email);
    setPhone(profile.data.phone ?? '');
  }, [profile.data]);

  if (profile.isPending) return <Loader />;
  if (profile.isError) return <Alert color="red">{profile.error.message}</Alert>;
  const current = profile.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const change = {
      ...(email.trim().toLowerCase() !== current.email ? { email: email.trim() } : {}),
      ...(phone.trim() !== (current.phone ?? '') ? { phone: phone.trim() || null } : {}),
    };
    if (Object.keys(change).length === 0) return setError(t('clientSettings.details.unchanged'));
    setBusy(true);
    try {
      const saved = await withReauth(() => changeContactDetails(change));
      queryClient.setQueryData(PROFILE_KEY, saved);
      void queryClient.invalidateQueries({ queryKey: CLIENT_ME_QUERY_KEY });
      notifySuccess(t('clientSettings.details.saved'));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md" maw={640}>
      <div>
        <Title order={1} size="h2">
          {t('clientSettings.details.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('clientSettings.details.intro')}
        </Text>
      </div>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Group grow wrap="wrap">
              <TextInput
                label={t('clientSettings.details.name')}
                value={`${current.firstName} ${current.lastName}`}
                readOnly
                variant="filled"
              />
              <TextInput
                label={t('clientSettings.details.birthDate')}
                value={current.birthDate ? new Date(`${current.birthDate}T12:00:00Z`).toLocaleDateString(i18n.language) : '—'}
                readOnly
                variant="filled"
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t('clientSettings.details.fixed')}
            </Text>
            <TextInput
              label={t('clientSettings.details.email')}
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              data-testid="details-email"
            />
            <TextInput
              label={t('clientSettings.details.phone')}
              type="tel"
              autoComplete="tel"
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              data-testid="details-phone"
            />
            {error ? (
              <Alert color="red" role="alert" data-testid="details-error">
                {error}
              </Alert>
            ) : null}
            <Button type="submit" loading={busy} data-testid="details-save">
              {t('clientSettings.details.save')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
