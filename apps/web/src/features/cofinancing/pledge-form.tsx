import type { ProjectView } from '@agora/contracts/cofinancing.schema.ts';
import { Alert, Button, Card, Checkbox, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http-client.ts';
import { useClientAccounts } from '../personal-space/personal-space.api.ts';
import { eurosToCents, formatEuros, useClientCofinancingMutations, useInvestorProfile } from './cofinancing.api.ts';
import { MoneyInput } from './money-input.tsx';
import { formatDateTime } from './project-details.tsx';

/** Amount, account, and the specific warning with explicit consent above the threshold (art. 21(7)). */
export function PledgeForm({ project }: { project: ProjectView }) {
  const { t, i18n } = useTranslation();
  const profile = useInvestorProfile();
  const accounts = useClientAccounts();
  const { pledge } = useClientCofinancingMutations();
  const [amount, setAmount] = useState('');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ amountCents: number; until: string } | null>(null);
  const lang = i18n.language;
  if (!profile.data) return null;
  const cents = amount.trim() === '' ? Number.NaN : eurosToCents(amount);
  const large = !Number.isNaN(cents) && cents > profile.data.largePledgeThresholdCents;
  const left = project.targetCents - project.raisedCents;
  const account = accountId ?? accounts.data?.find((a) => a.kind === 'current')?.id ?? null;

  if (project.status !== 'published') return <Alert color="gray">{t('cofinancing.pledge.closed')}</Alert>;

  const submit = async () => {
    setError(null);
    if (Number.isNaN(cents) || cents <= 0) {
      setError(t('cofinancing.pledge.invalidAmount'));
      return;
    }
    if (!account) return;
    try {
      const created = await pledge.mutateAsync({
        projectId: project.id,
        amountCents: cents,
        accountId: account,
        largePledgeConsent: large && consent,
      });
      setDone({ amountCents: created.amountCents, until: created.reflectionEndsAt });
      setAmount('');
      setConsent(false);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <Card withBorder radius="md" padding="lg" data-testid="pledge-form">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('cofinancing.pledge.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('cofinancing.pledge.limits', {
            min: formatEuros(project.minPledgeCents, lang),
            max: formatEuros(project.maxPledgeCents, lang),
            left: formatEuros(left, lang),
          })}
        </Text>
        <Group align="flex-end" grow preventGrowOverflow={false}>
          <MoneyInput
            label={t('cofinancing.pledge.amount')}
            value={amount}
            onChange={(v) => {
              setAmount(v);
              setDone(null);
            }}
            data-testid="pledge-amount"
          />
          <Select
            label={t('cofinancing.pledge.account')}
            value={account}
            onChange={setAccountId}
            allowDeselect={false}
            data={(accounts.data ?? []).map((a) => ({
              value: a.id,
              label: `${a.label} · ${formatEuros(a.availableCents, lang)}`,
            }))}
            data-testid="pledge-account"
          />
        </Group>
        {large ? (
          <Alert color="red" variant="light" data-testid="large-warning">
            <Stack gap="xs">
              <Text size="sm">
                {t('cofinancing.pledge.largeWarning', { threshold: formatEuros(profile.data.largePledgeThresholdCents, lang) })}
              </Text>
              <Checkbox
                label={t('cofinancing.pledge.largeConsent')}
                checked={consent}
                onChange={(e) => setConsent(e.currentTarget.checked)}
                data-testid="large-consent"
              />
            </Stack>
          </Alert>
        ) : null}
        {error ? (
          <Alert color="orange" data-testid="pledge-error">
            {error}
          </Alert>
        ) : null}
        {done ? (
          <Alert color="teal" data-testid="pledge-done">
            {t('cofinancing.pledge.done', { amount: formatEuros(done.amountCents, lang), date: formatDateTime(done.until, lang) })}
          </Alert>
        ) : null}
        <Text size="xs" c="dimmed">
          {t('cofinancing.pledge.reflection')}
        </Text>
        <Group>
          <Button onClick={() => void submit()} loading={pledge.isPending} disabled={large && !consent} data-testid="pledge-submit">
            {t('cofinancing.pledge.submit')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
