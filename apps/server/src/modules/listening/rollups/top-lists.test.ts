import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../../../../tools/simulator/seeded-random.ts';
import type { Database } from '../../../platform/db/database.ts';
import { testDatabaseTargets } from '../../../platform/testing/test-database.ts';
import { withListening } from '../listening.tables.ts';
import { dayOf, hourOf, monthOf } from './buckets.ts';
import { addToRollups, type RollupContribution, SketchBuffer } from './rollup-writer.ts';
import { influencers, rangeCells, topAuthors, topTerms } from './top-lists.repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-20T15:30:00Z');

/**
 * 75 days of mentions for two queries: a few loud terms and authors (well above the first mark),
 * a long tail, some days louder than others, written in several batches so that counters cross
 * their levels across flushes. Every top list must equal the one counted directly from them.
 */
function traffic(queries: string[]): RollupContribution[] {
  const rng = createSeededRandom(11);
  const out: RollupContribution[] = [];
  for (let i = 0; i < 9000; i++) {
    const publishedAt = new Date(NOW.getTime() - rng.next() ** 1.5 * 75 * DAY);
    const loud = rng.chance(0.5);
    const terms = new Set<string>();
    for (let t = 0; t < 4; t++) terms.add(`terme${loud ? Math.floor(rng.next() ** 2 * 12) : rng.int(0, 399)}`);
    out.push({
      queryId: rng.chance(0.7) ? queries[0]! : queries[1]!,
      publishedAt,
      channel: rng.pick(['x', 'facebook', 'trustpilot']),
      sentiment: rng.pick(['negative', 'neutral', 'positive', null]),
      intent: null,
      rumour: false,
      reach: 0,
      engagement: rng.int(0, 9),
      rating: null,
      answerable: true,
      answered: false,
      authorKey: `x:a${loud ? Math.floor(rng.next() ** 2 * 6) : rng.int(0, 599)}`,
      terms: [...terms],
    });
  }
  return out;
}

