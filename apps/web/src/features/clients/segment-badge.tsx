import type { Segment } from '@agora/contracts/client-360.schema.ts';
import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<Segment, string> = { social: 'grape', web: 'cyan', silent: 'gray' };

/** Rule 12's segment of a client, with what it means on hover. */
export function SegmentBadge({ segment, size = 'sm' }: { segment: Segment | null; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  if (!segment) {
    return (
      <Badge size={size} variant="outline" color="gray" data-testid="segment-badge" data-segment="">
        {t('clients.segment.unknown')}
      </Badge>
    );
  }
  return (
    <Tooltip label={t(`clients.segmentHint.${segment}`)} withArrow>
      <Badge size={size} variant="light" color={COLORS[segment]} data-testid="segment-badge" data-segment={segment}>
        {t(`clients.segment.${segment}`)}
      </Badge>
    </Tooltip>
  );
}
