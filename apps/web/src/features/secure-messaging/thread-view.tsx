import type { SecureAttachment, SecureMessage } from '@agora/contracts/secure-messaging.schema.ts';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  FileButton,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconCheck, IconChecks, IconClock, IconFile, IconInfoCircle, IconPaperclip, IconSend, IconX } from '@tabler/icons-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { attachmentUrl, type Side, uploadAttachment, useMarkRead, usePostMessage, useThread } from './secure.api.ts';

const timeOf = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

function Attachments({ side, attachments }: { side: Side; attachments: SecureAttachment[] }) {
  if (attachments.length === 0) return null;
  return (
    <Stack gap={2} mt={4}>
      {attachments.map((a) => (
        <Anchor key={a.id} href={attachmentUrl(side, a.id)} target="_blank" rel="noopener" size="sm" data-testid="secure-attachment">
          <Group gap={4} wrap="nowrap">
            <IconFile size={14} />
            <span style={{ wordBreak: 'break-all' }}>{a.fileName}</span>
            <Text span size="xs" c="dimmed">
              ({Math.max(1, Math.round(a.size / 1024))} Ko)
            </Text>
          </Group>
        </Anchor>
      ))}
    </Stack>
  );
}

function MessageBubble({ side, message }: { side: Side; message: SecureMessage }) {
  const { t, i18n } = useTranslation();
  if (message.author === 'system') {
    return (
      <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} p="xs" data-testid="secure-message" data-author="system">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {message.body}
        </Text>
      </Alert>
    );
  }
  const own = (side === 'client') === (message.author === 'client');
  const who = own
    ? t('secure.you')
    : side === 'client'
      ? (message.authorName ?? t('secure.bank'))
      : (message.authorName ?? t('secure.client'));
  return (
    <Box
      style={{ alignSelf: own ? 'flex-end' : 'flex-start', maxWidth: 'min(560px, 88%)' }}
      data-testid="secure-message"
      data-author={message.author}
    >
      <Paper p="xs" radius="md" bg={own ? 'bank.0' : 'gray.0'} withBorder>
        <Text size="xs" fw={600} c="dimmed">
          {who}
        </Text>
        {message.body ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="secure-message-body">
            {message.body}
          </Text>
        ) : null}
        <Attachments side={side} attachments={message.attachments} />
      </Paper>
      <Group gap={4} justify={own ? 'flex-end' : 'flex-start'} mt={2}>
        <Text size="xs" c="dimmed">
          {timeOf(message.at, i18n.language)}
        </Text>
        {own ? (
          message.seen ? (
            <Group gap={2} data-testid="secure-receipt" data-seen="true">
              <IconChecks size={14} color="var(--mantine-color-teal-7)" aria-hidden />
              <Text size="xs" c="teal.8">
                {t('secure.seen')}
              </Text>
            </Group>
          ) : (
            <Group gap={2} data-testid="secure-receipt" data-seen="false">
              <IconCheck size={14} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text size="xs" c="dimmed">
                {t('secure.sent')}
              </Text>
            </Group>
          )
        ) : null}
      </Group>
    </Box>
  );
}

