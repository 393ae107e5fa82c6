import { Anchor, Badge, Card, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NotificationList } from './account-pages.tsx';
import { useCommunityMe } from './community.api.ts';

/** The personal space's community widget: pseudonym, level, latest notifications, a door to the forum. */
export function CommunityWidget() {
  const { t } = useTranslation();
  const { data: me } = useCommunityMe();
  return (
    <Card withBorder radius="md" padding="lg" data-testid="widget-community">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('clientSpace.nav.community')}</Text>
        {me?.member ? <Badge variant="light">{me.member.pseudonym}</Badge> : null}
      </Group>
      {me?.member ? (
        <NotificationList limit={4} />
      ) : (
        <Text size="sm" c="dimmed">
          {t('community.clientSpace.intro')}
        </Text>
      )}
      <Anchor component={Link} to={me?.needsPseudonym ? '/communaute/rejoindre' : '/communaute'} size="sm" mt="sm" display="block">
        {me?.needsPseudonym ? t('community.join.submit') : t('community.clientSpace.open')}
      </Anchor>
    </Card>
  );
}
