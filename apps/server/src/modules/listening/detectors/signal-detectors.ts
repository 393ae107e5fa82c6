/**
 * Weak-signal detectors (issue 7, rule 7): pure functions over hourly counts, so the same code
 * runs in the worker (fed by the rollups) and in `npm run eval:signals` (fed by generated traffic).
 *
 * - volume spike: the last hour (and the hour in progress) against the same hour of the last 14
 *   days and the last 12 hours; the last 24 hours against the same 24 hours of the last 14 days;
 * - term burst: a term far more frequent in the last 24 hours than in the 14 days before, once
 *   the overall volume is accounted for (a busy day raises every word);
 * - negative surge: the share of negative mentions of the last 6 hours against the last 14 days;
 * - rumour surge: rumour terms (packages/nlu) of the last 6 hours against their usual rate.
 */
export type Sensitivity = 'fewer' | 'balanced' | 'more';
export type SignalKind = 'volume_spike' | 'term_burst' | 'negative_surge' | 'rumour_surge';

export interface DetectionInput {
  /** Counts per hour, oldest first; the last element is the hour in progress. At least 15 days + 1. */
  hourly: number[];
  hourlyNegative: number[];
  hourlyRumour: number[];
  /** Start of the hour in progress (the last element of the series). */
  currentHourStart: Date;
  /** Term counts of the last 24 hours. */
  termsRecent: Map<string, number>;
  /** Counts of the same terms over the last 3 hours (the hour in progress and the two before). */
  termsNow: Map<string, number>;
  /** Daily counts of the same terms over the 14 days before (oldest first; missing days are 0). */
  termsBaseline: Map<string, number[]>;
  sensitivity: Sensitivity;
}

export interface Signal {
  kind: SignalKind;
  term: string | null;
  observed: number;
  expected: number;
  score: number;
  windowStart: Date;
  windowEnd: Date;
  severity: 'info' | 'warning' | 'critical';
}

interface Thresholds {
  z: number;
  ratio: number;
  min: number;
}
export const THRESHOLDS: Record<
  Sensitivity,
  { hour: Thresholds; day: Thresholds; term: Thresholds; negative: Thresholds; rumour: Thresholds }
> = {
  fewer: {
    hour: { z: 7, ratio: 3, min: 20 },
    day: { z: 6, ratio: 2, min: 60 },
    term: { z: 7, ratio: 6, min: 15 },
    negative: { z: 6, ratio: 1.8, min: 15 },
    rumour: { z: 6, ratio: 4, min: 12 },
  },
  balanced: {
    hour: { z: 5, ratio: 2.2, min: 12 },
    day: { z: 5, ratio: 1.7, min: 40 },
    term: { z: 5, ratio: 4, min: 10 },
    negative: { z: 4.5, ratio: 1.5, min: 10 },
    rumour: { z: 4.5, ratio: 3, min: 8 },
  },
  more: {
    hour: { z: 3.5, ratio: 1.6, min: 8 },
    day: { z: 3.5, ratio: 1.4, min: 25 },
    term: { z: 3.5, ratio: 2.5, min: 6 },
    negative: { z: 3.5, ratio: 1.3, min: 6 },
    rumour: { z: 3.5, ratio: 2, min: 5 },
  },
};

export const HISTORY_DAYS = 14;
/** Spikes are looked for over the last 1, 2 and 3 hours: a wave of a few hours adds up. */
const SPANS = [1, 2, 3];
export const SERIES_HOURS = HISTORY_DAYS * 24 + 25;
const HOUR = 3_600_000;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : 0);
function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const mad = (xs: number[], m: number) => median(xs.map((x) => Math.abs(x - m)));

function severityOf(score: number, z: number): Signal['severity'] {
  return score >= z * 2 ? 'critical' : score >= z * 1.3 ? 'warning' : 'info';
}

/**
 * Hour-scale spike: the `span` hours ending at `end` against the same hours of the 14 days
 * before (their median: the seasonal expectation), scaled by how the 12 hours before compare
 * with their own seasonal expectation (a busier day than usual raises the bar; a quiet one
 * lowers it, within bounds).
 */
