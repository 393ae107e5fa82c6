import { channelSchema } from '@agora/contracts/common.schema.ts';
import { conversationStatusSchema } from '@agora/contracts/conversation.schema.ts';
import { CloseButton, Group, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ChannelGlyph } from './channel-icon.tsx';
import type { AssigneeFilter, InboxFilters } from './conversations.api.ts';
import { KNOWN_INTENTS, SENTIMENTS, URGENCIES, useIntentLabel } from './signals.tsx';

const CHANNELS = channelSchema.options;
const STATUSES = conversationStatusSchema.options;
const ASSIGNEES: AssigneeFilter[] = ['me', 'team', 'unassigned'];

/** Filters live in the URL so a filtered view can be reloaded or shared with a colleague. */
export function useInboxFilters(): [InboxFilters, (patch: Partial<Record<keyof InboxFilters, string | null>>) => void] {
  const [params, setParams] = useSearchParams();
  const pick = <T extends string>(key: string, allowed: readonly T[]) => {
    const value = params.get(key);
    return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
  };
  const filters: InboxFilters = {
    search: params.get('q')?.trim() || undefined,
    channel: pick('channel', CHANNELS),
    status: pick('status', STATUSES),
    assignee: pick('assignee', ASSIGNEES),
    // Any intent name is accepted (a newer model may return one the web app has no label for yet).
    intent: params.get('intent')?.trim().slice(0, 80) || undefined,
    sentiment: pick('sentiment', SENTIMENTS),
    urgency: pick('urgency', URGENCIES),
  };
  const update = (patch: Partial<Record<keyof InboxFilters, string | null>>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(patch)) {
          const name = key === 'search' ? 'q' : key;
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next;
      },
      { replace: true },
    );
  };
  return [filters, update];
}

export function InboxFiltersPanel({ filters, onChange }: { filters: InboxFilters; onChange: ReturnType<typeof useInboxFilters>[1] }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(filters.search ?? '');
  const [debounced] = useDebouncedValue(search, 300);
  const intentLabel = useIntentLabel();
  const intentOptions = useMemo(() => {
    const names = new Set(KNOWN_INTENTS);
    if (filters.intent) names.add(filters.intent);
    return [...names]
      .map((name) => ({ value: name, label: intentLabel(name) }))
      .sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }));
  }, [filters.intent, intentLabel]);

  // Only the typed text drives this effect; the URL is the source of truth otherwise.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-running on filter or callback changes would undo a reset from the URL
  useEffect(() => {
    if ((debounced.trim() || undefined) !== filters.search) onChange({ search: debounced.trim() || null });
  }, [debounced]);

  return (
    <Stack gap="xs" p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }} data-testid="inbox-filters">
      <TextInput
        aria-label={t('inbox.search')}
        placeholder={t('inbox.searchPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        rightSection={search ? <CloseButton size="sm" aria-label={t('inbox.resetFilters')} onClick={() => setSearch('')} /> : null}
        data-testid="filter-search"
        type="search"
      />
      <Group gap="xs" grow wrap="nowrap">
        <Select
          aria-label={t('inbox.channel')}
          placeholder={t('inbox.allChannels')}
          data={CHANNELS.map((channel) => ({ value: channel, label: t(`channels.${channel}`) }))}
          value={filters.channel ?? null}
          onChange={(value) => onChange({ channel: value })}
          leftSection={filters.channel ? <ChannelGlyph channel={filters.channel} size={14} /> : undefined}
          renderOption={({ option }) => (
            <Group gap={8} wrap="nowrap">
              <ChannelGlyph channel={option.value} />
              <span>{option.label}</span>
            </Group>
          )}
          clearable
          size="xs"
          data-testid="filter-channel"
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          aria-label={t('inbox.status')}
          placeholder={t('inbox.allStatuses')}
          data={STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          value={filters.status ?? null}
          onChange={(value) => onChange({ status: value })}
          clearable
          size="xs"
          data-testid="filter-status"
        />
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Select
          aria-label={t('filters.intent')}
          placeholder={t('filters.allIntents')}
          data={intentOptions}
          value={filters.intent ?? null}
          onChange={(value) => onChange({ intent: value })}
          searchable
          clearable
          nothingFoundMessage={t('filters.noIntent')}
          maxDropdownHeight={320}
          size="xs"
          style={{ flex: 1.25, minWidth: 0 }}
          data-testid="filter-intent"
          comboboxProps={{ withinPortal: true, width: 300, position: 'bottom-start' }}
        />
        <Select
          aria-label={t('filters.sentiment')}
          placeholder={t('filters.sentiment')}
          data={SENTIMENTS.map((value) => ({ value, label: t(`signals.sentimentValue.${value}`) }))}
          value={filters.sentiment ?? null}
          onChange={(value) => onChange({ sentiment: value })}
          clearable
          size="xs"
          style={{ flex: 1, minWidth: 0 }}
          data-testid="filter-sentiment"
        />
        <Select
          aria-label={t('filters.urgency')}
          placeholder={t('filters.urgency')}
          data={URGENCIES.map((value) => ({ value, label: t(`signals.urgencyValue.${value}`) }))}
          value={filters.urgency ?? null}
          onChange={(value) => onChange({ urgency: value })}
          clearable
          size="xs"
          style={{ flex: 1, minWidth: 0 }}
          data-testid="filter-urgency"
        />
      </Group>
      <SegmentedControl
        aria-label={t('inbox.assignee')}
        size="xs"
        fullWidth
        value={filters.assignee ?? 'all'}
        onChange={(value) => onChange({ assignee: value === 'all' ? null : value })}
        data={[
          { value: 'all', label: t('inbox.allAssignees') },
          { value: 'me', label: t('inbox.mine') },
          { value: 'team', label: t('inbox.myTeam') },
          { value: 'unassigned', label: t('inbox.unassigned') },
        ]}
        data-testid="filter-assignee"
      />
    </Stack>
  );
}
