import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { IconFingerprint, IconKey, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../components/notify.ts';
import { useWithReauth } from '../client-space/reauth.tsx';
import { createPasskey, PASSKEYS_KEY, removePasskey, usePasskeys } from './client-settings.api.ts';
import { passkeyErrorMessage } from './passkey-errors.ts';

/** The client's second factors: passkeys to add (after re-authentication), list and remove. */
export function SecurityPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const withReauth = useWithReauth();
  const passkeys = usePasskeys();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const supported = browserSupportsWebAuthn();
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);

  const run = async (key: string, action: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setError(null);
    try {
      await withReauth(action);
      await queryClient.invalidateQueries({ queryKey: PASSKEYS_KEY });
      notifySuccess(done);
      return true;
    } catch (caught) {
      setError(passkeyErrorMessage(caught));
      return false;
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="md" maw={720}>
      <div>
        <Title order={1} size="h2">
          {t('clientSettings.security.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('clientSettings.security.intro')}
        </Text>
      </div>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group gap="xs">
            <IconKey size={20} />
            <Text fw={650}>{t('clientSettings.security.passkeys')}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            {t('clientSettings.security.passkeysIntro')}
          </Text>
          {passkeys.isPending ? <Loader size="sm" /> : null}
          {passkeys.data?.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('clientSettings.security.none')}
            </Text>
          ) : null}
          {passkeys.data?.map((p) => (
            <Group key={p.id} justify="space-between" wrap="nowrap" data-testid="passkey-row">
              <div style={{ minWidth: 0 }}>
                <Group gap={6}>
                  <Text size="sm" fw={600} truncate="end" data-testid="passkey-name">
                    {p.name}
                  </Text>
                  {p.synced ? (
                    <Badge size="xs" variant="light">
                      {t('clientSettings.security.synced')}
                    </Badge>
                  ) : null}
                </Group>
                <Text size="xs" c="dimmed">
                  {t('clientSettings.security.created', { date: date(p.createdAt) })} ·{' '}
                  {p.lastUsedAt
                    ? t('clientSettings.security.lastUsed', { date: date(p.lastUsedAt) })
                    : t('clientSettings.security.neverUsed')}
                </Text>
              </div>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} />}
                loading={busy === p.id}
                onClick={() => void run(p.id, () => removePasskey(p.id), t('clientSettings.security.removed'))}
                data-testid="passkey-remove"
              >
                {t('clientSettings.security.remove')}
              </Button>
            </Group>
          ))}
          {error ? (
            <Alert color="red" role="alert" data-testid="passkey-error">
              {error}
            </Alert>
          ) : null}
          {supported ? (
            <Group align="flex-end" wrap="wrap">
              <TextInput
                label={t('clientSettings.security.name')}
                placeholder={t('clientSettings.security.namePlaceholder')}
                value={name}
                maxLength={60}
                onChange={(e) => setName(e.currentTarget.value)}
                style={{ flex: 1, minWidth: 200 }}
                data-testid="passkey-new-name"
              />
              <Button
                leftSection={<IconFingerprint size={16} />}
                disabled={!name.trim()}
                loading={busy === 'add'}
                onClick={async () => {
                  if (await run('add', () => createPasskey(name.trim()), t('clientSettings.security.added'))) setName('');
                }}
                data-testid="passkey-add"
              >
                {t('clientSettings.security.add')}
              </Button>
            </Group>
          ) : (
            <Alert color="gray">{t('clientSettings.security.unsupported')}</Alert>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
