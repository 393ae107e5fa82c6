import { createSeededRandom, type SeededRandom } from '../../../../../../tools/simulator/seeded-random.ts';

/**
 * Generated mention traffic for the detectors' evaluation: hourly counts with a daily and a weekly
 * rhythm, over-dispersed noise (gamma-Poisson, as real social traffic is), a usual share of
 * negative mentions and rumours, and words drawn from a Zipf vocabulary; then injected events:
 *
 * - spikes: volume × 2.5–6 for 2–6 hours, about one subject (its own words), mostly negative;
 * - term bursts: a new word in 15–40 % of mentions for 12–36 hours, volume unchanged;
 * - slow drifts: volume rising by 40–80 % over 8–12 days, then staying there — not an event, the
 *   baseline must follow it without alerting.
 */
export interface GeneratedQuery {
  name: string;
  hourly: number[];
  negative: number[];
  rumour: number[];
  /** Term counts per hour. */
  terms: Map<string, number>[];
  events: InjectedEvent[];
}
export interface InjectedEvent {
  kind: 'spike' | 'term_burst' | 'drift';
  startHour: number;
  endHour: number;
  term: string | null;
}

const HOUR_PROFILE = [
  0.25, 0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 0.8, 1.2, 1.4, 1.4, 1.5, 1.7, 1.5, 1.3, 1.3, 1.3, 1.4, 1.5, 1.6, 1.7, 1.4, 0.9, 0.5,
];
const VOCABULARY = Array.from({ length: 400 }, (_, i) => `mot${i}`);
const ZIPF = VOCABULARY.map((_, i) => 1 / (i + 1) ** 1.05);
const ZIPF_TOTAL = ZIPF.reduce((a, b) => a + b, 0);
const ZIPF_CUMULATIVE = ZIPF.map(
  (
    (acc) => (w: number) =>
      (acc += w)
  )(0),
);

function poisson(rng: SeededRandom, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rng)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}
function gaussian(rng: SeededRandom): number {
  const u = Math.max(1e-12, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
/** Gamma(shape, 1) by Marsaglia–Tsang (shape ≥ 1). */
function gamma(rng: SeededRandom, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(Math.max(1e-12, rng.next())) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
function zipfWord(rng: SeededRandom): string {
  const roll = rng.next() * ZIPF_TOTAL;
  let lo = 0;
  let hi = ZIPF_CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF_CUMULATIVE[mid]! < roll) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo]!;
}
function binomial(rng: SeededRandom, n: number, p: number): number {
  if (n > 60) return Math.max(0, Math.min(n, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gaussian(rng))));
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
}

export interface TrafficOptions {
  days: number;
  seed: number;
  /** Mentions per day on an ordinary weekday. */
  dailyVolume: number;
  name: string;
  /** Events start after this many days (the detectors need their 14 days of history). */
  warmupDays?: number;
  spikes?: number;
  bursts?: number;
  drifts?: number;
}

export function generateQueryTraffic(o: TrafficOptions): GeneratedQuery {
  const rng = createSeededRandom(o.seed);
  const hours = o.days * 24;
  const warmup = (o.warmupDays ?? 15) * 24;
  const events: InjectedEvent[] = [];
  // Events spread over the evaluated period, never overlapping one another.
  const taken: [number, number][] = [];
  const place = (length: number): number | null => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const start = rng.int(warmup, hours - length - 24);
      if (taken.every(([s, e]) => start + length + 48 < s || start > e + 48)) {
        taken.push([start, start + length]);
        return start;
      }
    }
    return null;
  };
  for (let i = 0; i < (o.drifts ?? 1); i++) {
    const length = rng.int(8, 12) * 24;
    const start = place(length);
    if (start !== null) events.push({ kind: 'drift', startHour: start, endHour: start + length, term: null });
  }
  for (let i = 0; i < (o.spikes ?? 8); i++) {
    const length = rng.int(2, 6);
    const start = place(length);
    if (start !== null) events.push({ kind: 'spike', startHour: start, endHour: start + length, term: `sujet${i}` });
  }
  for (let i = 0; i < (o.bursts ?? 6); i++) {
    const length = rng.int(12, 36);
    const start = place(length);
    if (start !== null) events.push({ kind: 'term_burst', startHour: start, endHour: start + length, term: `emergent${i}` });
  }

  const driftFactor = (h: number) => {
    let f = 1;
    for (const e of events) {
      if (e.kind !== 'drift' || h < e.startHour) continue;
      const rise = 0.4 + (e.startHour % 5) * 0.1;
      f *= 1 + rise * Math.min(1, (h - e.startHour) / (e.endHour - e.startHour));
    }
    return f;
  };
  const spikeAt = new Map<number, { factor: number; term: string }>();
  const burstAt = new Map<number, { share: number; term: string }>();
  for (const e of events) {
    if (e.kind === 'spike') {
      const factor = 2.5 + rng.next() * 3.5;
      for (let h = e.startHour; h < e.endHour; h++) spikeAt.set(h, { factor, term: e.term! });
    }
    if (e.kind === 'term_burst') {
      const share = 0.15 + rng.next() * 0.25;
      for (let h = e.startHour; h < e.endHour; h++) burstAt.set(h, { share, term: e.term! });
    }
  }

  const out: GeneratedQuery = {
    name: o.name,
    hourly: [],
    negative: [],
    rumour: [],
    terms: [],
    events: events.filter((e) => e.kind !== 'drift').concat(events.filter((e) => e.kind === 'drift')),
  };
  const perHourMean = o.dailyVolume / HOUR_PROFILE.reduce((a, b) => a + b, 0);
  // Over-dispersion at two scales, as real traffic has: some days are busier than others (±20 %),
  // and within a day hours wander around the day's rhythm (±16 %), on top of Poisson noise.
  const DAY_SHAPE = 25;
  const HOUR_SHAPE = 40;
  let dayFactor = 1;
  for (let h = 0; h < hours; h++) {
    const weekday = Math.floor(h / 24) % 7;
    const weekly = weekday >= 5 ? 0.7 : 1;
    if (h % 24 === 0) dayFactor = gamma(rng, DAY_SHAPE) / DAY_SHAPE;
    let lambda = perHourMean * HOUR_PROFILE[h % 24]! * weekly * driftFactor(h) * dayFactor;
    lambda *= gamma(rng, HOUR_SHAPE) / HOUR_SHAPE;
    const spike = spikeAt.get(h);
    const base = poisson(rng, lambda);
    // A wave is sized on the query's average hour, not on the hour it falls in: a 3 a.m. outage
    // brings as many posts as a noon one.
    const extra = spike ? poisson(rng, perHourMean * weekly * (spike.factor - 1)) : 0;
    const total = base + extra;
    // Usual share of negative mentions ~22 %, a spike's own mentions ~70 %.
    const negative = binomial(rng, base, 0.22) + binomial(rng, extra, 0.7);
    const rumour = binomial(rng, base, 0.01) + binomial(rng, extra, 0.08);
    const terms = new Map<string, number>();
    for (let m = 0; m < total; m++) {
      const words = new Set<string>();
      for (let k = 0; k < 6; k++) words.add(zipfWord(rng));
      if (m >= base && spike) words.add(spike.term);
      const burst = burstAt.get(h);
      if (burst && rng.chance(burst.share)) words.add(burst.term);
      for (const w of words) terms.set(w, (terms.get(w) ?? 0) + 1);
    }
    out.hourly.push(total);
    out.negative.push(negative);
    out.rumour.push(rumour);
    out.terms.push(terms);
  }
  return out;
}
