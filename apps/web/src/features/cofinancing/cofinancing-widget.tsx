import { Anchor, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatEuros, useInvestorDashboard } from './cofinancing.api.ts';
import { formatDate } from './project-details.tsx';

/** The personal space's investor dashboard: invested, received, the next instalments, the impact. */
export function CofinancingWidget() {
  const { t, i18n } = useTranslation();
  const dashboard = useInvestorDashboard(true);
  if (!dashboard.data) return <Loader size="sm" />;
  const d = dashboard.data;
  const lang = i18n.language;
  return (
    <Stack gap="xs" data-testid="cofinancing-widget-body">
      <Group grow>
        <div>
          <Text size="xs" c="dimmed">
            {t('cofinancing.widget.invested')}
          </Text>
          <Text fw={700} data-testid="widget-invested">
            {formatEuros(d.investedCents, lang)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('cofinancing.widget.received')}
          </Text>
          <Text fw={700}>{formatEuros(d.receivedCents, lang)}</Text>
        </div>
      </Group>
      {d.upcoming.length ? (
        <div>
          <Text size="xs" c="dimmed">
            {t('cofinancing.widget.upcoming')}
          </Text>
          {d.upcoming.slice(0, 3).map((u) => (
            <Text key={`${u.projectTitle}-${u.dueOn}`} size="sm" truncate="end">
              {formatDate(u.dueOn, lang)} · {formatEuros(u.amountCents, lang)} · {u.projectTitle}
            </Text>
          ))}
        </div>
      ) : null}
      {d.impact.length ? (
        <div>
          <Text size="xs" c="dimmed">
            {t('cofinancing.widget.impact')}
          </Text>
          {d.impact.slice(0, 2).map((i) => (
            <Text key={`${i.projectTitle}-${i.title}`} size="sm" truncate="end">
              {i.title} · {i.projectTitle}
            </Text>
          ))}
        </div>
      ) : null}
      <Anchor component={Link} to="/espace/cofinancement" size="sm">
        {t('cofinancing.widget.discover')}
      </Anchor>
    </Stack>
  );
}
