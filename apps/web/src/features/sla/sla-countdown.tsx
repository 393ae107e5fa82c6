import type { SlaBadge } from '@agora/contracts/sla.schema.ts';
import { Badge, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

// The module's few words live here rather than in the shared i18n files.
const WORDS = {
  fr: {
    first: '1re réponse',
    next: 'réponse',
    resolution: 'résolution',
    left: (d: string) => `reste ${d}`,
    late: (d: string) => `dépassé de ${d}`,
    paused: 'en pause (attente client)',
    pausedShort: 'en pause',
    met: 'délai tenu',
    na: 'sans SLA (insulte)',
    due: (at: string) => `Échéance : ${at} (heures d’ouverture uniquement)`,
    pausedLeft: (d: string) => `Il restera ${d} d’ouverture à la reprise`,
    min: 'min',
    h: 'h',
    d: 'j',
  },
  en: {
    first: 'first reply',
    next: 'reply',
    resolution: 'resolution',
    left: (d: string) => `${d} left`,
    late: (d: string) => `overdue by ${d}`,
    paused: 'paused (waiting on client)',
    pausedShort: 'paused',
    met: 'on time',
    na: 'no SLA (insult)',
    due: (at: string) => `Due ${at} (opening hours only)`,
    pausedLeft: (d: string) => `${d} of opening time left when it resumes`,
    min: 'min',
    h: 'h',
    d: 'd',
  },
};
type Words = (typeof WORDS)['fr'];

/** "12 min", "2 h 05", "3 j 4 h". */
export function formatDuration(ms: number, w: Pick<Words, 'min' | 'h' | 'd'>): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} ${w.min}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} ${w.h} ${String(minutes % 60).padStart(2, '0')}`;
  return `${Math.floor(hours / 24)} ${w.d} ${hours % 24} ${w.h}`;
}

/** Re-renders every 30 s so the countdown moves without a refetch. */
function useNow(intervalMs = 30_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

const COLORS = { running: 'green', warning: 'orange', breached: 'red', paused: 'gray', met: 'teal', na: 'gray' } as const;

/**
 * The SLA countdown: green while more than 20 % is left, orange from the warning, red once
 * overdue ("dépassé de 12 min"), grey while waiting on the client. The state is re-read against
 * the local clock so a badge turns orange or red on time, between two refetches.
 */
export function SlaCountdown({
  sla,
  size = 'sm',
  compact = false,
}: {
  sla: SlaBadge | null | undefined;
  size?: 'xs' | 'sm' | 'md';
  compact?: boolean;
}) {
  const { i18n } = useTranslation();
  const now = useNow();
  if (!sla || sla.state === 'met') return null;
  const w: Words = i18n.language?.startsWith('en') ? WORDS.en : WORDS.fr;
  let state = sla.state;
  let label: string;
  let tip: string | null = null;
  if (state === 'na') label = w.na;
  else if (state === 'paused') {
    label = compact ? w.pausedShort : w.paused;
    if (sla.pausedRemainingMinutes !== null) tip = w.pausedLeft(formatDuration(sla.pausedRemainingMinutes * 60_000, w));
  } else {
    const due = Date.parse(sla.dueAt ?? '');
    const left = due - now;
    if (left <= 0) state = 'breached';
    const time = left <= 0 ? w.late(formatDuration(-left, w)) : w.left(formatDuration(left, w));
    // The list row is narrow: the kind of deadline moves to the tooltip there.
    label = compact ? time : `${w[sla.kind]} · ${time}`;
    tip = `${compact ? `${w[sla.kind]} — ` : ''}${w.due(new Date(due).toLocaleString(i18n.language?.startsWith('en') ? 'en-GB' : 'fr-FR', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }))}`;
  }
  const badge = (
    <Badge
      color={COLORS[state]}
      variant={state === 'breached' ? 'filled' : 'light'}
      size={size}
      radius="sm"
      tt="none"
      style={{ flex: 'none' }}
      data-testid="sla-countdown"
      data-state={state}
      data-kind={sla.kind}
    >
      {label}
    </Badge>
  );
  return tip ? <Tooltip label={tip}>{badge}</Tooltip> : badge;
}
