import { Alert, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClientAccounts } from '../personal-space.api.ts';

export function formatCents(cents: number, language: string) {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** The client's accounts from the core-banking system: label, masked IBAN, balance. */
export function AccountsWidget() {
  const { t, i18n } = useTranslation();
  const accounts = useClientAccounts();
  if (accounts.isPending) return <Loader size="sm" />;
  if (accounts.isError) return <Alert color="orange">{accounts.error.message}</Alert>;
  if (accounts.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('personalSpace.widgets.accounts.none')}
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="accounts-list">
      {accounts.data.map((account) => (
        <Group key={account.id} justify="space-between" wrap="nowrap" align="flex-start" data-testid="account-row">
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate="end">
              {account.label}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace" data-testid="account-iban">
              {account.ibanMasked}
            </Text>
          </div>
          <div style={{ textAlign: 'right', flex: 'none' }}>
            <Text size="sm" fw={650} c={account.balanceCents < 0 ? 'red' : undefined} data-testid="account-balance">
              {formatCents(account.balanceCents, i18n.language)}
            </Text>
            {account.availableCents !== account.balanceCents ? (
              <Text size="xs" c="dimmed">
                {t('personalSpace.widgets.accounts.available', { amount: formatCents(account.availableCents, i18n.language) })}
              </Text>
            ) : null}
          </div>
        </Group>
      ))}
    </Stack>
  );
}
