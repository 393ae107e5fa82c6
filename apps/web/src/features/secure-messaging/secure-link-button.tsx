import { Button, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconShieldLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createSecureLink } from './secure.api.ts';

/**
 * In a private reply: asks for a single-use, expiring secure-space link bound to this conversation
 * and inserts it in the reply; the agent sends it like any reply.
 */
export function SecureLinkButton({
  conversationId,
  disabled,
  onInsert,
}: {
  conversationId: string;
  disabled: boolean;
  onInsert: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const insert = async () => {
    setPending(true);
    try {
      const { url } = await createSecureLink(conversationId);
      onInsert(t('secure.link.text', { url }));
      notifications.show({ color: 'teal', message: t('secure.link.created') });
    } catch (error) {
      notifications.show({ color: 'red', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setPending(false);
    }
  };
  return (
    <Tooltip label={t('secure.link.tooltip')} multiline w={280}>
      <Button
        size="compact-xs"
        variant="light"
        leftSection={<IconShieldLock size={14} />}
        loading={pending}
        disabled={disabled}
        onClick={() => void insert()}
        data-testid="secure-link-insert"
      >
        {t('secure.link.button')}
      </Button>
    </Tooltip>
  );
}