function hourSpike(
  input: DetectionInput,
  end: number,
  span: number,
  t: Thresholds,
): { score: number; observed: number; expected: number; start: number } | null {
  const { hourly } = input;
  const start = end - span + 1;
  if (start < 0) return null;
  const windowSum = (to: number) => sum(hourly.slice(to - span + 1, to + 1));
  const observed = windowSum(end);
  if (observed < t.min) return null;
  const seasonal: number[] = [];
  for (let k = 1; k <= HISTORY_DAYS; k++) if (start - 24 * k >= 0) seasonal.push(windowSum(end - 24 * k));
  if (seasonal.length < 7) return null;
  let recent = 0;
  let usual = 0;
  for (let i = Math.max(0, start - 12); i < start; i++) {
    recent += hourly[i]!;
    const past: number[] = [];
    for (let k = 1; k <= HISTORY_DAYS; k++) if (i - 24 * k >= 0) past.push(hourly[i - 24 * k]!);
    usual += median(past);
  }
  const level = Math.min(2.5, Math.max(0.7, (recent + 10) / (usual + 10)));
  const seasonalMedian = median(seasonal);
  const expected = Math.max(seasonalMedian * level, span * 0.5);
  // Real traffic varies more than Poisson: the spread of the same hours on past days counts too.
  const spread = Math.max(Math.sqrt(expected), 1.4826 * mad(seasonal, seasonalMedian) * level);
  const score = (observed - expected) / (spread + 1);
  // A rise held for several hours is surer than one hour's: the ratio asked for shrinks with it.
  if (score < t.z || observed < expected * t.ratio ** (1 / Math.sqrt(span))) return null;
  return { score, observed, expected, start };
}

/** How much lower the bar of an hour-scale rise is when a new subject carries it (a power of the thresholds). */
const CARRIED_RELIEF = 0.6;
/** The share of the rise's extra mentions that the new subject must account for. */
const CARRIED_SHARE = 0.5;

/**
 * Mentions of the last 3 hours holding the most frequent term that was (nearly) absent from the
 * 14 days before (its last 24 hours at least twenty times its usual day): a subject of now, not
 * the tail of yesterday's.
 */
function newSubjectCount(input: DetectionInput, min: number): number {
  let best = 0;
  for (const [term, count] of input.termsNow) {
    if (count < min || count <= best) continue;
    const usual = mean(input.termsBaseline.get(term) ?? []);
    if (usual * 20 <= (input.termsRecent.get(term) ?? count)) best = count;
  }
  return best;
}

