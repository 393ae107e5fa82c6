import type { ConversationDetail } from '@agora/contracts/conversation.schema.ts';
import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconLock, IconNote, IconSend, IconWorld } from '@tabler/icons-react';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../components/notify.ts';
import { useAgentTypingRelay } from '../live-chat/live-chat-typing.tsx';
import { useAddNote, useReplyCheck, useSendReply } from './conversations.api.ts';

type ReplyMode = 'public' | 'private';

/** The modes offered now; read from either shape of the detail (`replyModes`, or `reply.modes`). */
function replyModesOf(conversation: ConversationDetail): ReplyMode[] {
  const loose = conversation as unknown as { replyModes?: ReplyMode[]; reply?: { modes?: ReplyMode[] } };
  return loose.reply?.modes ?? loose.replyModes ?? [];
}

/** Ctrl/Cmd+Enter submits, as in every messaging tool. */
function submitOnShortcut(submit: () => void) {
  return (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };
}

export function ReplyBox({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const modes = replyModesOf(conversation);
  const [mode, setMode] = useState<ReplyMode>(modes[0] ?? 'public');
  const [body, setBody] = useState('');
  const send = useSendReply(conversation.id);
  const check = useReplyCheck(modes.length > 0 ? body : '', mode);
  const relayTyping = useAgentTypingRelay(conversation);

  // Another conversation may offer other modes: fall back to its first one.
  useEffect(() => {
    if (!modes.includes(mode) && modes[0]) setMode(modes[0]);
  }, [modes, mode]);

  if (modes.length === 0) {
    return (
      <Alert color="gray" icon={<IconInfoCircle size={18} />} m="md" data-testid="reply-unavailable">
        {t('reply.noReply')}
      </Alert>
    );
  }

  const submit = () => {
    const text = body.trim();
    if (!text || send.isPending) return;
    send.mutate(
      { body: text, mode },
      {
        // The message appears in the thread with its delivery state: no toast needed.
        onSuccess: () => setBody(''),
        onError: notifyError,
      },
    );
  };

  return (
    <Paper p="sm" radius={0} style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-testid="reply-box">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <SegmentedControl
            size="xs"
            aria-label={t('reply.mode')}
            value={mode}
            onChange={(value) => setMode(value as ReplyMode)}
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
          <Text size="xs" c="dimmed">
            {t('reply.shortcut')}
          </Text>
        </Group>
        {mode === 'public' ? (
          <Text size="xs" c="orange.8">
            {t('reply.publicWarning')}
          </Text>
        ) : null}
        <Textarea
          aria-label={mode === 'public' ? t('reply.public') : t('reply.private')}
          placeholder={mode === 'public' ? t('reply.placeholderPublic') : t('reply.placeholderPrivate')}
          autosize
          minRows={3}
          maxRows={8}
          maxLength={5000}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            relayTyping();
          }}
          onKeyDown={submitOnShortcut(submit)}
          data-testid="reply-input"
        />
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
        <Group justify="flex-end">
          <Button
            leftSection={<IconSend size={16} />}
            onClick={submit}
            loading={send.isPending}
            disabled={!body.trim()}
            data-testid="reply-send"
          >
            {t('reply.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
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
