import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../../../../tools/simulator/seeded-random.ts';
import { assignEpisodes, type DetectionInput, detectSignals, EPISODE_GAP_MS, type OpenEpisode, SERIES_HOURS } from './signal-detectors.ts';

const HOUR = 3_600_000;
const NOW = new Date('2026-03-10T14:00:00Z');
const PROFILE = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 15, 16, 15, 13, 13, 13, 14, 15, 16, 16, 12, 6, 3];

/** 15 days of a steady daily rhythm with mild noise; `edit` shapes the last hours. */
function series(seed = 1, scale = 1): DetectionInput {
  const rng = createSeededRandom(seed);
  const startHour = (NOW.getTime() / HOUR - (SERIES_HOURS - 1)) % 24;
  const hourly = Array.from({ length: SERIES_HOURS }, (_, i) =>
    Math.round(PROFILE[(startHour + i) % 24]! * scale * (0.85 + rng.next() * 0.3)),
  );
  return {
    hourly,
    hourlyNegative: hourly.map((n) => Math.round(n * 0.2)),
    hourlyRumour: hourly.map((n) => (n > 10 && rng.chance(0.1) ? 1 : 0)),
    currentHourStart: NOW,
    termsRecent: new Map([
      ['appli', 40],
      ['virement', 25],
    ]),
    termsNow: new Map([
      ['appli', 6],
      ['virement', 4],
    ]),
    termsBaseline: new Map([
      ['appli', [38, 41, 36, 44, 40, 39, 42, 37, 40, 43, 38, 41, 39, 40]],
      ['virement', [24, 26, 22, 27, 25, 23, 26, 24, 25, 28, 23, 26, 24, 25]],
    ]),
    sensitivity: 'balanced',
  };
}
const kinds = (input: DetectionInput) => detectSignals(input).map((s) => s.kind);

