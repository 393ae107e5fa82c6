import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../../../../tools/simulator/seeded-random.ts';
import type { Database } from '../../../platform/db/database.ts';
import { testDatabaseTargets } from '../../../platform/testing/test-database.ts';
import { withListening } from '../listening.tables.ts';
import { addDays, dayOf, hourOf } from '../rollups/buckets.ts';
import { addToRollups, type RollupContribution } from '../rollups/rollup-writer.ts';
import { detectionInputs } from './detection.worker.ts';
import { HISTORY_DAYS, SERIES_HOURS } from './signal-detectors.ts';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-04T10:20:00Z');

/** What the detectors are fed must be what was counted: hours, the last 24 hours' terms, 14 days of them. */
describe.each(testDatabaseTargets())('detection inputs on $name', ({ open }) => {
  let database: Database;
  const bankId = randomUUID();
  const queryId = randomUUID();
  const mentions: RollupContribution[] = [];

  beforeAll(async () => {
    database = await open();
    const db = withListening(database.db);
    await db.insertInto('banks').values({ id: bankId, slug: 'detection', name: 'Banque Exemple' }).execute();
    await db
      .insertInto('listening_queries')
      .values({ id: queryId, bank_id: bankId, name: 'Banque Exemple', kind: 'brand', expression: '"Banque Exemple"' })
      .execute();
    const rng = createSeededRandom(5);
    for (let i = 0; i < 3000; i++) {
      mentions.push({
        queryId,
        publishedAt: new Date(NOW.getTime() - rng.next() * 17 * 24 * HOUR),
        channel: rng.pick(['x', 'facebook']),
        sentiment: rng.pick(['negative', 'neutral', 'positive']),
        intent: null,
        rumour: rng.chance(0.05),
        reach: 10,
        engagement: 0,
        rating: null,
        answerable: true,
        answered: false,
        authorKey: `x:${rng.int(0, 50)}`,
        terms: [rng.pick(['panne', 'frais', 'virement', 'carte']), rng.pick(['appli', 'agence'])],
      });
    }
    await database.db.transaction().execute((tx) => addToRollups(withListening(tx), bankId, mentions));
  });
  afterAll(() => database?.close());

  it('gives the detectors the hourly series, the recent terms and their daily history as counted', async () => {
    const inputs = await detectionInputs(withListening(database.db), bankId, [{ id: queryId, sensitivity: 'balanced' }], NOW);
    const input = inputs.get(queryId)!;
    const start = hourOf(NOW).getTime() - (SERIES_HOURS - 1) * HOUR;
    const hourly = Array.from({ length: SERIES_HOURS }, () => 0);
    const negative = [...hourly];
    for (const m of mentions) {
      const i = (hourOf(m.publishedAt).getTime() - start) / HOUR;
      if (i < 0 || i >= SERIES_HOURS) continue;
      hourly[i]!++;
      if (m.sentiment === 'negative') negative[i]!++;
    }
    expect(input.hourly).toEqual(hourly);
    expect(input.hourlyNegative).toEqual(negative);

    const recent = new Map<string, number>();
    for (const m of mentions)
      if (hourOf(m.publishedAt).getTime() > hourOf(NOW).getTime() - 24 * HOUR)
        for (const t of m.terms) recent.set(t, (recent.get(t) ?? 0) + 1);
    expect(Object.fromEntries(input.termsRecent)).toEqual(Object.fromEntries(recent));
    const now = new Map<string, number>();
    for (const m of mentions)
      if (hourOf(m.publishedAt).getTime() > hourOf(NOW).getTime() - 3 * HOUR) for (const t of m.terms) now.set(t, (now.get(t) ?? 0) + 1);
    expect(now.size).toBeGreaterThan(0);
    expect(Object.fromEntries(input.termsNow)).toEqual(Object.fromEntries(now));

    const firstDay = addDays(dayOf(NOW), -HISTORY_DAYS);
    for (const term of recent.keys()) {
      const days = Array.from({ length: HISTORY_DAYS }, () => 0);
      for (const m of mentions) {
        if (!m.terms.includes(term)) continue;
        for (let d = 0; d < HISTORY_DAYS; d++) if (dayOf(m.publishedAt).getTime() === addDays(firstDay, d).getTime()) days[d]!++;
      }
      expect(input.termsBaseline.get(term), term).toEqual(days);
    }
  });
});
