import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { IconMessagePlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/http-client.ts';
import './secure.i18n.ts';

/** On a client's 360: the advisor writes first, in a new secure thread. */
export function WriteSecureButton({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const create = useMutation({
    mutationFn: () => api.post<{ id: string }>('/api/secure/threads', { clientId, subject, body }),
    onSuccess: ({ id }) => {
      void queryClient.invalidateQueries({ queryKey: ['conversations', 'secure'] });
      navigate(`/secure/${id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconMessagePlus size={16} />}
        onClick={() => setOpen(true)}
        data-testid="client-360-write-secure"
      >
        {t('secure.writeFirst')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('secure.writeFirst')} size="lg">
        <form onSubmit={submit}>
          <Stack gap="sm">
            {create.error ? <Alert color="red">{create.error.message}</Alert> : null}
            <TextInput
              label={t('secure.subject')}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              maxLength={120}
              required
            />
            <Textarea
              label={t('secure.body')}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={4}
              maxLength={4000}
              required
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('secure.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('secure.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
