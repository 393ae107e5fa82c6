import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NotificationList } from './account-pages.tsx';
import { useCommunityMe } from './community.api.ts';

/** The personal space's community widget: pseudonym, level, latest notifications, a door to the forum. */
export function CommunityWidget() {
  const { t } = useTranslation();
  const { data: me } = useCommunityMe();
  return (
    <Stack gap="xs" data-testid="community-widget-body">
      {me?.member ? (
        <Group>
          <Badge variant="light">{me.member.pseudonym}</Badge>
        </Group>
      ) : null}
      {me?.member ? (
        <NotificationList limit={4} />
      ) : (
        <Text size="sm" c="dimmed">
          {t('community.clientSpace.intro')}
        </Text>
      )}
      <Anchor component={Link} to={me?.needsPseudonym ? '/communaute/rejoindre' : '/communaute'} size="sm">
        {me?.needsPseudonym ? t('community.join.submit') : t('community.clientSpace.open')}
      </Anchor>
    </Stack>
  );
}
