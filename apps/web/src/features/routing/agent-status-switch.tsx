import { SegmentedControl, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../components/notify.ts';
import { useMyRouting, useSetMyStatus } from './routing.api.ts';
import './routing.i18n.ts';

/** The header switch: conversations are assigned automatically only to people who are available. */
export function AgentStatusSwitch() {
  const { t } = useTranslation();
  const me = useMyRouting();
  const set = useSetMyStatus();
  if (!me.data) return null;
  const value = me.data.status === 'available' ? 'available' : 'away';
  return (
    <Tooltip label={t('routing.load', { load: me.data.load, capacity: me.data.capacity })}>
      <SegmentedControl
        size="xs"
        aria-label={t('routing.status.label')}
        value={value}
        color={value === 'available' ? 'teal' : 'gray'}
        onChange={(next) => set.mutate(next as 'available' | 'away', { onError: notifyError })}
        data={[
          { value: 'available', label: t('routing.status.available') },
          { value: 'away', label: t('routing.status.away') },
        ]}
        data-testid="agent-status"
      />
    </Tooltip>
  );
}
