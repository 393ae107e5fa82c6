import type { ConversationDetail } from '@agora/contracts/conversation.schema.ts';
import { replyLength } from '@agora/contracts/reply-length.ts';
import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBan,
  IconHourglass,
  IconInfoCircle,
  IconLock,
  IconMoodAngry,
  IconNote,
  IconSend,
  IconSignature,
  IconWorld,
} from '@tabler/icons-react';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http-client.ts';
import { notifyError } from '../../components/notify.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useAgentTypingRelay } from '../live-chat/live-chat-typing.tsx';
import { signatureOf, signedBody, useBankRules } from '../rules/rules.api.ts';
import { ScheduleMenu } from '../scheduling/schedule-menu.tsx';
import './composer.i18n.ts';
import { AnswerPicker } from '../answers/answer-picker.tsx';
import { SecureLinkButton } from '../secure-messaging/secure-link-button.tsx';
import { useAddNote, useReplyCheck, useSendReply } from './conversations.api.ts';

type ReplyMode = 'public' | 'private';

/** Ctrl/Cmd+Enter submits, as in every messaging tool. */
function submitOnShortcut(submit: () => void) {
  return (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };
}

/** Rule 4: an insult is not answered. Shown in the thread's place of the composer, with the rule. */
export function NotAnsweredBanner({ reason }: { reason: string }) {
  const { t } = useTranslation();
  // The server's reason may already begin with the word the title starts with ("insulte : …").
  const detail = reason.replace(/^insulte\s*:\s*/i, '');
  return (
    <Alert
      color="gray"
      variant="light"
      radius={0}
      icon={<IconMoodAngry size={18} />}
      title={t('composer.notAnsweredTitle', { reason: detail })}
      data-testid="not-answered-banner"
    >
      <Text size="sm">{t('composer.notAnsweredRule')}</Text>
    </Alert>
  );
}

