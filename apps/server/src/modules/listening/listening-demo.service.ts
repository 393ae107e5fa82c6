import { randomUUID } from 'node:crypto';
import { generateAuthors } from '../../../../../tools/simulator/corpus-authors.ts';
import {
  type ListeningSubject,
  NEWS_FEEDS,
  newsItem,
  OUTAGE_POSTS,
  SUBJECT_NAMES,
  streamPostText,
} from '../../../../../tools/simulator/listening-corpus.ts';
import { buildXStreamPost } from '../../../../../tools/simulator/payload-builders.ts';
import { createSeededRandom, type SeededRandom } from '../../../../../tools/simulator/seeded-random.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { FeedFakeControl } from './feeds/feed.fake-server.ts';
import { withListening } from './listening.tables.ts';
import type { ListeningWorkers } from './listening.worker.ts';
import { insertQuery, updateQuery } from './queries/queries.repository.ts';

export interface ListeningDemoOptions {
  /** Emits a filtered-stream line on the local X fake (the real stream path). */
  emitStreamPost(post: ReturnType<typeof buildXStreamPost>): number;
  feedFake: FeedFakeControl;
  /** Base URL of the local fakes: the feeds live at `${fakesUrl}/feeds/<name>.xml`. */
  fakesUrl: string;
  listening: ListeningWorkers;
  days?: number;
  seed?: number;
}

const HOUR = 3_600_000;
/** Share of a subject's daily posts in each hour of the day (UTC+1), and its posts a day. */
export const RHYTHM = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 0.9, 1.3, 1.5, 1.4, 1.5, 1.7, 1.5, 1.3, 1.3, 1.3, 1.4, 1.5, 1.7, 1.8, 1.4, 0.9, 0.5,
];
export const DAILY: Record<ListeningSubject, number> = { brand: 26, rival_a: 18, rival_b: 11 };
/**
 * The app outage of the last two hours: posts, spread over the last `minutes`. Strong enough to be
 * a critical spike (which suggests crisis mode) whatever the hour the demo starts: with 48 posts
 * it was only a warning at about one start time in fifty (listening-demo.test.ts).
 */
export const OUTAGE_WAVE = { posts: 80, minutes: 110 };

export const DEMO_QUERIES = [
  { name: 'Banque Exemple', kind: 'brand', expression: '"Banque Exemple" OR #BanqueExemple OR @BanqueExemple' },
  { name: 'Crédit Horizon', kind: 'competitor', expression: '"Crédit Horizon" OR #CreditHorizon' },
  { name: 'Néobanque Nova', kind: 'competitor', expression: '"Néobanque Nova" OR "Nova Banque" OR #NovaBanque' },
  {
    name: 'Fraude et arnaques',
    kind: 'topic',
    expression: '(fraude OR arnaque OR escroquerie OR "faux conseiller") (banque OR "Banque Exemple")',
  },
] as const;

export function poisson(rng: SeededRandom, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}

/**
 * Listening for the demo bank, through the real paths: the queries (brand, two competitors, a
 * topic), three news feeds served by the local fake and polled by the feed poller, thirty days of
 * posts about the three banks sent down the X filtered stream, and, in the last two hours, an app
 * outage wave — so the dashboards have history and the detectors raise a real alert.
 */
