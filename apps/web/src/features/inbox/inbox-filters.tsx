import { channelSchema } from '@agora/contracts/common.schema.ts';
import { conversationStatusSchema } from '@agora/contracts/conversation.schema.ts';
import { CloseButton, Group, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AssigneeFilter, InboxFilters } from './conversations.api.ts';

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