export function ReplyBox({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const rules = useBankRules();
  const { modes, maxLength, counting, notice } = conversation.reply;
  const notAnswered = conversation.notAnsweredReason;
  const [mode, setMode] = useState<ReplyMode>(modes[0] ?? 'public');
  const [body, setBody] = useState('');
  // The approved answer the draft came from: sent along so that its use is counted.
  const [answerId, setAnswerId] = useState<string | null>(null);
  // The server's precise refusal (reply_blocked_*), kept on screen with the draft until the next try.
  const [blocked, setBlocked] = useState<string | null>(null);
  const send = useSendReply(conversation.id);
  const check = useReplyCheck(modes.length > 0 && !notAnswered ? body : '', mode);
  const relayTyping = useAgentTypingRelay(conversation);

  // Another conversation may offer other modes: fall back to its first one.
  useEffect(() => {
    if (!modes.includes(mode) && modes[0]) setMode(modes[0]);
  }, [modes, mode]);

  const noticeAlert = notice ? (
    <Alert
      color={modes.length === 0 ? 'gray' : 'blue'}
      variant="light"
      icon={<IconInfoCircle size={18} />}
      p="xs"
      data-testid="reply-notice"
    >
      <Text size="sm">{notice}</Text>
    </Alert>
  ) : null;

  if (modes.length === 0) {
    return (
      <Stack gap={0}>
        {notAnswered ? <NotAnsweredBanner reason={notAnswered} /> : null}
        <Paper p="sm" radius={0} style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          {noticeAlert ?? (
            <Alert color="gray" icon={<IconInfoCircle size={18} />} data-testid="reply-unavailable">
              {t('reply.noReply')}
            </Alert>
          )}
        </Paper>
      </Stack>
    );
  }

  // What the platform will count: a public reply leaves signed by the server.
  const template = rules.data?.signatureTemplate;
  const signature = template ? signatureOf(template, me.firstName) : '';
  const counted = mode === 'public' && body.trim() ? signedBody(body.trim(), template, me.firstName) : body.trim();
  const length = replyLength(counted, counting);
  const over = length > maxLength;
  const disabled = Boolean(notAnswered);

  const submit = (sendAt?: string) => {
    const text = body.trim();
    if (!text || send.isPending || over || disabled) return;
    setBlocked(null);
    send.mutate(
      { body: text, mode, ...(sendAt ? { sendAt } : {}), ...(answerId ? { answerId } : {}) },
      {
        // The message appears in the thread with its delivery (or approval) state: no toast needed.
        onSuccess: () => {
          setBody('');
          setAnswerId(null);
        },
        onError: (error) => {
          // A refusal that names what is wrong belongs next to the draft, not in a passing toast.
          if (
            error instanceof ApiError &&
            (error.code.startsWith('reply_blocked_') || error.code === 'insult_not_answered' || error.code === 'reply_too_long')
          ) {
            setBlocked(error.message);
          } else notifyError(error);
        },
      },
    );
  };

  return (
    <Stack gap={0}>
      {notAnswered ? <NotAnsweredBanner reason={notAnswered} /> : null}
      <Paper
        p="sm"
        radius={0}
        style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
        data-testid="reply-box"
        data-disabled={disabled ? 'true' : undefined}
      >
        <Stack gap="xs">
          {noticeAlert}
          <Group justify="space-between" wrap="nowrap">
            <SegmentedControl
              size="xs"
              aria-label={t('reply.mode')}
              value={mode}
              onChange={(value) => setMode(value as ReplyMode)}
              disabled={disabled}
              data-testid="reply-mode"
              data-mode={mode}
              data={modes.map((value) => ({
                value,
                label: (
                  <Group gap={4} wrap="nowrap" data-testid={`reply-mode-${value}`}>
                    {value === 'public' ? <IconWorld size={14} /> : <IconLock size={14} />}
                    <span>{value === 'public' ? t('reply.public') : t('reply.private')}</span>
                  </Group>
                ),
              }))}
            />
            <Group gap="xs" wrap="nowrap">
              {mode === 'private' ? (
                <SecureLinkButton
                  conversationId={conversation.id}
                  disabled={disabled}
                  onInsert={(text) => setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text))}
                />
              ) : null}
              <AnswerPicker
                conversationId={conversation.id}
                disabled={disabled}
                onInsert={(text, id) => {
                  setBody(text);
                  setAnswerId(id);
                }}
              />
              <Text size="xs" c="dimmed">
                {t('reply.shortcut')}
              </Text>
            </Group>
          </Group>
          {mode === 'public' && !disabled ? (
            <Text size="xs" c="orange.8">
              {t('reply.publicWarning')}
            </Text>
          ) : null}
          {mode === 'public' && rules.data?.crisisMode && !disabled ? (
            <Group gap={4} wrap="nowrap">
              <IconHourglass size={14} color="var(--mantine-color-yellow-8)" aria-hidden />
              <Text size="xs" c="yellow.9">
                {t('composer.crisisHint')}
              </Text>
            </Group>
          ) : null}
          <Textarea
            aria-label={mode === 'public' ? t('reply.public') : t('reply.private')}
            placeholder={mode === 'public' ? t('reply.placeholderPublic') : t('reply.placeholderPrivate')}
            autosize
            minRows={3}
            maxRows={8}
            maxLength={5000}
            value={body}
            disabled={disabled}
            error={over}
            onChange={(event) => {
              setBody(event.currentTarget.value);
              relayTyping();
            }}
            onKeyDown={submitOnShortcut(submit)}
            data-testid="reply-input"
          />
          <Group justify="space-between" gap="xs" wrap="nowrap">
            {mode === 'public' && signature ? (
              <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
                <IconSignature size={14} color="var(--mantine-color-dimmed)" aria-hidden />
                <Text size="xs" c="dimmed" truncate data-testid="signature-preview">
                  {t('composer.signature', { signature })}
                </Text>
              </Group>
            ) : (
              <span />
            )}
            <Text
              size="xs"
              fw={over ? 700 : 500}
              c={over ? 'red.7' : length > maxLength * 0.9 ? 'orange.8' : 'dimmed'}
              style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
              title={mode === 'public' && signature ? t('composer.counterSigned') : undefined}
              aria-live="polite"
              data-testid="reply-counter"
              data-over={over ? 'true' : 'false'}
            >
              {over ? `${t('composer.tooLong', { count: length - maxLength })} · ` : ''}
              {t('composer.counter', { count: length, max: maxLength })}
            </Text>
          </Group>
          {blocked ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconBan size={18} />}
              p="xs"
              withCloseButton
              closeButtonLabel={t('common.close')}
              onClose={() => setBlocked(null)}
              data-testid="reply-blocked"
            >
              <Text size="sm">{blocked}</Text>
            </Alert>
          ) : null}
          {check.warnings.length > 0 ? (
            <Alert
              color="orange"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              title={t('replyCheck.title')}
              p="xs"
              data-testid="reply-warnings"
            >
              <Stack gap={2}>
                {[...new Set(check.warnings)].map((warning) => (
                  <Text key={warning} size="sm" data-testid="reply-warning">
                    {warning}
                  </Text>
                ))}
              </Stack>
            </Alert>
          ) : null}
          <Group justify="flex-end" gap={2}>
            <Button
              leftSection={<IconSend size={16} />}
              onClick={() => submit()}
              loading={send.isPending}
              disabled={!body.trim() || over || disabled}
              data-testid="reply-send"
            >
              {t('reply.send')}
            </Button>
            <ScheduleMenu teamId={conversation.teamId} disabled={!body.trim() || over || disabled || send.isPending} onSchedule={submit} />
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

export function NoteBox({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const addNote = useAddNote(conversationId);

  const submit = () => {
    const text = body.trim();
    if (!text || addNote.isPending) return;
    addNote.mutate(
      { body: text },
      {
        onSuccess: () => setBody(''),
        onError: notifyError,
      },
    );
  };

  return (
    <Paper
      p="sm"
      withBorder
      style={{ background: 'var(--mantine-color-yellow-0)', borderColor: 'var(--mantine-color-yellow-3)' }}
      data-testid="note-box"
    >
      <Stack gap="xs">
        <Group gap={6}>
          <IconNote size={16} color="var(--mantine-color-yellow-8)" aria-hidden />
          <Text size="sm" fw={600}>
            {t('reply.noteLabel')}
          </Text>
        </Group>
        <Textarea
          aria-label={t('reply.noteLabel')}
          placeholder={t('reply.notePlaceholder')}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={5000}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          onKeyDown={submitOnShortcut(submit)}
          data-testid="note-input"
        />
        <Button
          size="xs"
          variant="light"
          color="yellow.8"
          onClick={submit}
          loading={addNote.isPending}
          disabled={!body.trim()}
          data-testid="note-send"
        >
          {t('reply.noteAdd')}
        </Button>
      </Stack>
    </Paper>
  );
}
