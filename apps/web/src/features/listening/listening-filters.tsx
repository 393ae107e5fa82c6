import type { ListeningQuery } from '@agora/contracts/listening.schema.ts';
import { Button, Group, MultiSelect, SegmentedControl, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

const DAY = 86_400_000;
export const CHANNELS = ['x', 'facebook', 'instagram', 'trustpilot', 'google_play', 'app_store', 'rss', 'forum'] as const;

/** Period presets: the last 3 hours (by minute, to follow a crisis), then days. */
const PERIODS = [
  ['h3', 3 * 3_600_000],
  ['1', DAY],
  ['7', 7 * DAY],
  ['30', 30 * DAY],
  ['90', 90 * DAY],
] as const;

/** The period preset in force, read back from `from` when it is one of ours. */
function periodOf(from: string | null): string {
  if (!from) return '30';
  const span = Date.now() - new Date(from).getTime();
  // Within a tenth of the preset (or of a day for days): the page may have been open a while.
  return PERIODS.find(([, ms]) => Math.abs(span - ms) <= Math.min(ms / 10, DAY))?.[0] ?? '';
}

/** Filters shared by the dashboard and the mentions list, kept in the URL (shareable, back button). */
export function ListeningFilterBar({ queries, withTerm = false }: { queries: ListeningQuery[]; withTerm?: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const period = periodOf(params.get('from'));
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="listening-filters">
      <MultiSelect
        label={t('listening.filters.queries')}
        placeholder={params.get('queryIds') ? undefined : t('listening.filters.queriesPlaceholder')}
        data={queries.map((q) => ({ value: q.id, label: `${q.name} · ${t(`listening.kinds.${q.kind}`)}` }))}
        value={(params.get('queryIds') ?? '').split(',').filter(Boolean)}
        onChange={(v) => set('queryIds', v.join(','))}
        w={300}
        clearable
        data-testid="filter-queries"
      />
      <div>
        <SegmentedControl
          aria-label={t('listening.filters.period')}
          data={PERIODS.map(([d]) => ({ value: d, label: t(`listening.filters.periods.${d}`) }))}
          value={period}
          onChange={(d) => {
            const next = new URLSearchParams(params);
            next.set('from', new Date(Date.now() - (PERIODS.find(([p]) => p === d)?.[1] ?? 30 * DAY)).toISOString());
            next.delete('to');
            setParams(next, { replace: true });
          }}
          data-testid="filter-period"
        />
      </div>
      <MultiSelect
        label={t('listening.filters.channels')}
        placeholder={params.get('channels') ? undefined : t('listening.filters.allChannels')}
        data={CHANNELS.map((c) => ({ value: c, label: t(`listening.channel.${c}`) }))}
        value={(params.get('channels') ?? '').split(',').filter(Boolean)}
        onChange={(v) => set('channels', v.join(','))}
        w={240}
        clearable
      />
      <Select
        label={t('listening.filters.sentiment')}
        placeholder={t('listening.filters.anySentiment')}
        data={(['negative', 'neutral', 'positive'] as const).map((s) => ({ value: s, label: t(`signals.sentimentValue.${s}`) }))}
        value={params.get('sentiment')}
        onChange={(v) => set('sentiment', v)}
        w={140}
        clearable
      />
      {withTerm && params.get('term') ? (
        <Button variant="light" size="sm" onClick={() => set('term', null)} rightSection="×">
          {t('listening.filters.term')} : {params.get('term')}
        </Button>
      ) : null}
      {[...params.keys()].length > 0 ? (
        <Button variant="subtle" size="sm" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
          {t('listening.filters.clear')}
        </Button>
      ) : null}
    </Group>
  );
}
