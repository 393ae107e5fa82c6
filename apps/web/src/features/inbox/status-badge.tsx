import type { ConversationStatus } from '@agora/contracts/conversation.schema.ts';
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<ConversationStatus, string> = { open: 'blue', pending: 'orange', resolved: 'gray' };

export function StatusBadge({ status }: { status: ConversationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" size="sm" radius="sm" data-testid="status-badge" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}
