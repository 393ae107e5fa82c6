import type { ChannelPlatform } from '@agora/contracts/channels.schema.ts';
import { Group, ThemeIcon } from '@mantine/core';
import {
  IconBrandApple,
  IconBrandFacebook,
  IconBrandGooglePlay,
  IconBrandInstagram,
  IconBrandX,
  IconMessageCircle,
  IconStar,
  IconUsersGroup,
  type Icon as TablerIcon,
} from '@tabler/icons-react';

const ICONS: Record<ChannelPlatform, Array<{ Icon: TablerIcon; color: string }>> = {
  // One Meta app serves the Facebook Page and the Instagram account.
  meta: [
    { Icon: IconBrandFacebook, color: '#1877f2' },
    { Icon: IconBrandInstagram, color: '#d62976' },
  ],
  x: [{ Icon: IconBrandX, color: '#14171a' }],
  trustpilot: [{ Icon: IconStar, color: '#00b67a' }],
  google_play: [{ Icon: IconBrandGooglePlay, color: '#01875f' }],
  app_store: [{ Icon: IconBrandApple, color: '#0d96f6' }],
  live_chat: [{ Icon: IconMessageCircle, color: '#1c7ed6' }],
  forum: [{ Icon: IconUsersGroup, color: '#7048e8' }],
};

export function PlatformIcon({ platform, size = 36 }: { platform: ChannelPlatform; size?: number }) {
  return (
    <Group gap={4} wrap="nowrap" aria-hidden style={{ flex: 'none' }}>
      {ICONS[platform].map(({ Icon, color }) => (
        <ThemeIcon key={color} size={size} radius="md" variant="light" color={color}>
          <Icon size={size * 0.6} stroke={1.7} />
        </ThemeIcon>
      ))}
    </Group>
  );
}