describe('weak-signal detectors on constructed series', () => {
  it('stay silent on an ordinary day, whatever the sensitivity', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      expect(kinds(series(seed)), `seed ${seed}`).toEqual([]);
      expect(kinds({ ...series(seed), sensitivity: 'fewer' })).toEqual([]);
    }
  });

  it('see a spike in the hour in progress against the same hour of past days', () => {
    const input = series();
    const n = input.hourly.length;
    input.hourly[n - 1] = 70; // usually ~16 at this hour
    const spike = detectSignals(input).find((s) => s.kind === 'volume_spike');
    expect(spike).toBeDefined();
    expect(spike!.observed).toBe(70);
    expect(spike!.expected).toBeGreaterThan(10);
    expect(spike!.expected).toBeLessThan(25);
    expect(spike!.windowEnd.getTime()).toBe(NOW.getTime() + HOUR);
  });

  it("take a smaller rise for a spike when a subject new today carries it, not when it is yesterday's", () => {
    // Three hours at about 1.7 times their usual: below the bar of a rise of the usual conversation.
    const rise = () => {
      const input = series();
      const n = input.hourly.length;
      for (let i = n - 3; i < n; i++) input.hourly[i] = Math.round(input.hourly[i]! * 1.7);
      return input;
    };
    const spikes = (input: DetectionInput) => detectSignals(input).filter((s) => s.kind === 'volume_spike');
    expect(spikes(rise())).toEqual([]);
    // The same rise, with a word unheard of in the last 14 days in most of its extra mentions.
    const carried = rise();
    carried.termsRecent.set('panne-carte', 24);
    carried.termsNow.set('panne-carte', 24);
    expect(spikes(carried)).toHaveLength(1);
    // The word came in a wave that ended hours ago (still in the last 24 hours, not in the last 3).
    const tail = rise();
    tail.termsRecent.set('panne-carte', 24);
    expect(spikes(tail)).toEqual([]);
  });

  it('do not call a busy hour a spike when the whole day is busy (the last 12 hours set the level)', () => {
    const input = series();
    const n = input.hourly.length;
    // The whole day runs at twice the usual level: the hour at twice its usual is no spike.
    for (let i = n - 13; i < n; i++) input.hourly[i] = input.hourly[i]! * 2;
    expect(
      detectSignals(input).filter((s) => s.kind === 'volume_spike' && s.windowEnd.getTime() - s.windowStart.getTime() <= 3 * HOUR),
    ).toEqual([]);
  });

  it('see a term that bursts beyond what the volume explains, and not the usual words', () => {
    const input = series();
    input.termsRecent.set('panne', 30);
    input.termsBaseline.set('panne', [1, 0, 2, 0, 1, 0, 0, 1, 0, 0, 2, 0, 1, 0]);
    const bursts = detectSignals(input).filter((s) => s.kind === 'term_burst');
    expect(bursts.map((b) => b.term)).toEqual(['panne']);
  });

  it('see a surge of negative mentions and of rumours over the last 6 hours', () => {
    const input = series();
    const n = input.hourly.length;
    for (let i = n - 6; i < n; i++) {
      input.hourlyNegative[i] = Math.round(input.hourly[i]! * 0.75);
      input.hourlyRumour[i] = 4;
    }
    expect(kinds(input)).toEqual(expect.arrayContaining(['negative_surge', 'rumour_surge']));
  });

  it('alert more readily on "more" and less on "fewer"', () => {
    const input = series();
    const n = input.hourly.length;
    input.hourly[n - 2] = 34; // about twice the usual afternoon hour
    const at = (sensitivity: DetectionInput['sensitivity']) => kinds({ ...input, sensitivity }).includes('volume_spike');
    expect(at('more')).toBe(true);
    expect(at('fewer')).toBe(false);
  });

  it('de-duplicate: the same wave updates one episode, a wave after a quiet gap opens another', () => {
    const open = new Map<string, OpenEpisode>();
    const signal = {
      kind: 'volume_spike' as const,
      term: null,
      observed: 70,
      expected: 16,
      score: 9,
      windowStart: NOW,
      windowEnd: NOW,
      severity: 'critical' as const,
    };
    const first = assignEpisodes('q1', [signal], open, NOW);
    const again = assignEpisodes('q1', [signal], open, new Date(NOW.getTime() + 2 * HOUR));
    const otherQuery = assignEpisodes('q2', [signal], open, new Date(NOW.getTime() + 2 * HOUR));
    const later = assignEpisodes('q1', [signal], open, new Date(NOW.getTime() + 2 * HOUR + EPISODE_GAP_MS + HOUR));
    expect([first[0]!.isNew, again[0]!.isNew, otherQuery[0]!.isNew, later[0]!.isNew]).toEqual([true, false, true, true]);
  });
});

describe('alert webhooks', () => {
  it('sign as Stripe does (timestamp + HMAC-SHA256) and back off exponentially up to six hours', async () => {
    const { signWebhook, verifyWebhookSignature } = await import('../alerts/webhook-signing.ts');
    const { webhookBackoffMs, DEFAULT_WEBHOOK_RETRY } = await import('../alerts/webhook-delivery.worker.ts');
    const at = new Date('2026-03-10T12:00:00Z');
    const header = signWebhook('whsec_test', '{"a":1}', at);
    expect(header).toMatch(/^t=1773144000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('whsec_test', '{"a":1}', header, at)).toBe(true);
    expect(verifyWebhookSignature('whsec_test', '{"a":2}', header, at)).toBe(false);
    // A replay ten minutes later is refused.
    expect(verifyWebhookSignature('whsec_test', '{"a":1}', header, new Date(at.getTime() + 600_000))).toBe(false);
    const top = () => 1;
    expect([1, 2, 3].map((n) => webhookBackoffMs(n, DEFAULT_WEBHOOK_RETRY, null, top))).toEqual([30_000, 60_000, 120_000]);
    expect(webhookBackoffMs(20, DEFAULT_WEBHOOK_RETRY, null, top)).toBe(6 * 3_600_000);
    expect(webhookBackoffMs(1, DEFAULT_WEBHOOK_RETRY, 90_000, top)).toBe(90_000);
  });
});
