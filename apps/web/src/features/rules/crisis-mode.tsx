import { Box, Button, Group, Modal, Paper, Stack, Switch, Text } from '@mantine/core';
import { IconAlertOctagon } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { canToggleCrisis, useBankRules, useUpdateBankRules } from './rules.api.ts';
import './rules.i18n.ts';

/** Height the header grows by while the crisis banner shows (the inbox sizes itself on the header). */
export const CRISIS_BANNER_HEIGHT = 30;

export function useCrisisMode(): boolean {
  return useBankRules().data?.crisisMode === true;
}

/** The red strip every agent sees, on every screen, while crisis mode is on. */
export function CrisisBanner() {
  const { t } = useTranslation();
  if (!useCrisisMode()) return null;
  return (
    <Box
      role="status"
      h={CRISIS_BANNER_HEIGHT}
      px="md"
      // The header is padded: reach its edges.
      mx="calc(var(--mantine-spacing-md) * -1)"
      bg="red.7"
      c="white"
      style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 8 }}
      data-testid="crisis-banner"
    >
      <IconAlertOctagon size={16} aria-hidden />
      <Text size="sm" fw={600} c="white">
        {t('rules.crisisBanner')}
      </Text>
    </Box>
  );
}

/** Supervisors and admins turn crisis mode on or off, after a confirmation. */
export function CrisisToggle() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const rules = useBankRules();
  const update = useUpdateBankRules();
  const [asking, setAsking] = useState<boolean | null>(null);
  if (!canToggleCrisis(me.role) || !rules.data) return null;
  const on = rules.data.crisisMode;

  const confirm = () => {
    if (asking === null) return;
    update.mutate(
      { crisisMode: asking },
      {
        onSuccess: (next) => {
          setAsking(null);
          notifySuccess(next.crisisMode ? t('rules.crisisOn') : t('rules.crisisOff'));
        },
        onError: notifyError,
      },
    );
  };

  return (
    <Paper withBorder p="sm" radius="md" style={on ? { borderColor: 'var(--mantine-color-red-5)' } : undefined}>
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={0}>
          <Text fw={600} size="sm" c={on ? 'red.8' : undefined}>
            {t('rules.crisisToggle')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('rules.crisisHelp')}
          </Text>
        </Stack>
        <Switch
          color="red"
          size="md"
          checked={on}
          onChange={(event) => setAsking(event.currentTarget.checked)}
          aria-label={t('rules.crisisToggle')}
          data-testid="crisis-toggle"
          data-checked={on ? 'true' : 'false'}
        />
      </Group>
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking ? t('rules.crisisOnTitle') : t('rules.crisisOffTitle')}
        data-testid="confirm-modal"
      >
        <Stack>
          <Text size="sm">{asking ? t('rules.crisisOnBody') : t('rules.crisisOffBody')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </Button>
            <Button color={asking ? 'red' : 'bank'} onClick={confirm} loading={update.isPending} data-testid="confirm-ok">
              {t('common.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