function Composer({ side, threadId }: { side: Side; threadId: string }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<SecureAttachment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const post = usePostMessage(side, threadId);
  const resetRef = useRef<() => void>(null);

  const addFile = async (file: File | null) => {
    resetRef.current?.();
    if (!file) return;
    setError(null);
    setUploading(true);
    try {
      const uploaded = await uploadAttachment(side, threadId, file);
      setFiles((list) => [...list, uploaded]);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setUploading(false);
    }
  };
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim() && files.length === 0) return;
    setError(null);
    post.mutate(
      { body: body.trim(), attachmentIds: files.map((f) => f.id) },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
        },
        onError: (e) => setError(e.message),
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        {error ? (
          <Alert color="red" p="xs" withCloseButton onClose={() => setError(null)} data-testid="secure-error">
            {error}
          </Alert>
        ) : null}
        <Textarea
          aria-label={t('secure.body')}
          placeholder={t('secure.placeholder')}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={4000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
          }}
          data-testid="secure-input"
        />
        {files.length > 0 ? (
          <Group gap={6}>
            {files.map((f) => (
              <Badge
                key={f.id}
                variant="light"
                rightSection={
                  <ActionIcon
                    size="xs"
                    variant="transparent"
                    aria-label={t('secure.removeAttachment', { name: f.fileName })}
                    onClick={() => setFiles((l) => l.filter((x) => x.id !== f.id))}
                  >
                    <IconX size={12} />
                  </ActionIcon>
                }
              >
                {f.fileName}
              </Badge>
            ))}
          </Group>
        ) : null}
        <Group justify="space-between" wrap="nowrap">
          <FileButton
            resetRef={resetRef}
            onChange={(f) => void addFile(f)}
            accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
          >
            {(props) => (
              <Button
                {...props}
                variant="subtle"
                size="xs"
                leftSection={<IconPaperclip size={16} />}
                loading={uploading}
                title={t('secure.attachHint')}
                data-testid="secure-attach"
              >
                {t('secure.attach')}
              </Button>
            )}
          </FileButton>
          <Button
            type="submit"
            leftSection={<IconSend size={16} />}
            loading={post.isPending}
            disabled={!body.trim() && files.length === 0}
            data-testid="secure-send"
          >
            {t('secure.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One secure thread, for either side: the messages with their receipts, files, and the composer. */
export function ThreadView({ side, threadId, backTo }: { side: Side; threadId: string; backTo: string }) {
  const { t, i18n } = useTranslation();
  const thread = useThread(side, threadId);
  const markRead = useMarkRead(side, threadId);
  const bottomRef = useRef<HTMLDivElement>(null);
  const unread = thread.data?.unread ?? 0;
  const count = thread.data?.messages.length ?? 0;

  // Opening the thread, or a message arriving while it is open, is reading it: the sender sees "Lu".
  // biome-ignore lint/correctness/useExhaustiveDependencies: mutate is stable enough; the trigger is new unread messages
  useEffect(() => {
    if (unread > 0) markRead.mutate();
  }, [unread, threadId]);
  useEffect(() => {
    if (count > 0) bottomRef.current?.scrollIntoView({ block: 'end' });
  }, [count]);

  if (thread.isPending) return <Loader />;
  if (thread.isError) return <Alert color="red">{thread.error.message}</Alert>;
  const data = thread.data;
  const withWhom =
    data.recipient === 'team'
      ? t('secure.withTeam', { name: data.teamName ?? '' })
      : t('secure.withAdvisor', { name: data.advisorName ?? '' });
  return (
    <Stack gap="sm" data-testid="secure-thread" data-thread-id={data.id}>
      <Anchor component={Link} to={backTo} size="sm">
        ← {t('secure.back')}
      </Anchor>
      <div>
        <Title order={3} style={{ overflowWrap: 'anywhere' }} data-testid="secure-thread-subject">
          {data.subject}
        </Title>
        <Group gap="xs" mt={4}>
          <Text size="sm" c="dimmed">
            {side === 'staff' ? `${data.clientName} · ${withWhom}` : withWhom}
          </Text>
          {side === 'staff' && data.responseDueAt ? (
            <Badge color="orange" variant="light" leftSection={<IconClock size={12} />} data-testid="secure-due">
              {t('secure.dueAt', { time: timeOf(data.responseDueAt, i18n.language) })}
            </Badge>
          ) : null}
          {side === 'staff' && data.originConversationId ? (
            <Anchor component={Link} to={`/inbox/${data.originConversationId}`} size="sm">
              {t('secure.openSocial')}
            </Anchor>
          ) : null}
        </Group>
      </div>
      <Stack gap="sm" data-testid="secure-messages">
        {data.messages.map((m) => (
          <MessageBubble key={m.id} side={side} message={m} />
        ))}
        <div ref={bottomRef} />
      </Stack>
      {data.status === 'open' ? (
        <Paper p="sm" withBorder>
          <Composer side={side} threadId={data.id} />
        </Paper>
      ) : (
        <Text c="dimmed">{t('secure.closed')}</Text>
      )}
    </Stack>
  );
}
