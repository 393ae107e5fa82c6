import { Alert, Grid, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useThreads } from './secure.api.ts';
import { ThreadList } from './thread-list.tsx';
import { ThreadView } from './thread-view.tsx';

/**
 * /secure and /secure/:threadId: the secure threads this staff member may see (their portfolio,
 * their teams', or the bank's for the bank-wide roles), and one of them. Live through the
 * workstation's socket (the keys sit under 'conversations').
 */
export function StaffSecurePage() {
  const { t } = useTranslation();
  const { threadId } = useParams();
  const threads = useThreads('staff');
  return (
    <Grid gutter="md" p="md">
      <Grid.Col span={{ base: 12, md: threadId ? 4 : 12 }} visibleFrom={threadId ? 'md' : undefined}>
        <Stack gap="sm">
          <Title order={3}>{t('secure.staffNav')}</Title>
          <Text size="sm" c="dimmed">
            {t('secure.staffIntro')}
          </Text>
          {threads.isPending ? <Loader /> : null}
          {threads.isError ? <Alert color="red">{threads.error.message}</Alert> : null}
          {threads.data?.length === 0 ? <Text c="dimmed">{t('secure.staffEmpty')}</Text> : null}
          {threads.data && threads.data.length > 0 ? (
            <ThreadList side="staff" threads={threads.data} linkOf={(id) => `/secure/${id}`} />
          ) : null}
        </Stack>
      </Grid.Col>
      {threadId ? (
        <Grid.Col span={{ base: 12, md: 8 }}>
          <ThreadView key={threadId} side="staff" threadId={threadId} backTo="/secure" />
        </Grid.Col>
      ) : null}
    </Grid>
  );
}