describe.each(testDatabaseTargets())('top lists on $name', ({ open }) => {
  let database: Database;
  const bankId = randomUUID();
  const queries: string[] = [randomUUID(), randomUUID()];
  let mentions: RollupContribution[];
  const reach = new Map<string, number>();

  beforeAll(async () => {
    database = await open();
    const db = withListening(database.db);
    await db.insertInto('banks').values({ id: bankId, slug: 'top-lists', name: 'Banque Exemple' }).execute();
    await db
      .insertInto('listening_queries')
      .values(queries.map((id, i) => ({ id, bank_id: bankId, name: `q${i}`, kind: 'brand' as const, expression: `q${i}` })))
      .execute();
    mentions = traffic(queries);
    for (let start = 0; start < mentions.length; start += 700) {
      const sketches = new SketchBuffer();
      for (const m of mentions.slice(start, start + 700)) {
        // Reach ties on purpose: influencers with equal reach are ordered by engagement in the range.
        const r = reach.get(m.authorKey) ?? 100 * (Number(m.authorKey.slice(3)) % 7);
        reach.set(m.authorKey, r);
        sketches.addProfile({ author_key: m.authorKey, channel: 'x', name: m.authorKey, handle: null, url: null, reach: r });
      }
      await database.db
        .transaction()
        .execute((tx) => addToRollups(withListening(tx), bankId, mentions.slice(start, start + 700), sketches));
    }
  });
  afterAll(() => database?.close());

  it('marks each monthly counter once at every power of two it reached, from 8', async () => {
    const counts = new Map<string, number>();
    for (const m of mentions)
      for (const term of m.terms) {
        const key = `${m.queryId}|${monthOf(m.publishedAt).toISOString()}|${term}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    const expected: string[] = [];
    for (const [key, n] of counts) for (let level = 3; 2 ** level <= n; level++) expected.push(`${key}|${level}`);
    const marks = await sql<{ query_id: string; month: Date; term: string; level: number }>`
      select query_id, month, term, level from listening_term_marks where bank_id = ${bankId} and measure = 'mentions'`.execute(
      database.db,
    );
    expect(expected.length).toBeGreaterThan(100);
    expect(marks.rows.map((r) => `${r.query_id}|${new Date(r.month).toISOString()}|${r.term}|${r.level}`).sort()).toEqual(expected.sort());
  });

  const ranges = [
    { label: '36 hours by hour', from: new Date(hourOf(NOW).getTime() - 36 * HOUR), grain: 'hour' as const },
    { label: '7 days', from: dayOf(new Date(NOW.getTime() - 6 * DAY)), grain: 'day' as const },
    { label: '30 days', from: dayOf(new Date(NOW.getTime() - 29 * DAY)), grain: 'day' as const },
    { label: '40 days', from: dayOf(new Date(NOW.getTime() - 40 * DAY)), grain: 'day' as const },
    // October whole: its monthly counters stand for its days.
    { label: '70 days', from: dayOf(new Date(NOW.getTime() - 70 * DAY)), grain: 'day' as const },
  ];

  for (const range of ranges)
    for (const scope of ['one query', 'both queries'])
      it(`gives the same top terms, top authors and influencers as a direct count: ${range.label}, ${scope}`, async () => {
        const ids = scope === 'one query' ? [queries[0]!] : queries;
        const cells = rangeCells(bankId, ids, range.from, NOW, range.grain);
        const inRange = mentions.filter((m) => {
          if (!ids.includes(m.queryId)) return false;
          return range.grain === 'hour'
            ? hourOf(m.publishedAt) >= range.from && m.publishedAt < NOW
            : dayOf(m.publishedAt) >= range.from && m.publishedAt < NOW;
        });
        // Authors are counted per day, whatever the grain of the range.
        const inDays = mentions.filter((m) => ids.includes(m.queryId) && dayOf(m.publishedAt) >= dayOf(range.from) && m.publishedAt < NOW);
        const db = withListening(database.db);
        const paths: string[] = [];

        for (const measure of ['mentions', 'negative'] as const) {
          const byTerm = new Map<string, { term: string; mentions: number; negative: number }>();
          for (const m of inRange)
            for (const term of m.terms) {
              const t = byTerm.get(term) ?? { term, mentions: 0, negative: 0 };
              t.mentions++;
              if (m.sentiment === 'negative') t.negative++;
              byTerm.set(term, t);
            }
          const direct = [...byTerm.values()].sort((a, b) => b[measure] - a[measure] || (a.term < b.term ? -1 : 1)).slice(0, 10);
          expect(await topTerms(db, cells, measure, 10, (p) => paths.push(`terms ${measure}: ${p}`))).toEqual(direct);
        }

        const byAuthor = new Map<string, { key: string; mentions: number; engagement: number; reach: number }>();
        for (const m of inDays) {
          const a = byAuthor.get(m.authorKey) ?? { key: m.authorKey, mentions: 0, engagement: 0, reach: reach.get(m.authorKey)! };
          a.mentions++;
          a.engagement += m.engagement;
          byAuthor.set(m.authorKey, a);
        }
        const authors = [...byAuthor.values()];
        const pick = (list: typeof authors, k: number) => list.slice(0, k).map((a) => [a.key, a.mentions, a.engagement, a.reach]);
        const shape = (list: Awaited<ReturnType<typeof topAuthors>>) => list.map((a) => [a.key, a.mentions, a.engagement, a.reach]);
        expect(shape(await topAuthors(db, cells, 3, (p) => paths.push(`authors: ${p}`)))).toEqual(
          pick(
            authors.sort((a, b) => b.mentions - a.mentions || b.reach - a.reach || (a.key < b.key ? -1 : 1)),
            3,
          ),
        );
        expect(shape(await influencers(db, cells))).toEqual(
          pick(
            authors.sort((a, b) => b.reach - a.reach || b.engagement - a.engagement || (a.key < b.key ? -1 : 1)),
            10,
          ),
        );
        // The loud terms were answered from their marks, not by reading the range in full.
        expect(paths[0]).toBe('terms mentions: marks');
      });
});
