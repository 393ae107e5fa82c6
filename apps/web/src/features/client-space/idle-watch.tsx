import type { ClientMe } from '@agora/contracts/clients.schema.ts';
import { Button, Group, Modal, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLIENT_ME_QUERY_KEY, clientKeepAlive, clientLogout, fetchClientMe, markSignedOut } from './client-auth.api.ts';

const WARN_BEFORE_MS = 60_000;

/**
 * The secure space signs out after a few idle minutes (the server decides; CLIENT_IDLE_MINUTES).
 * A minute before, a dialog offers to stay; at the end the client lands on the sign-in page with
 * the reason. Any API call made by the client moves the server's clock, so the expiry is re-read.
 */
export function IdleWatch({ me }: { me: ClientMe }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [now, setNow] = useState(() => Date.now());
  const expiresAt = new Date(me.idleExpiresAt).getTime();
  const remaining = expiresAt - now;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  // Re-check every 5 seconds during the last minute, not every second.
  const checkpoint = Math.floor(remaining / 5000);
  useEffect(() => {
    if (checkpoint * 5000 > WARN_BEFORE_MS + 5_000) return;
    // Near the end, check what the server thinks: another tab may have kept the session alive.
    let cancelled = false;
    void fetchClientMe().then((fresh) => {
      if (cancelled) return;
      if (!fresh) {
        markSignedOut(queryClient, { reason: 'inactivite', minutes: me.idleMinutes });
      } else if (fresh.idleExpiresAt !== me.idleExpiresAt) {
        queryClient.setQueryData(CLIENT_ME_QUERY_KEY, fresh);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [checkpoint, me.idleExpiresAt, me.idleMinutes, queryClient]);

  const stay = async () => {
    const fresh = await clientKeepAlive().catch(() => null);
    if (fresh) queryClient.setQueryData(CLIENT_ME_QUERY_KEY, fresh);
    else markSignedOut(queryClient, { reason: 'inactivite', minutes: me.idleMinutes });
  };
  const leave = async () => {
    await clientLogout().catch(() => undefined);
    markSignedOut(queryClient, { reason: 'deconnexion' });
  };

  return (
    <Modal
      opened={remaining <= WARN_BEFORE_MS}
      onClose={() => void stay()}
      title={t('clientSpace.idle.title')}
      centered
      withCloseButton={false}
    >
      <Text data-testid="client-idle-warning">{t('clientSpace.idle.body', { seconds: Math.max(0, Math.ceil(remaining / 1000)) })}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={() => void leave()}>
          {t('clientSpace.idle.leave')}
        </Button>
        <Button onClick={() => void stay()} data-testid="client-idle-stay">
          {t('clientSpace.idle.stay')}
        </Button>
      </Group>
    </Modal>
  );
}
