import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLock, IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { LanguageSwitch } from '../../components/app-layout.tsx';
import { useClientMe } from '../client-space/client-auth.api.ts';
import { ReauthProvider, useWithReauth } from '../client-space/reauth.tsx';
import { confirmHandoff, useHandoffStatus } from './secure.api.ts';

/**
 * /espace/lien/:token — where a secure-space link sent in a private social reply lands. Before
 * sign-in it says where the conversation comes from and what the space is (or how to become a
 * client); signed in, the person confirms that the social account is theirs and carries on in a
 * secure thread with their advisor.
 */
export function HandoffPage() {
  return (
    <ReauthProvider>
      <HandoffContent />
    </ReauthProvider>
  );
}

function HandoffContent() {
  const { t } = useTranslation();
  const withReauth = useWithReauth();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useHandoffStatus(token);
  const me = useClientMe();
  const confirm = useMutation({
    // Linking an identity is sensitive: both factors again if the sign-in is not recent.
    mutationFn: () => withReauth(() => confirmHandoff(token)),
    onSuccess: ({ threadId }) => {
      void queryClient.invalidateQueries({ queryKey: ['client', 'secure'] });
      navigate(`/espace/messages/${threadId}`);
    },
  });

  const frame = (content: ReactNode) => (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder radius="md" p="xl" maw={560} w="100%" data-testid="handoff-page">
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Group gap={8} wrap="nowrap">
              <IconLock size={22} color="var(--mantine-color-bank-8)" />
              <Text fw={700}>Banque Exemple</Text>
            </Group>
            <LanguageSwitch />
          </Group>
          {content}
        </Stack>
      </Paper>
    </Center>
  );

  if (status.isPending || me.isPending) return frame(<Loader />);
  if (status.isError) return frame(<Alert color="red">{status.error.message}</Alert>);
  const link = status.data;
  const platform = link.platform ?? '';
  if (link.status !== 'valid') {
    return frame(
      <>
        <Title order={3}>{t('secure.handoff.title')}</Title>
        <Alert color={link.status === 'used' ? 'blue' : 'orange'} data-testid="handoff-status" data-status={link.status}>
          {t(`secure.handoff.${link.status}`)}
        </Alert>
        {link.status === 'used' ? (
          <Button component={Link} to="/espace/messages">
            {t('secure.handoff.goToMessages')}
          </Button>
        ) : null}
      </>,
    );
  }
  const next = `/espace/lien/${token}`;
  return frame(
    <>
      <Title order={3}>{t('secure.handoff.title')}</Title>
      <Text>{t('secure.handoff.intro', { platform })}</Text>
      {me.data ? (
        <Stack gap="sm" data-testid="handoff-confirm-step">
          <Alert color="bank" variant="light" icon={<IconShieldCheck size={20} />} title={t('secure.handoff.confirmTitle', { platform })}>
            {t('secure.handoff.confirmBody', { platform })}
          </Alert>
          {confirm.error ? <Alert color="red">{confirm.error.message}</Alert> : null}
          <Button
            size="md"
            h="auto"
            py="sm"
            styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
            onClick={() => confirm.mutate()}
            loading={confirm.isPending}
            data-testid="handoff-confirm"
          >
            {t('secure.handoff.confirm')}
          </Button>
        </Stack>
      ) : (
        <>
          <Button
            size="md"
            h="auto"
            py="sm"
            styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
            component={Link}
            to={`/espace/connexion?next=${encodeURIComponent(next)}`}
            data-testid="handoff-sign-in"
          >
            {t('secure.handoff.signIn')}
          </Button>
          <Alert color="gray" variant="light" title={t('secure.handoff.notClientTitle')} data-testid="handoff-onboarding">
            {t('secure.handoff.notClient', { bank: link.bankName ?? 'Banque Exemple' })}
          </Alert>
        </>
      )}
    </>,
  );
}