export async function seedListeningDemo(
  deps: AppDeps,
  o: ListeningDemoOptions,
): Promise<{ posts: number; articles: number; alerts: number }> {
  const db = withListening(deps.database.db);
  const rng = createSeededRandom(o.seed ?? 7007);
  const days = o.days ?? 30;
  const now = Date.now();

  for (const q of DEMO_QUERIES) {
    const known = await db
      .selectFrom('listening_queries')
      .select(['id'])
      .where('bank_id', '=', deps.bankId)
      .where('name', '=', q.name)
      .executeTakeFirst();
    const input = { ...q, sensitivity: 'balanced' as const, active: true };
    if (known) await updateQuery(db, deps.bankId, known.id, input);
    else await insertQuery(db, deps.bankId, input, null);
  }

  let articles = 0;
  for (const feed of NEWS_FEEDS) {
    const items = [];
    for (let d = days; d >= 0; d--) {
      if (!rng.chance(0.6)) continue;
      const subject = rng.weighted<ListeningSubject>([
        ['brand', 5],
        ['rival_a', 3],
        ['rival_b', 2],
      ]);
      const { title, description } = newsItem(rng, subject);
      const id = `${feed.name}-${d}-${articles}`;
      items.push({
        guid: id,
        title,
        description,
        link: `https://${feed.host}/articles/${id}`,
        publishedAt: new Date(now - d * 24 * HOUR - rng.int(1, 20) * HOUR),
      });
      articles++;
    }
    o.feedFake.publish(feed.name, items, { title: feed.title, format: feed.format });
    await db
      .insertInto('listening_feeds')
      .values({ id: randomUUID(), bank_id: deps.bankId, url: `${o.fakesUrl}/feeds/${feed.name}.xml`, title: feed.title })
      .onConflict((oc) => oc.columns(['bank_id', 'url']).doNothing())
      .execute();
  }
  await o.listening.feeds.pollAllNow();

  const people = generateAuthors(rng, 160);
  const followersOf = new Map(people.map((p) => [p.handle, Math.round(40 * (1 / Math.max(0.002, rng.next())) ** 0.9)]));
  let posts = 0;
  let sequence = 0;
  const emit = (text: string, at: Date) => {
    const who = rng.pick(people);
    const followers = followersOf.get(who.handle) ?? 50;
    posts++;
    o.emitStreamPost(
      buildXStreamPost({
        tweetId: `19${String(at.getTime()).padStart(13, '0')}${String(++sequence).padStart(4, '0')}`,
        author: { id: `7${String(people.indexOf(who)).padStart(8, '0')}`, screenName: who.handle, name: who.displayName },
        text,
        at,
        followers,
        likes: Math.round(rng.next() ** 3 * Math.sqrt(followers)),
        reposts: Math.round(rng.next() ** 4 * Math.sqrt(followers) * 0.3),
      }),
    );
  };
  const start = Math.floor((now - days * 24 * HOUR) / HOUR) * HOUR;
  for (let h = start; h < now - 2 * HOUR; h += HOUR) {
    const hourOfDay = new Date(h).getUTCHours() + 1;
    for (const subject of ['brand', 'rival_a', 'rival_b'] as const) {
      const n = poisson(rng, (DAILY[subject] / 24) * (RHYTHM[hourOfDay % 24] ?? 1));
      for (let k = 0; k < n; k++) emit(streamPostText(rng, subject).text, new Date(h + rng.int(0, HOUR - 1)));
    }
  }
  // The wave: an outage of the app over the last two hours, mostly angry.
  for (let k = 0; k < OUTAGE_WAVE.posts; k++)
    emit(rng.pick(OUTAGE_POSTS).replace('{bank}', SUBJECT_NAMES.brand.name), new Date(now - rng.int(1, OUTAGE_WAVE.minutes) * 60_000));

  // Everything sent is matched before the detectors look (bounded wait).
  for (let i = 0; i < 600; i++) {
    await o.listening.intake.drained();
    const waiting = await db.selectFrom('listening_intake').select(['id']).where('bank_id', '=', deps.bankId).limit(1).execute();
    const matched = await db
      .selectFrom('mentions')
      .select(db.fn.countAll<string>().as('n'))
      .where('bank_id', '=', deps.bankId)
      .where('source', '=', 'x_stream')
      .executeTakeFirstOrThrow();
    if (waiting.length === 0 && Number(matched.n) >= posts * 0.95) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const alerts = await o.listening.detection.detectNow();
  return { posts, articles, alerts };
}
