import type { ConversationListItem, Message, MessageAnalysis, PiiType } from '@agora/contracts/conversation.schema.ts';
import { Badge, Group, type MantineColor, Text, Tooltip } from '@mantine/core';
import { IconAlertOctagon, IconFlame, IconMessageReport, IconMoodHappy, IconMoodSad, IconSpeakerphone } from '@tabler/icons-react';
import { Fragment, isValidElement, type ReactNode, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import fr from '../../i18n/fr.json';

export type Sentiment = NonNullable<ConversationListItem['signals']['sentiment']>;
export type Urgency = NonNullable<ConversationListItem['signals']['urgency']>;
export type Signals = ConversationListItem['signals'];

export const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive'];
export const URGENCIES: readonly Urgency[] = ['low', 'normal', 'high', 'critical'];

/** Every intent the web app has a label for (the Banking77 names byte for byte, then the social ones). */
export const KNOWN_INTENTS: readonly string[] = Object.keys(fr.intents);

/** `card_arrival` → "Card arrival", for an intent a newer model returns before it has a label. */
export function humanizeIntent(name: string): string {
  const words = name.replace(/[_?]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

/**
 * Intent names are data, not i18n keys: some hold characters i18next reads as separators, so the
 * label is looked up in the `intents` table directly rather than through `t('intents.' + name)`.
 */
export function useIntentLabel(): (name: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useCallback(
    (name: string) => {
      for (const lng of [language, 'fr']) {
        const table = i18n.getResource(lng, 'translation', 'intents') as Record<string, string> | undefined;
        if (table && Object.hasOwn(table, name) && table[name]) return table[name];
      }
      return humanizeIntent(name);
    },
    [i18n, language],
  );
}

const URGENCY_COLOR: Record<Urgency, MantineColor> = { low: 'gray', normal: 'gray', high: 'orange', critical: 'red' };

function UrgencyBadge({ urgency, size = 'xs' }: { urgency: Urgency; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const title = t(`signals.urgencyTitle.${urgency}`);
  return (
    <Badge
      size={size}
      radius="sm"
      variant={urgency === 'critical' ? 'filled' : 'light'}
      color={URGENCY_COLOR[urgency]}
      leftSection={urgency === 'critical' ? <IconAlertOctagon size={11} aria-hidden /> : <IconFlame size={11} aria-hidden />}
      title={title}
      aria-label={title}
      data-signal="urgency"
      data-value={urgency}
      style={{ flex: 'none' }}
    >
      {t(`signals.urgencyValue.${urgency}`)}
    </Badge>
  );
}

function SentimentIcon({ sentiment, size = 16 }: { sentiment: Sentiment; size?: number }) {
  const { t } = useTranslation();
  if (sentiment === 'neutral') return null;
  const title = t(`signals.sentimentTitle.${sentiment}`);
  const Icon = sentiment === 'negative' ? IconMoodSad : IconMoodHappy;
  return (
    <span
      role="img"
      title={title}
      aria-label={title}
      data-signal="sentiment"
      data-value={sentiment}
      style={{ display: 'inline-flex', flex: 'none', color: `var(--mantine-color-${sentiment === 'negative' ? 'red-7' : 'teal-7'})` }}
    >
      <Icon size={size} aria-hidden />
    </span>
  );
}

function FlagBadge({ kind, size = 'xs' }: { kind: 'insult' | 'rumour'; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const title = t(kind === 'insult' ? 'signals.insultTitle' : 'signals.rumourTitle');
  return (
    <Badge
      size={size}
      radius="sm"
      variant="light"
      color={kind === 'insult' ? 'red' : 'violet'}
      leftSection={kind === 'insult' ? <IconMessageReport size={11} aria-hidden /> : <IconSpeakerphone size={11} aria-hidden />}
      title={title}
      aria-label={title}
      data-signal={kind}
      style={{ flex: 'none' }}
    >
      {t(kind === 'insult' ? 'signals.insult' : 'signals.rumour')}
    </Badge>
  );
}

function IntentLabel({ intent }: { intent: string }) {
  const { t } = useTranslation();
  const label = useIntentLabel()(intent);
  return (
    <Text
      size="xs"
      c="dimmed"
      truncate="end"
      title={t('signals.intentTitle', { label })}
      data-signal="intent"
      data-value={intent}
      style={{ minWidth: 0, flex: '1 1 auto' }}
    >
      {label}
    </Text>
  );
}

/** The compact reading of a conversation in a list row: only what deserves attention is shown. */
export function SignalBadges({ signals }: { signals: Signals }) {
  const urgent = signals.urgency === 'high' || signals.urgency === 'critical';
  const feeling = signals.sentiment && signals.sentiment !== 'neutral';
  if (!urgent && !feeling && !signals.insult && !signals.rumour && !signals.intent) return null;
  return (
    <Group gap={4} mt={6} wrap="wrap" style={{ minWidth: 0, rowGap: 2 }} data-testid="signal-badges">
      {urgent && signals.urgency ? <UrgencyBadge urgency={signals.urgency} /> : null}
      {signals.sentiment ? <SentimentIcon sentiment={signals.sentiment} size={15} /> : null}
      {signals.insult ? <FlagBadge kind="insult" /> : null}
      {signals.rumour ? <FlagBadge kind="rumour" /> : null}
      {signals.intent ? <IntentLabel intent={signals.intent} /> : null}
    </Group>
  );
}

/** The conversation header's summary: the latest inbound reading, a little larger. */
export function SignalsSummary({ signals }: { signals: Signals }) {
  const { t } = useTranslation();
  const intentLabel = useIntentLabel();
  if (!signals.intent && !signals.sentiment && !signals.urgency && !signals.insult && !signals.rumour) return null;
  return (
    <Group gap={6} wrap="wrap" aria-label={t('signals.summary')} data-testid="signals-summary">
      {signals.intent ? (
        <Badge
          size="sm"
          radius="sm"
          variant="outline"
          color="gray"
          tt="none"
          title={t('signals.intent')}
          data-signal="intent"
          data-value={signals.intent}
        >
          {intentLabel(signals.intent)}
        </Badge>
      ) : null}
      {signals.urgency && signals.urgency !== 'low' && signals.urgency !== 'normal' ? (
        <UrgencyBadge urgency={signals.urgency} size="sm" />
      ) : null}
      {signals.sentiment && signals.sentiment !== 'neutral' ? (
        <Badge
          size="sm"
          radius="sm"
          variant="light"
          color={signals.sentiment === 'negative' ? 'red' : 'teal'}
          leftSection={<SentimentIcon sentiment={signals.sentiment} size={13} />}
          title={t(`signals.sentimentTitle.${signals.sentiment}`)}
        >
          {t(`signals.sentimentValue.${signals.sentiment}`)}
        </Badge>
      ) : null}
      {signals.insult ? <FlagBadge kind="insult" size="sm" /> : null}
      {signals.rumour ? <FlagBadge kind="rumour" size="sm" /> : null}
    </Group>
  );
}

type Span = MessageAnalysis['pii'][number];

/** Keeps spans inside the body, sorted, without overlaps (a later overlapping span is dropped). */
function cleanSpans(body: string, spans: readonly Span[]): Span[] {
  const sorted = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end > s.start && s.start < body.length)
    .map((s) => ({ ...s, end: Math.min(s.end, body.length) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of sorted) {
    const last = kept.at(-1);
    if (!last || span.start >= last.end) kept.push(span);
  }
  return kept;
}

/** The original text, with each personal-data span underlined and named (staff see the real text). */
export function HighlightedBody({ body, spans }: { body: string; spans: readonly Span[] }) {
  const { t } = useTranslation();
  const clean = cleanSpans(body, spans);
  if (clean.length === 0) return <>{body}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const span of clean) {
    if (span.start > at) parts.push(<Fragment key={`t${at}`}>{body.slice(at, span.start)}</Fragment>);
    const typeLabel = t(`signals.pii.${span.type}`, { defaultValue: span.type });
    parts.push(
      <Tooltip key={`p${span.start}`} label={typeLabel} withArrow openDelay={100}>
        <mark className="pii-highlight" data-testid="pii-highlight" data-pii-type={span.type} data-pii-label={typeLabel}>
          {body.slice(span.start, span.end)}
        </mark>
      </Tooltip>,
    );
    at = span.end;
  }
  if (at < body.length) parts.push(<Fragment key={`t${at}`}>{body.slice(at)}</Fragment>);
  return <>{parts}</>;
}

/** A discreet line under an inbound message: what the NLU read in it, each part named on hover. */
export function AnalysisDetails({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const intentLabel = useIntentLabel();
  const analysis = message.analysis;
  if (message.direction !== 'inbound' || !analysis) return null;
  const number = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const piiTypes = [...new Set(analysis.pii.map((p) => p.type))] as PiiType[];
  const strong = analysis.urgency === 'high' || analysis.urgency === 'critical';
  const parts: ReactNode[] = [
    <span key="intent" title={t('signals.intent')}>
      {intentLabel(analysis.intent)} ({t('signals.confidence', { value: Math.round(analysis.intentConfidence * 100) })})
    </span>,
    <Text
      key="sentiment"
      span
      inherit
      c={analysis.sentiment === 'negative' ? 'red.7' : analysis.sentiment === 'positive' ? 'teal.7' : undefined}
      title={t('signals.sentiment')}
    >
      {t(`signals.sentimentValue.${analysis.sentiment}`)} {number.format(analysis.sentimentScore)}
    </Text>,
    <Text
      key="urgency"
      span
      inherit
      fw={strong ? 600 : undefined}
      c={analysis.urgency === 'critical' ? 'red.7' : analysis.urgency === 'high' ? 'orange.8' : undefined}
    >
      {t(`signals.urgencyTitle.${analysis.urgency}`)}
    </Text>,
    <span key="language" title={t('signals.language')}>
      {t(`signals.languageValue.${analysis.language}`)}
    </span>,
  ];
  if (analysis.insult) {
    parts.push(
      <Text key="insult" span inherit c="red.7" fw={600}>
        {t('signals.insult')}
        {analysis.insultReason ? <Text span inherit fw={400}>{` (${analysis.insultReason})`}</Text> : null}
      </Text>,
    );
  }
  if (analysis.rumour) {
    parts.push(
      <Text key="rumour" span inherit c="violet.7" fw={600} title={t('signals.rumourTitle')}>
        {t('signals.rumour')}
      </Text>,
    );
  }
  if (piiTypes.length > 0) {
    parts.push(
      <Text key="pii" span inherit c="orange.8">
        {t('signals.personalDataList', { types: piiTypes.map((type) => t(`signals.pii.${type}`, { defaultValue: type })).join(', ') })}
      </Text>,
    );
  }
  return (
    <Text
      size="xs"
      c="dimmed"
      mt={4}
      px={4}
      maw="min(72%, 640px)"
      data-testid="analysis-details"
      data-intent={analysis.intent}
      data-sentiment={analysis.sentiment}
      data-urgency={analysis.urgency}
    >
      {parts.map((part, index) => (
        <Fragment key={isValidElement(part) ? String(part.key) : index}>
          {index > 0 ? ' · ' : null}
          {part}
        </Fragment>
      ))}
    </Text>
  );
}
