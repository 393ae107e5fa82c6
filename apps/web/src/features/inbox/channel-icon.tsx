import type { Channel } from '@agora/contracts/common.schema.ts';
import { Box, ThemeIcon, Tooltip } from '@mantine/core';
import {
  IconBrandApple,
  IconBrandFacebook,
  IconBrandGooglePlay,
  IconBrandInstagram,
  IconBrandMessenger,
  IconBrandX,
  IconLock,
  IconMessageChatbot,
  IconStar,
  IconUsersGroup,
  IconWorld,
  type Icon as TablerIcon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

// Keyed by name rather than by the Channel type, so a channel added to the contract shows a
// generic icon until it gets its own.
const ICONS: Record<string, { Icon: TablerIcon; color: string } | undefined> = {
  facebook: { Icon: IconBrandFacebook, color: '#1877f2' },
  messenger: { Icon: IconBrandMessenger, color: '#0a7cff' },
  instagram: { Icon: IconBrandInstagram, color: '#d62976' },
  instagram_dm: { Icon: IconBrandInstagram, color: '#d62976' },
  x: { Icon: IconBrandX, color: '#14171a' },
  x_dm: { Icon: IconBrandX, color: '#14171a' },
  trustpilot: { Icon: IconStar, color: '#00b67a' },
  google_play: { Icon: IconBrandGooglePlay, color: '#01875f' },
  app_store: { Icon: IconBrandApple, color: '#0d96f6' },
  live_chat: { Icon: IconMessageChatbot, color: '#1c7ed6' },
  forum: { Icon: IconUsersGroup, color: '#7048e8' },
};
const FALLBACK = { Icon: IconWorld, color: '#868e96' };

const PRIVATE_CHANNELS: readonly Channel[] = ['messenger', 'instagram_dm', 'x_dm'];

export function ChannelIcon({ channel, size = 28 }: { channel: Channel; size?: number }) {
  const { t } = useTranslation();
  const { Icon, color } = ICONS[channel] ?? FALLBACK;
  const label = t(`channels.${channel}`, { defaultValue: channel });
  return (
    <Tooltip label={label} openDelay={300}>
      <Box pos="relative" style={{ flex: 'none' }} data-channel={channel}>
        <ThemeIcon size={size} radius="xl" variant="light" color={color} aria-label={label} role="img">
          <Icon size={size * 0.62} stroke={1.7} />
        </ThemeIcon>
        {PRIVATE_CHANNELS.includes(channel) && channel !== 'messenger' ? (
          <ThemeIcon size={14} radius="xl" color="gray.7" pos="absolute" bottom={-2} right={-2} aria-hidden>
            <IconLock size={9} />
          </ThemeIcon>
        ) : null}
      </Box>
    </Tooltip>
  );
}

/** The channel's bare icon in its colour, for menus and filters where a badge would be too heavy. */
export function ChannelGlyph({ channel, size = 16 }: { channel: string; size?: number }) {
  const { Icon, color } = ICONS[channel] ?? FALLBACK;
  return <Icon size={size} color={color} stroke={1.8} aria-hidden style={{ flex: 'none' }} />;
}
