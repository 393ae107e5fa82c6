import type { Attachment } from '@agora/contracts/common.schema.ts';
import type { ConversationDetail, Message } from '@agora/contracts/conversation.schema.ts';
import { Anchor, Badge, Box, Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconEye,
  IconEyeOff,
  IconHourglass,
  IconLock,
  IconNote,
  IconPaperclip,
  IconPencil,
  IconShieldCheck,
  IconTrash,
  IconWorld,
  IconX,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { ScheduledState, scheduledStyle } from '../scheduling/schedule-menu.tsx';
import './composer.i18n.ts';
import { useModerateMessage, useStaff } from './conversations.api.ts';
import { AnalysisDetails, HighlightedBody } from './signals.tsx';

/** Public comments the bank may hide on the platform (moderation module), and who may do it. */
const MODERATABLE_CHANNELS = new Set(['facebook', 'instagram']);
const MODERATOR_ROLES = new Set(['agent', 'community_manager', 'supervisor', 'admin']);

function formatAt(iso: string, language: string) {
  return new Date(iso).toLocaleString(language.startsWith('en') ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Edited, deleted by the author, hidden on the platform: the archive keeps the text and says what happened. */
function PlatformMarkers({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const marks = [
    message.editedAt
      ? {
          key: 'edited',
          Icon: IconPencil,
          label: t('thread.edited'),
          tip: t('thread.editedAt', { at: formatAt(message.editedAt, i18n.language) }),
          color: 'gray',
        }
      : null,
    message.deletedAt
      ? {
          key: 'deleted',
          Icon: IconTrash,
          label: t('thread.deleted'),
          tip: t('thread.deletedAt', { at: formatAt(message.deletedAt, i18n.language) }),
          color: 'red',
        }
      : null,
    message.hiddenAt
      ? {
          key: 'hidden',
          Icon: IconEyeOff,
          label: t('thread.hidden'),
          tip: t('thread.hiddenAt', { at: formatAt(message.hiddenAt, i18n.language) }),
          color: 'orange',
        }
      : null,
  ].filter((mark) => mark !== null);
  return marks.map(({ key, Icon, label, tip, color }) => (
    <Tooltip key={key} label={tip} multiline maw={300} withArrow>
      <Badge size="xs" radius="sm" variant="light" color={color} tt="none" leftSection={<Icon size={11} />} data-testid={`message-${key}`}>
        {label}
      </Badge>
    </Tooltip>
  ));
}

/** A review's stars, as text so that it reads (and copies) the same everywhere. */
function Rating({ rating }: { rating: number }) {
  const { t } = useTranslation();
  const stars = Math.max(0, Math.min(5, rating));
  return (
    <Text
      component="span"
      size="md"
      c="yellow.7"
      lh={1}
      aria-label={t('thread.rating', { count: stars })}
      title={t('thread.rating', { count: stars })}
      data-testid="message-rating"
      data-rating={stars}
    >
      {'★'.repeat(stars)}
      <Text component="span" c="gray.4" inherit>
        {'☆'.repeat(5 - stars)}
      </Text>
    </Text>
  );
}

/** A reason or a comment may be a long sentence: let the badge wrap instead of cutting it. */
const WRAPPING_BADGE = {
  root: { height: 'auto', minHeight: 'var(--badge-height)', paddingBlock: 2, whiteSpace: 'normal' },
  label: { whiteSpace: 'normal', overflow: 'visible', textAlign: 'left' },
} as const;

/** Four-eyes: a reply waiting for a second person, or refused by them, says so in the thread. */
function ApprovalState({ message }: { message: Message }) {
  const { t } = useTranslation();
  const approval = message.approval;
  if (!approval || approval.state === 'approved') return null;
  if (approval.state === 'pending') {
    return (
      <Badge
        size="sm"
        radius="sm"
        variant="light"
        color="yellow"
        c="yellow.9"
        tt="none"
        leftSection={<IconHourglass size={12} />}
        styles={WRAPPING_BADGE}
        data-testid="approval-state"
        data-state="pending"
      >
        {approval.reason ? t('thread.pending', { reason: approval.reason }) : t('thread.pendingNoReason')}
      </Badge>
    );
  }
  return (
    <Badge
      size="sm"
      radius="sm"
      variant="light"
      color="red"
      c="red.8"
      tt="none"
      leftSection={<IconX size={12} />}
      styles={WRAPPING_BADGE}
      data-testid="approval-state"
      data-state="rejected"
    >
      {t('thread.rejected', { comment: approval.comment ?? '' })}
    </Badge>
  );
}

/** An approved reply then shows its delivery states; a small mark says who approved it. */
function ApprovedMark({ message }: { message: Message }) {
  const { t } = useTranslation();
  const staff = useStaff();
  if (message.approval?.state !== 'approved') return null;
  const name = staff.data?.find((person) => person.id === message.approval?.by)?.displayName;
  const label = name ? t('thread.approvedBy', { name }) : t('thread.approved');
  return (
    <Tooltip label={label}>
      <Badge
        size="sm"
        radius="sm"
        variant="light"
        color="teal"
        tt="none"
        leftSection={<IconShieldCheck size={12} />}
        data-testid="approval-state"
        data-state="approved"
      >
        {t('thread.approved')}
      </Badge>
    </Tooltip>
  );
}

function ModerationButton({ message }: { message: Message }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const moderate = useModerateMessage(message.conversationId);
  // The channel never changes: read it from the conversation already on screen.
  const channel = queryClient.getQueryData<ConversationDetail>(['conversation', message.conversationId])?.channel;
  // A comment its author deleted is gone from the platform: there is nothing left to hide.
  if (
    message.deletedAt ||
    message.direction !== 'inbound' ||
    message.visibility !== 'public' ||
    !channel ||
    !MODERATABLE_CHANNELS.has(channel) ||
    !MODERATOR_ROLES.has(me.role)
  ) {
    return null;
  }
  const action = message.hiddenAt ? 'unhide' : 'hide';
  return (
    <Tooltip label={action === 'hide' ? t('thread.hideHelp') : t('thread.unhideHelp')} openDelay={300}>
      <Button
        size="compact-xs"
        variant="subtle"
        color="gray"
        leftSection={action === 'hide' ? <IconEyeOff size={12} /> : <IconEye size={12} />}
        loading={moderate.isPending}
        onClick={() =>
          moderate.mutate(
            { messageId: message.id, action },
            { onSuccess: () => notifySuccess(action === 'hide' ? t('thread.hiddenDone') : t('thread.unhiddenDone')), onError: notifyError },
          )
        }
        data-testid={action === 'hide' ? 'moderation-hide' : 'moderation-unhide'}
      >
        {action === 'hide' ? t('thread.hide') : t('thread.unhide')}
      </Button>
    </Tooltip>
  );
}

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

/** Faded when the platform no longer shows it (kept for the archive) or when it was refused; outlined while it waits. */
function bubbleStyle(message: Message) {
  if (message.approval?.state === 'rejected') return { opacity: 0.5, outline: '2px dashed var(--mantine-color-red-5)', outlineOffset: 2 };
  if (message.approval?.state === 'pending') return { opacity: 0.8, outline: '2px dashed var(--mantine-color-yellow-6)', outlineOffset: 2 };
  if (message.deletedAt || message.hiddenAt) return { opacity: 0.55 };
  return undefined;
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
        <PlatformMarkers message={message} />
        <ModerationButton message={message} />
      </Group>
      <Box
        className="message-bubble"
        data-direction={message.direction}
        data-deleted={message.deletedAt ? 'true' : undefined}
        data-hidden={message.hiddenAt ? 'true' : undefined}
        // Deleted or hidden on the platform: kept here for the archive, shown faded.
        data-approval={message.approval?.state}
        style={scheduledStyle(message) ?? bubbleStyle(message)}
      >
        {message.rating !== null && message.rating !== undefined ? <Rating rating={message.rating} /> : null}
        {message.title ? (
          <Text size="sm" fw={700} c="inherit" data-testid="message-title">
            {message.title}
          </Text>
        ) : null}
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
      {message.direction === 'outbound' &&
      (message.deliveryStatus || message.scheduled || (message.approval && message.approval.state !== 'approved')) ? (
        <Group gap={6} mt={4} px={4} wrap="nowrap" maw="72%">
          <ScheduledState message={message} />
          <ApprovalState message={message} />
          <ApprovedMark message={message} />
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
