import { type ChannelView, CREDENTIAL_FIELDS } from '@agora/contracts/channels.schema.ts';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../components/notify.ts';
import { useUpdateChannelCredentials } from './channels.api.ts';

/**
 * The platform's credential fields. Secrets are never sent back by the server, so their inputs
 * start empty (the masked value is shown as a hint) and a field left empty keeps what is stored.
 */
export function CredentialsModal({ channel, onClose }: { channel: ChannelView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateChannelCredentials();
  // Identifiers are not secret: the form starts with them so the admin sees what is connected.
  // The page mounts one modal per channel (key), so this runs once per opening.
  const [values, setValues] = useState<Record<string, string>>(() =>
    channel
      ? Object.fromEntries(
          CREDENTIAL_FIELDS[channel.platform]
            .filter((field) => !field.secret && channel.maskedCredentials[field.name])
            .map((field) => [field.name, channel.maskedCredentials[field.name] ?? '']),
        )
      : {},
  );

  if (!channel) return null;
  const fields = CREDENTIAL_FIELDS[channel.platform];
  const missing = channel.credentialsSource === 'none';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const credentials = Object.fromEntries(
      fields
        .map((f) => [f.name, (values[f.name] ?? '').trim()] as const)
        // Unchanged identifiers and empty secrets are left out: the stored values stay.
        .filter(([name, value]) => value !== '' && value !== channel.maskedCredentials[name]),
    );
    update.mutate(
      { platform: channel.platform, credentials },
      {
        onSuccess: () => {
          notifySuccess(t('channels.settings.saved'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('channels.settings.editTitle', {
        name: t(`channels.settings.names.${channel.platform}`, { defaultValue: channel.displayName }),
      })}
      size="lg"
      data-testid="credentials-modal"
    >
      <form onSubmit={onSubmit} autoComplete="off">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {missing ? t('channels.settings.editHelpNew') : t('channels.settings.editHelp')}
          </Text>
          {update.error ? (
            <Alert color="red" role="alert" data-testid="credentials-error">
              {update.error.message}
            </Alert>
          ) : null}
          {fields.map((field) => {
            const label = t(`channels.settings.fields.${field.name}`);
            const current = channel.maskedCredentials[field.name];
            const props = {
              label,
              value: values[field.name] ?? '',
              onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [field.name]: event.currentTarget.value }),
              'data-testid': `credential-${field.name}`,
              autoComplete: 'off',
            };
            if (!field.secret) return <TextInput key={field.name} {...props} />;
            const description = current ? t('channels.settings.currentValue', { value: current }) : t('channels.settings.notSet');
            if (field.multiline) {
              return (
                <Textarea
                  key={field.name}
                  {...props}
                  description={description}
                  placeholder="-----BEGIN PRIVATE KEY-----"
                  autosize
                  minRows={3}
                  maxRows={8}
                  spellCheck={false}
                  styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
                />
              );
            }
            return (
              <PasswordInput
                key={field.name}
                {...props}
                description={description}
                placeholder={current ? t('channels.settings.keepPlaceholder') : undefined}
                autoComplete="new-password"
              />
            );
          })}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="credentials-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
