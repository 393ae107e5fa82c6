import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../../../tools/simulator/seeded-random.ts';
import { detectSignals, SERIES_HOURS } from './detectors/signal-detectors.ts';
import { DAILY, OUTAGE_WAVE, poisson, RHYTHM } from './listening-demo.service.ts';

const HOUR = 3_600_000;

describe('the demo bank’s outage wave', () => {
  it('is a critical volume spike whatever the hour the demo starts', () => {
    const severities: string[] = [];
    for (let trial = 0; trial < 400; trial++) {
      const rng = createSeededRandom(trial + 1);
      // A start minute anywhere in the day: the wave meets the hours' boundaries differently.
      const now = Date.UTC(2026, 11, 5) + rng.int(0, 24 * 60 - 1) * 60_000;
      const current = Math.floor(now / HOUR) * HOUR;
      const first = current - (SERIES_HOURS - 1) * HOUR;
      // The brand's usual posts, as the demo sends them, until two hours ago; then the wave.
      const hourly = Array.from({ length: SERIES_HOURS }, (_, i) => {
        const h = first + i * HOUR;
        return h < now - 2 * HOUR ? poisson(rng, (DAILY.brand / 24) * RHYTHM[(new Date(h).getUTCHours() + 1) % 24]!) : 0;
      });
      for (let k = 0; k < OUTAGE_WAVE.posts; k++) hourly[Math.floor((now - rng.int(1, OUTAGE_WAVE.minutes) * 60_000 - first) / HOUR)]!++;
      const spike = detectSignals({
        hourly,
        hourlyNegative: hourly.map(() => 0),
        hourlyRumour: hourly.map(() => 0),
        currentHourStart: new Date(current),
        termsRecent: new Map(),
        termsNow: new Map(),
        termsBaseline: new Map(),
        sensitivity: 'balanced',
      }).find((s) => s.kind === 'volume_spike');
      severities.push(spike?.severity ?? 'none');
    }
    expect(severities.filter((s) => s !== 'critical')).toEqual([]);
  });
});
