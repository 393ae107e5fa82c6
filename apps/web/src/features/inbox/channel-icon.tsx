import type { Channel } from '@agora/contracts/common.schema.ts';
import { Box, ThemeIcon, Tooltip } from '@mantine/core';
import { IconBrandFacebook, IconBrandInstagram, IconBrandMessenger, IconBrandX, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

const ICONS = {
  facebook: { Icon: IconBrandFacebook, color: '#1877f2' },
  messenger: { Icon: IconBrandMessenger, color: '#0a7cff' },
  instagram: { Icon: IconBrandInstagram, color: '#d62976' },
  instagram_dm: { Icon: IconBrandInstagram, color: '#d62976' },
  x: { Icon: IconBrandX, color: '#14171a' },
  x_dm: { Icon: IconBrandX, color: '#14171a' },
} satisfies Record<Channel, unknown>;

const PRIVATE_CHANNELS: readonly Channel[] = ['messenger', 'instagram_dm', 'x_dm'];

export function ChannelIcon({ channel, size = 28 }: { channel: Channel; size?: number }) {
  const { t } = useTranslation();
  const { Icon, color } = ICONS[channel];
  const label = t(`channels.${channel}`);
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
