import { Alert, Button, Group, Loader, Modal, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPencilPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useClientLive, useNewThread, useThreads } from './secure.api.ts';
import { ThreadList } from './thread-list.tsx';
import { ThreadView } from './thread-view.tsx';

function NewThreadModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useNewThread();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [recipient, setRecipient] = useState<'advisor' | 'team'>('advisor');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ subject, body, recipient }, { onSuccess: ({ id }) => navigate(`/espace/messages/${id}`) });
  };
  return (
    <Modal opened onClose={onClose} title={t('secure.newThread')} size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          {create.error ? <Alert color="red">{create.error.message}</Alert> : null}
          <SegmentedControl
            aria-label={t('secure.recipient')}
            value={recipient}
            onChange={(v) => setRecipient(v as 'advisor' | 'team')}
            data={[
              { value: 'advisor', label: t('secure.recipientAdvisor') },
              { value: 'team', label: t('secure.recipientTeam') },
            ]}
          />
          <TextInput
            label={t('secure.subject')}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            maxLength={120}
            required
            data-testid="secure-new-subject"
          />
          <Textarea
            label={t('secure.body')}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={4}
            maxLength={4000}
            required
            data-testid="secure-new-body"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('secure.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="secure-new-send">
              {t('secure.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** /espace/messages: the client's threads with their advisor, and a new message. */
export function ClientMessagesPage() {
  const { t } = useTranslation();
  useClientLive();
  const threads = useThreads('client');
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="md" maw={820}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('secure.title')}</Title>
        <Button leftSection={<IconPencilPlus size={16} />} onClick={() => setCreating(true)} data-testid="secure-new">
          {t('secure.newThread')}
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        {t('secure.intro')}
      </Text>
      {threads.isPending ? <Loader /> : null}
      {threads.isError ? <Alert color="red">{threads.error.message}</Alert> : null}
      {threads.data?.length === 0 ? <Text c="dimmed">{t('secure.empty')}</Text> : null}
      {threads.data && threads.data.length > 0 ? (
        <ThreadList side="client" threads={threads.data} linkOf={(id) => `/espace/messages/${id}`} />
      ) : null}
      {creating ? <NewThreadModal onClose={() => setCreating(false)} /> : null}
    </Stack>
  );
}

/** /espace/messages/:threadId: one thread, live. */
export function ClientThreadPage() {
  const { threadId = '' } = useParams();
  useClientLive();
  return (
    <Stack maw={820}>
      <ThreadView side="client" threadId={threadId} backTo="/espace/messages" />
    </Stack>
  );
}
