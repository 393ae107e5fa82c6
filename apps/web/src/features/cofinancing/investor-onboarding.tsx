import { Alert, Button, Card, Checkbox, Group, Radio, Stack, Stepper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../components/notify.ts';
import { eurosToCents, formatEuros, useClientCofinancingMutations, useInvestorProfile, useKnowledgeTest } from './cofinancing.api.ts';
import { MoneyInput } from './money-input.tsx';

/**
 * The three steps before a first pledge (Regulation 2020/1503 art. 21, Delegated Regulation
 * 2022/2114): knowledge test, loss-bearing simulation, risk warning acknowledged. The server
 * decides; this screen only asks.
 */
export function InvestorOnboarding() {
  const { t, i18n } = useTranslation();
  const profile = useInvestorProfile();
  const test = useKnowledgeTest();
  const { takeTest, simulate, acknowledge } = useClientCofinancingMutations();
  const [answers, setAnswers] = useState<(number | null)[]>([null, null, null, null, null]);
  const [result, setResult] = useState<{ passed: boolean; score: number } | null>(null);
  const [income, setIncome] = useState('');
  const [assets, setAssets] = useState('');
  const [commitments, setCommitments] = useState('');
  const [understood, setUnderstood] = useState(false);
  if (!profile.data || !test.data) return null;
  const p = profile.data;
  const active = !p.knowledgePassed ? 0 : !p.simulated ? 1 : !p.riskAcknowledged ? 2 : 3;

  const submitTest = async () => {
    if (answers.some((a) => a === null)) return;
    try {
      setResult(await takeTest.mutateAsync(answers.map((a) => a ?? 0)));
    } catch (error) {
      notifyError(error);
    }
  };
  const submitSimulation = async () => {
    const values = [income, assets, commitments].map((v) => eurosToCents(v.trim() === '' ? '0' : v));
    if (values.some((v) => Number.isNaN(v))) return;
    await simulate
      .mutateAsync({ annualIncomeCents: values[0] ?? 0, liquidAssetsCents: values[1] ?? 0, annualCommitmentsCents: values[2] ?? 0 })
      .catch(notifyError);
  };

  return (
    <Card withBorder radius="md" padding="lg" data-testid="investor-onboarding">
      <Title order={2} size="h4">
        {t('cofinancing.onboarding.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('cofinancing.onboarding.intro')}
      </Text>
      <Stepper active={active} orientation="vertical" size="sm">
        <Stepper.Step label={t('cofinancing.onboarding.stepTest')}>
          <Stack gap="md" data-testid="knowledge-test">
            {test.data.questions.map((q, i) => (
              <Radio.Group
                key={q.question}
                label={`${i + 1}. ${q.question}`}
                value={answers[i] === null ? null : String(answers[i])}
                onChange={(v) => setAnswers((prev) => prev.map((a, j) => (j === i ? Number(v) : a)))}
              >
                <Stack gap={6} mt={6}>
                  {q.choices.map((c, k) => (
                    <Radio key={c} value={String(k)} label={c} data-testid={`q${i}-c${k}`} />
                  ))}
                </Stack>
              </Radio.Group>
            ))}
            {result && !result.passed ? (
              <Alert color="orange" data-testid="test-failed">
                {t('cofinancing.onboarding.testFailed', { score: result.score })}
              </Alert>
            ) : null}
            <Group>
              <Button
                onClick={() => void submitTest()}
                loading={takeTest.isPending}
                disabled={answers.some((a) => a === null)}
                data-testid="submit-test"
              >
                {t('cofinancing.onboarding.submitTest')}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('cofinancing.onboarding.stepSimulation')}>
          <Stack gap="sm" maw={420}>
            <MoneyInput label={t('cofinancing.onboarding.income')} value={income} onChange={setIncome} data-testid="sim-income" />
            <MoneyInput label={t('cofinancing.onboarding.assets')} value={assets} onChange={setAssets} data-testid="sim-assets" />
            <MoneyInput
              label={t('cofinancing.onboarding.commitments')}
              value={commitments}
              onChange={setCommitments}
              data-testid="sim-commitments"
            />
            <Group>
              <Button onClick={() => void submitSimulation()} loading={simulate.isPending} data-testid="submit-simulation">
                {t('cofinancing.onboarding.simulate')}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('cofinancing.onboarding.stepWarning')}>
          <Stack gap="sm">
            {p.netWorthCents !== null && p.lossCapacityCents !== null ? (
              <Text size="sm" data-testid="simulation-result">
                {t('cofinancing.onboarding.simulationResult', {
                  netWorth: formatEuros(p.netWorthCents, i18n.language),
                  loss: formatEuros(p.lossCapacityCents, i18n.language),
                })}
              </Text>
            ) : null}
            <Alert color="orange" variant="light" data-testid="risk-warning">
              {test.data.riskWarning}
            </Alert>
            <Checkbox
              label={t('cofinancing.onboarding.acknowledge')}
              checked={understood}
              onChange={(e) => setUnderstood(e.currentTarget.checked)}
              data-testid="ack-warning"
            />
            <Group>
              <Button
                onClick={() => void acknowledge.mutateAsync().catch(notifyError)}
                disabled={!understood}
                loading={acknowledge.isPending}
                data-testid="confirm-warning"
              >
                {t('cofinancing.onboarding.confirm')}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Completed>
          <Alert color="teal">{t('cofinancing.onboarding.ready')}</Alert>
        </Stepper.Completed>
      </Stepper>
    </Card>
  );
}