export function detectSignals(input: DetectionInput): Signal[] {
  const t = THRESHOLDS[input.sensitivity];
  const n = input.hourly.length;
  const signals: Signal[] = [];
  const current = n - 1;
  const hourStart = (i: number) => new Date(input.currentHourStart.getTime() - (current - i) * HOUR);

  // 1. The hour in progress (early warning) or the last complete hour. A smaller rise counts too
  // when one subject unheard of in the 14 days before carries most of it: that is how a bad buzz
  // starts, and a random swell of the usual conversation never looks like that.
  const strongest = (th: Thresholds) => {
    const candidates = [];
    for (const end of [current, current - 1]) for (const span of SPANS) candidates.push({ end, hit: hourSpike(input, end, span, th) });
    return candidates.filter((h) => h.hit).sort((a, b) => b.hit!.score - a.hit!.score)[0];
  };
  let hourly = strongest(t.hour);
  if (!hourly) {
    const rise = strongest({ z: t.hour.z * CARRIED_RELIEF, ratio: t.hour.ratio ** CARRIED_RELIEF, min: t.hour.min });
    if (rise?.hit && newSubjectCount(input, t.term.min) >= (rise.hit.observed - rise.hit.expected) * CARRIED_SHARE) hourly = rise;
  }
  if (hourly?.hit) {
    signals.push({
      kind: 'volume_spike',
      term: null,
      observed: hourly.hit.observed,
      expected: round(hourly.hit.expected),
      score: round(hourly.hit.score),
      windowStart: hourStart(hourly.hit.start),
      windowEnd: new Date(hourStart(hourly.end).getTime() + HOUR),
      severity: severityOf(hourly.hit.score, t.hour.z),
    });
  }

  // 2. The last 24 hours against the same 24 hours of each of the 14 days before.
  const windowOf = (endExclusive: number) => sum(input.hourly.slice(Math.max(0, endExclusive - 24), endExclusive));
  const last24 = windowOf(n);
  const past24: number[] = [];
  for (let k = 1; k <= HISTORY_DAYS; k++) if (n - 24 * k - 24 >= 0) past24.push(windowOf(n - 24 * k));
  if (!hourly && past24.length >= 7 && last24 >= t.day.min) {
    const m = mean(past24);
    const sd = Math.sqrt(mean(past24.map((x) => (x - m) ** 2)));
    const score = (last24 - m) / (Math.max(sd, Math.sqrt(m)) + 1);
    if (score >= t.day.z && last24 >= m * t.day.ratio)
      signals.push({
        kind: 'volume_spike',
        term: null,
        observed: last24,
        expected: round(m),
        score: round(score),
        windowStart: hourStart(n - 24),
        windowEnd: new Date(input.currentHourStart.getTime() + HOUR),
        severity: severityOf(score, t.day.z),
      });
  }

  // 3. Negative sentiment and rumours over the last 6 hours against the 14 days before.
  const recent6 = (xs: number[]) => sum(xs.slice(n - 6));
  const before = (xs: number[]) => sum(xs.slice(Math.max(0, n - 6 - HISTORY_DAYS * 24), n - 6));
  const total6 = recent6(input.hourly);
  const neg6 = recent6(input.hourlyNegative);
  const totalBefore = before(input.hourly);
  if (totalBefore > 50 && neg6 >= t.negative.min) {
    const p0 = Math.min(0.95, Math.max(0.02, before(input.hourlyNegative) / totalBefore));
    const expectedNeg = total6 * p0;
    const score = (neg6 - expectedNeg) / Math.sqrt(total6 * p0 * (1 - p0) + 1);
    if (score >= t.negative.z && neg6 / Math.max(1, total6) >= p0 * t.negative.ratio)
      signals.push({
        kind: 'negative_surge',
        term: null,
        observed: neg6,
        expected: round(expectedNeg),
        score: round(score),
        windowStart: hourStart(n - 6),
        windowEnd: new Date(input.currentHourStart.getTime() + HOUR),
        severity: severityOf(score, t.negative.z),
      });
  }
  const rum6 = recent6(input.hourlyRumour);
  if (rum6 >= t.rumour.min) {
    const hours = Math.max(1, Math.min(HISTORY_DAYS * 24, n - 6));
    const expected = Math.max(0.5, (before(input.hourlyRumour) / hours) * 6);
    // Rumour counts are small and lumpy: twice the Poisson variance.
    const score = (rum6 - expected) / Math.sqrt(2 * expected + 1);
    if (score >= t.rumour.z && rum6 >= expected * t.rumour.ratio)
      signals.push({
        kind: 'rumour_surge',
        term: null,
        observed: rum6,
        expected: round(expected),
        score: round(score),
        windowStart: hourStart(n - 6),
        windowEnd: new Date(input.currentHourStart.getTime() + HOUR),
        severity: severityOf(score, t.rumour.z),
      });
  }

  // 4. Terms: frequent now, rare before, beyond what the day's volume explains.
  const baselineDaily = mean(past24.length ? past24 : [last24]);
  const volumeFactor = Math.max(1, last24 / Math.max(1, baselineDaily));
  const bursts: Signal[] = [];
  for (const [term, observed] of input.termsRecent) {
    if (observed < t.term.min) continue;
    const days = input.termsBaseline.get(term) ?? [];
    const m = mean(days.length ? days : [0]);
    const sd = Math.sqrt(mean(days.map((x) => (x - m) ** 2)));
    const expected = m * volumeFactor;
    const score = (observed - expected) / (Math.max(sd, Math.sqrt(expected)) + 1);
    if (score < t.term.z || observed < (expected + 1) * t.term.ratio) continue;
    bursts.push({
      kind: 'term_burst',
      term,
      observed,
      expected: round(expected),
      score: round(score),
      windowStart: hourStart(n - 24),
      windowEnd: new Date(input.currentHourStart.getTime() + HOUR),
      severity: severityOf(score, t.term.z),
    });
  }
  // The strongest few: a wave brings several words at once, one alert each is noise.
  signals.push(...bursts.sort((a, b) => b.score - a.score).slice(0, 3));
  return signals;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Alerts of the same query, kind and term closer than this are one episode (one alert, updated). */
export const EPISODE_GAP_MS = 12 * HOUR;

export interface OpenEpisode {
  key: string;
  lastSeenAt: Date;
}
export const episodeKey = (queryId: string, s: { kind: SignalKind; term: string | null }) => `${queryId}:${s.kind}:${s.term ?? ''}`;

/**
 * De-duplication: a signal that continues an episode seen less than EPISODE_GAP_MS ago updates
 * that alert; otherwise it opens a new one. Returns, per signal, the episode it belongs to and
 * whether it is new.
 */
export function assignEpisodes(
  queryId: string,
  signals: Signal[],
  open: Map<string, OpenEpisode>,
  now: Date,
): { signal: Signal; key: string; isNew: boolean }[] {
  return signals.map((signal) => {
    const key = episodeKey(queryId, signal);
    const known = open.get(key);
    const isNew = !known || now.getTime() - known.lastSeenAt.getTime() > EPISODE_GAP_MS;
    open.set(key, { key, lastSeenAt: now });
    return { signal, key, isNew };
  });
}
