import type { ListeningAlert } from '@agora/contracts/listening.schema.ts';
import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Paper, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { IconAlertOctagon } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { formatDateTime, RelativeTime } from '../../components/relative-time.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { canToggleCrisis, useBankRules, useUpdateBankRules } from '../rules/rules.api.ts';
import { ALERT_HANDLER_ROLES, useAcknowledgeAlert, useAlerts } from './listening.api.ts';

const SEVERITY_COLOR = { info: 'blue', warning: 'orange', critical: 'red' } as const;

function CrisisSuggestion() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const rules = useBankRules();
  const update = useUpdateBankRules();
  const [asking, setAsking] = useState(false);
  if (rules.data?.crisisMode)
    return (
      <Text size="sm" c="red.7" fw={600}>
        {t('listening.alerts.crisisActive')}
      </Text>
    );
  return (
    <Stack gap={6}>
      <Group gap={6}>
        <IconAlertOctagon size={16} color="var(--mantine-color-red-7)" aria-hidden />
        <Text size="sm" c="red.7" fw={600}>
          {t('listening.alerts.crisisSuggested')}
        </Text>
      </Group>
      <Group gap="xs">
        {canToggleCrisis(me.role) ? (
          <Button size="xs" color="red" onClick={() => setAsking(true)} data-testid="alert-crisis-on">
            {t('listening.alerts.crisisOn')}
          </Button>
        ) : null}
        <Anchor component={Link} to="/answers" size="xs">
          {t('listening.alerts.holding')}
        </Anchor>
      </Group>
      <Modal opened={asking} onClose={() => setAsking(false)} title={t('listening.alerts.crisisOn')}>
        <Text size="sm">{t('listening.alerts.crisisConfirm')}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setAsking(false)}>
            {t('common.cancel', { defaultValue: 'Annuler' })}
          </Button>
          <Button
            color="red"
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { crisisMode: true },
                {
                  onSuccess: () => {
                    setAsking(false);
                    notifySuccess(t('rules.crisisOn'));
                  },
                  onError: notifyError,
                },
              )
            }
            data-testid="alert-crisis-confirm"
          >
            {t('listening.alerts.crisisOn')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}

function AlertCard({ alert }: { alert: ListeningAlert }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const ack = useAcknowledgeAlert();
  const s = alert.summary;
  const total = s.sentiment.negative + s.sentiment.neutral + s.sentiment.positive;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="alert-card"
      style={{ borderLeft: `4px solid var(--mantine-color-${SEVERITY_COLOR[alert.severity]}-6)` }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap={6}>
            <Badge color={SEVERITY_COLOR[alert.severity]}>{t(`listening.alerts.severity.${alert.severity}`)}</Badge>
            <Badge variant="light">{t(`listening.alerts.kinds.${alert.kind}`)}</Badge>
            <Text fw={600}>{alert.queryName}</Text>
            {alert.term ? (
              <Badge variant="outline" style={{ textTransform: 'none' }}>
                {alert.term}
              </Badge>
            ) : null}
          </Group>
          <Text size="sm">
            {t('listening.alerts.observed', { observed: Math.round(alert.observed), expected: Math.round(alert.expected) })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('listening.alerts.window')} : {formatDateTime(alert.windowStart, i18n.language)} →{' '}
            {formatDateTime(alert.windowEnd, i18n.language)}
          </Text>
        </Stack>
        <Stack gap={4} align="flex-end">
          <RelativeTime iso={alert.createdAt} />
          {alert.acknowledgedAt ? (
            <Badge color="teal" variant="dot">
              {t('listening.alerts.acknowledged')}
            </Badge>
          ) : ALERT_HANDLER_ROLES.includes(me.role) ? (
            <Button
              size="xs"
              variant="default"
              loading={ack.isPending}
              onClick={() => ack.mutate(alert.id, { onError: notifyError })}
              data-testid="alert-ack"
            >
              {t('listening.alerts.acknowledge')}
            </Button>
          ) : null}
        </Stack>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} mt="sm">
        <div>
          <Text size="xs" c="dimmed">
            {t('listening.alerts.topTerms')}
          </Text>
          <Group gap={4}>
            {s.topTerms.slice(0, 6).map((term) => (
              <Badge key={term.term} size="sm" variant="light" style={{ textTransform: 'none' }}>
                {term.term} · {term.mentions}
              </Badge>
            ))}
          </Group>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('listening.alerts.sentiment')}
          </Text>
          <Text size="sm">
            {(['negative', 'neutral', 'positive'] as const)
              .map((k) => `${t(`signals.sentimentValue.${k}`)} ${total ? Math.round((s.sentiment[k] / total) * 100) : 0} %`)
              .join(' · ')}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('listening.alerts.topAuthors')}
          </Text>
          <Text size="sm" lineClamp={2}>
            {s.topAuthors.map((a) => `${a.name} (${a.mentions})`).join(', ') || '—'}
          </Text>
        </div>
      </SimpleGrid>
      {s.examples.length ? (
        <Stack gap={4} mt="sm">
          <Text size="xs" c="dimmed">
            {t('listening.alerts.examples')}
          </Text>
          {s.examples.map((e) => (
            <Text key={e.id} size="sm" lineClamp={2}>
              <b>{e.author}</b> — {e.body}
            </Text>
          ))}
        </Stack>
      ) : null}
      <Group justify="space-between" mt="sm" align="flex-end">
        {alert.suggestsCrisis && !alert.acknowledgedAt ? <CrisisSuggestion /> : <span />}
        <Anchor component={Link} to={alert.link.replace('/listening?', '/listening/mentions?')} size="sm" data-testid="alert-drill">
          {t('listening.mentions.drill')}
        </Anchor>
      </Group>
    </Paper>
  );
}

export function AlertsTab() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const alerts = useAlerts(open);
  return (
    <Stack gap="sm" data-testid="alerts-list">
      <Switch label={t('listening.alerts.openOnly')} checked={open} onChange={(e) => setOpen(e.currentTarget.checked)} />
      {alerts.isLoading ? <Loader /> : null}
      {alerts.error ? <Alert color="red">{(alerts.error as Error).message}</Alert> : null}
      {alerts.data?.length === 0 ? <Text c="dimmed">{t('listening.alerts.empty')}</Text> : null}
      {alerts.data?.map((a) => (
        <AlertCard key={a.id} alert={a} />
      ))}
    </Stack>
  );
}
