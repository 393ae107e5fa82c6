import { Button, Checkbox, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/http-client.ts';
import { notifyError } from '../../components/notify.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useCreateClient, usePortfolioAdvisors } from './clients.api.ts';

/** An advisor creates a client in their portfolio (an admin names the advisor), and may invite them at once. */
export function CreateClientModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const create = useCreateClient();
  const advisors = usePortfolioAdvisors();
  const [form, setForm] = useState({ firstName: '', lastName: '', email: '', phone: '', birthDate: '', advisorId: '' });
  const [invite, setInvite] = useState(true);
  const set = (key: keyof typeof form) => (event: { currentTarget: { value: string } }) => {
    // Read now: React clears currentTarget once the handler returns, before the updater runs.
    const value = event.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { id } = await create.mutateAsync({
        firstName: form.firstName,
        lastName: form.lastName,
        email: form.email,
        ...(form.phone ? { phone: form.phone } : {}),
        ...(form.birthDate ? { birthDate: form.birthDate } : {}),
        ...(me.role === 'admin' && form.advisorId ? { advisorId: form.advisorId } : {}),
      });
      if (invite) await api.post(`/api/clients/${id}/invitation`);
      onClose();
      navigate(`/clients/${id}`);
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('clients.create.title')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('clients.create.firstName')}
              value={form.firstName}
              onChange={set('firstName')}
              required
              data-testid="new-client-first-name"
            />
            <TextInput
              label={t('clients.create.lastName')}
              value={form.lastName}
              onChange={set('lastName')}
              required
              data-testid="new-client-last-name"
            />
            <TextInput
              label={t('clients.create.email')}
              type="email"
              value={form.email}
              onChange={set('email')}
              required
              data-testid="new-client-email"
            />
            <TextInput label={t('clients.create.phone')} value={form.phone} onChange={set('phone')} data-testid="new-client-phone" />
            <TextInput label={t('clients.create.birthDate')} value={form.birthDate} onChange={set('birthDate')} placeholder="1990-04-12" />
            {me.role === 'admin' ? (
              <NativeSelect
                label={t('clients.create.advisor')}
                value={form.advisorId}
                onChange={set('advisorId')}
                data={[{ value: '', label: '—' }, ...(advisors.data ?? []).map((a) => ({ value: a.id, label: a.displayName }))]}
              />
            ) : null}
          </SimpleGrid>
          <Checkbox label={t('clients.create.invite')} checked={invite} onChange={(e) => setInvite(e.currentTarget.checked)} />
          <Button type="submit" loading={create.isPending} data-testid="new-client-submit">
            {t('clients.create.submit')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
