import { type ListeningSubject, NEWS_FEEDS, newsItem, streamPostText } from './listening-corpus.ts';
import { buildXStreamPost } from './payload-builders.ts';
import { createSeededRandom } from './seeded-random.ts';

export interface ListeningTrafficOptions {
  emitStreamPost(post: ReturnType<typeof buildXStreamPost>): number;
  publishNews(feed: string, item: { guid: string; title: string; description: string; link: string; publishedAt: Date }): void;
  /** Stream posts per minute across the three banks. */
  postsPerMinute: number;
  seed?: number;
}

/**
 * Live listening traffic for the demo: posts about Banque Exemple and its two competitors on the X
 * filtered stream, and now and then a news article on one of the local feeds (which the feed
 * poller reads at its own polite pace).
 */
export function startListeningTraffic(o: ListeningTrafficOptions): () => void {
  const rng = createSeededRandom(o.seed ?? Date.now());
  let sequence = 0;
  const postTimer = setInterval(
    () => {
      const subject = rng.weighted<ListeningSubject>([
        ['brand', 5],
        ['rival_a', 3],
        ['rival_b', 2],
      ]);
      const at = new Date();
      const id = `20${at.getTime()}${String(++sequence).padStart(4, '0')}`;
      const n = rng.int(1, 60);
      o.emitStreamPost(
        buildXStreamPost({
          tweetId: id,
          author: { id: `8${String(n).padStart(8, '0')}`, screenName: `passant${n}`, name: `Passant ${n}` },
          text: streamPostText(rng, subject).text,
          at,
          followers: rng.int(10, 5000),
          likes: rng.int(0, 20),
        }),
      );
    },
    Math.max(1000, 60_000 / Math.max(0.1, o.postsPerMinute)),
  );
  const newsTimer = setInterval(() => {
    const feed = rng.pick(NEWS_FEEDS);
    const { title, description } = newsItem(rng, rng.pick(['brand', 'rival_a', 'rival_b'] as const));
    const guid = `${feed.name}-live-${Date.now()}`;
    o.publishNews(feed.name, { guid, title, description, link: `https://${feed.host}/articles/${guid}`, publishedAt: new Date() });
  }, 10 * 60_000);
  postTimer.unref?.();
  newsTimer.unref?.();
  return () => {
    clearInterval(postTimer);
    clearInterval(newsTimer);
  };
}
