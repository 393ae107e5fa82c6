import type { Attachment } from '@agora/contracts/common.schema.ts';
import type { Message } from '@agora/contracts/conversation.schema.ts';
import { Anchor, Badge, Box, Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconLock, IconNote, IconPaperclip, IconWorld } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '../../components/relative-time.tsx';
import { AnalysisDetails, HighlightedBody } from './signals.tsx';

/** Only http(s) and same-origin paths become links or images: a stored URL is untrusted text. */
function safeUrl(url: string): string | null {
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const url = safeUrl(attachment.url);
  if (!url) return null;
  const name = attachment.name ?? t('conversation.attachment');
  if (attachment.type === 'image') {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" data-testid="message-attachment" data-type="image">
        <img src={url} alt={attachment.name ?? t('conversation.attachment')} loading="lazy" referrerPolicy="no-referrer" />
      </a>
    );
  }
  return (
    <Anchor
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      size="sm"
      display="block"
      mt={4}
      data-testid="message-attachment"
      data-type={attachment.type}
    >
      <Group gap={4} wrap="nowrap" component="span">
        <IconPaperclip size={14} />
        <span>{name}</span>
      </Group>
    </Anchor>
  );
}

export function DeliveryStatus({ message }: { message: Message }) {
  const { t } = useTranslation();
  if (!message.deliveryStatus) return null;
  const common = {
    'data-testid': 'delivery-status',
    'data-status': message.deliveryStatus,
    size: 'sm',
    radius: 'sm',
    variant: 'light',
  } as const;
  switch (message.deliveryStatus) {
    case 'sending':
      return (
        <Badge {...common} color="gray" leftSection={<Loader size={10} color="gray" />}>
          {t('conversation.delivery.sending')}
        </Badge>
      );
    case 'retrying':
      return (
        <Badge {...common} color="orange" leftSection={<Loader size={10} color="orange" />} data-attempts={message.deliveryAttempts}>
          {t('conversation.delivery.retrying', { count: message.deliveryAttempts })}
        </Badge>
      );
    case 'sent':
      return (
        <Badge {...common} color="teal" leftSection={<IconCheck size={12} />}>
          {t('conversation.delivery.sent')}
        </Badge>
      );
    case 'failed':
      return (
        <Tooltip label={message.deliveryError ?? t('conversation.delivery.failed')} multiline maw={320} disabled={!message.deliveryError}>
          <Badge {...common} color="red" leftSection={<IconAlertTriangle size={12} />}>
            {t('conversation.delivery.failed')}
          </Badge>
        </Tooltip>
      );
  }
}

export function MessageItem({ message }: { message: Message }) {
  const { t } = useTranslation();
  const align = message.direction === 'inbound' ? 'flex-start' : 'flex-end';
  const isNote = message.direction === 'note';
  return (
    <Box
      style={{ display: 'flex', flexDirection: 'column', alignItems: align }}
      data-testid="message"
      data-message-id={message.id}
      data-direction={message.direction}
      data-visibility={message.visibility}
    >
      <Group gap={6} mb={2} px={4} wrap="nowrap">
        {isNote ? <IconNote size={14} color="var(--mantine-color-yellow-8)" aria-hidden /> : null}
        <Text size="xs" fw={600} c="dark.5">
          {message.author.displayName}
        </Text>
        {isNote ? (
          <Text size="xs" c="yellow.9">
            {t('conversation.note')}
          </Text>
        ) : message.direction === 'outbound' ? (
          <Group gap={2} wrap="nowrap">
            {message.visibility === 'public' ? <IconWorld size={12} aria-hidden /> : <IconLock size={12} aria-hidden />}
            <Text size="xs" c="dimmed">
              {message.visibility === 'public' ? t('conversation.public') : t('conversation.private')}
            </Text>
          </Group>
        ) : null}
        <Text size="xs" c="dimmed" component="span">
          <RelativeTime iso={message.createdAt} />
        </Text>
      </Group>
      <Box className="message-bubble" data-direction={message.direction}>
        {message.body ? (
          <Text size="sm" c="inherit" component="div" data-testid="message-body">
            {message.analysis?.pii.length ? <HighlightedBody body={message.body} spans={message.analysis.pii} /> : message.body}
          </Text>
        ) : null}
        {message.attachments.map((attachment) => (
          <AttachmentView key={`${attachment.type}:${attachment.url}:${attachment.name ?? ''}`} attachment={attachment} />
        ))}
      </Box>
      <AnalysisDetails message={message} />
      {message.direction === 'outbound' && message.deliveryStatus ? (
        <Group gap={6} mt={4} px={4} wrap="nowrap" maw="72%">
          <DeliveryStatus message={message} />
          {message.deliveryStatus === 'failed' && message.deliveryError ? (
            <Text size="xs" c="red.7" data-testid="delivery-error">
              {message.deliveryError}
            </Text>
          ) : null}
        </Group>
      ) : null}
    </Box>
  );
}
