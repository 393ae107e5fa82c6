import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NotificationList } from './account-pages.tsx';
import { useCommunityMe } from './community.api.ts';

/** The secure space's "Communauté" page: the client's community identity and news, a door to the forum. */
export function ClientCommunityPage() {
  const { t } = useTranslation();
  const { data: me } = useCommunityMe();
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1} size="h2" data-testid="client-community-title">
          {t('community.clientSpace.title')}
        </Title>
        <Text c="dimmed">{t('community.clientSpace.intro')}</Text>
      </div>
      <Card withBorder radius="md" padding="lg">
        {me?.member ? (
          <Group gap="xs" mb="md">
            <Text fw={700}>{me.member.pseudonym}</Text>
            <Badge variant="light">{t('community.trust', { level: me.member.trustLevel, label: me.member.trustLabel })}</Badge>
            {me.member.isAmbassador ? <Badge color="yellow">{t('community.ambassador')}</Badge> : null}
          </Group>
        ) : null}
        <Group>
          <Button component={Link} to={me?.needsPseudonym ? '/communaute/rejoindre' : '/communaute'} data-testid="open-forum">
            {me?.needsPseudonym ? t('community.join.submit') : t('community.clientSpace.open')}
          </Button>
          <Button component={Link} to="/communaute/idees" variant="light">
            {t('community.nav.ideas')}
          </Button>
          <Button component={Link} to="/communaute/evenements" variant="light">
            {t('community.nav.events')}
          </Button>
        </Group>
      </Card>
      {me?.member ? (
        <Card withBorder radius="md" padding="lg">
          <Text fw={600} mb="sm">
            {t('community.clientSpace.activity')}
          </Text>
          <NotificationList limit={8} />
        </Card>
      ) : null}
    </Stack>
  );
}
