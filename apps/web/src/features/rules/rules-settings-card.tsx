import { Alert, Button, Group, NumberInput, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../components/notify.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { canEditRules, signatureOf, useBankRules, useUpdateBankRules } from './rules.api.ts';
import './rules.i18n.ts';

/** Admins only: the signature appended to public replies and the complaint threshold for four-eyes. */
export function RulesSettingsCard() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const rules = useBankRules();
  const update = useUpdateBankRules();
  const [signature, setSignature] = useState('');
  const [threshold, setThreshold] = useState<number>(-0.6);
  const loaded = rules.data;

  // Start from the stored values once they arrive (and after a save).
  useEffect(() => {
    if (!loaded) return;
    setSignature(loaded.signatureTemplate);
    setThreshold(loaded.complaintApprovalThreshold);
  }, [loaded]);

  if (!canEditRules(me.role) || !loaded) return null;
  const missing = !signature.includes('{prenom}');

  const save = () => {
    if (missing) return;
    update.mutate(
      { signatureTemplate: signature.trim(), complaintApprovalThreshold: threshold },
      { onSuccess: () => notifySuccess(t('rules.saved')) },
    );
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="rules-settings">
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('rules.settingsTitle')}
        </Title>
        <TextInput
          label={t('rules.signature')}
          description={t('rules.signatureHelp', { preview: signatureOf(signature, me.firstName) || '—' })}
          value={signature}
          maxLength={80}
          onChange={(event) => setSignature(event.currentTarget.value)}
          error={missing ? t('rules.signatureMissing') : undefined}
          data-testid="rules-signature"
        />
        <NumberInput
          label={t('rules.threshold')}
          description={t('rules.thresholdHelp')}
          value={threshold}
          min={-1}
          max={0}
          step={0.05}
          decimalScale={2}
          onChange={(value) => setThreshold(typeof value === 'number' ? value : Number(value))}
          data-testid="rules-threshold"
        />
        {update.isError ? (
          <Alert color="red" p="xs">
            {update.error.message}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button onClick={save} loading={update.isPending} disabled={missing} data-testid="rules-save">
            {t('rules.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
