import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export interface FakeFeedItem {
  guid: string;
  title: string;
  link: string;
  description: string;
  author?: string;
  publishedAt: Date;
}

export interface FeedFakeControl {
  /** Adds items to a feed (created on first use) and changes its ETag. */
  publish(feed: string, items: FakeFeedItem[], options?: { title?: string; format?: 'rss' | 'atom' }): void;
  /** Requests received, with the conditional headers they carried (tests of politeness). */
  requests: { feed: string; ifNoneMatch: string | null; ifModifiedSince: string | null; status: number }[];
  /** Makes the next answers of a feed fail with this status (e.g. 503 with Retry-After). */
  failNext(feed: string, status: number, times?: number): void;
  reset(): void;
}

interface FakeFeed {
  title: string;
  format: 'rss' | 'atom';
  items: FakeFeedItem[];
  etag: string;
  lastModified: Date;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function render(feed: FakeFeed, base: string): string {
  const items = [...feed.items].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime()).slice(0, 100);
  if (feed.format === 'atom') {
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${esc(feed.title)}</title>
  <id>${esc(base)}</id>
  <updated>${feed.lastModified.toISOString()}</updated>
${items
  .map(
    (i) => `  <entry>
    <id>${esc(i.guid)}</id>
    <title>${esc(i.title)}</title>
    <link rel="alternate" href="${esc(i.link)}"/>
    <published>${i.publishedAt.toISOString()}</published>
    <updated>${i.publishedAt.toISOString()}</updated>
    <author><name>${esc(i.author ?? feed.title)}</name></author>
    <summary type="html">${esc(`<p>${i.description}</p>`)}</summary>
  </entry>`,
  )
  .join('\n')}
</feed>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${esc(feed.title)}</title>
    <link>${esc(base)}</link>
    <description>${esc(feed.title)}</description>
    <lastBuildDate>${feed.lastModified.toUTCString()}</lastBuildDate>
${items
  .map(
    (i) => `    <item>
      <title>${esc(i.title)}</title>
      <link>${esc(i.link)}</link>
      <guid isPermaLink="false">${esc(i.guid)}</guid>
      <pubDate>${i.publishedAt.toUTCString()}</pubDate>
      <dc:creator>${esc(i.author ?? feed.title)}</dc:creator>
      <description><![CDATA[<p>${i.description}</p>]]></description>
    </item>`,
  )
  .join('\n')}
  </channel>
</rss>`;
}

/**
 * A local stand-in for news sites and blogs: `GET /feeds/<name>.xml` serves RSS 2.0 or Atom with
 * an ETag and Last-Modified, and answers 304 to a conditional request when nothing changed, as a
 * well-behaved site does. Tests and the demo publish items through the returned control.
 */
export function registerFeedFake(app: FastifyInstance, prefix = '/feeds'): FeedFakeControl {
  const feeds = new Map<string, FakeFeed>();
  const failures = new Map<string, { status: number; times: number }>();
  const control: FeedFakeControl = {
    requests: [],
    publish(name, items, options = {}) {
      const feed = feeds.get(name) ?? {
        title: options.title ?? name,
        format: options.format ?? 'rss',
        items: [],
        etag: '',
        lastModified: new Date(0),
      };
      const known = new Set(feed.items.map((i) => i.guid));
      feed.items.push(...items.filter((i) => !known.has(i.guid)));
      if (options.title) feed.title = options.title;
      if (options.format) feed.format = options.format;
      // HTTP dates have a one-second resolution.
      feed.lastModified = new Date(Math.floor(Date.now() / 1000) * 1000);
      feed.etag = `"${createHash('sha256')
        .update(feed.items.map((i) => i.guid).join('|'))
        .digest('hex')
        .slice(0, 16)}"`;
      feeds.set(name, feed);
    },
    failNext(name, status, times = 1) {
      failures.set(name, { status, times });
    },
    reset() {
      feeds.clear();
      failures.clear();
      control.requests.length = 0;
    },
  };

  app.get<{ Params: { name: string } }>(`${prefix}/:name`, async (request, reply) => {
    const name = request.params.name.replace(/\.xml$/, '');
    const ifNoneMatch = (request.headers['if-none-match'] as string | undefined) ?? null;
    const ifModifiedSince = (request.headers['if-modified-since'] as string | undefined) ?? null;
    const log = (status: number) => control.requests.push({ feed: name, ifNoneMatch, ifModifiedSince, status });
    const failure = failures.get(name);
    if (failure && failure.times > 0) {
      failure.times--;
      log(failure.status);
      return reply.code(failure.status).header('retry-after', '120').send('indisponible');
    }
    const feed = feeds.get(name);
    if (!feed) {
      log(404);
      return reply.code(404).send('flux inconnu');
    }
    const notModified =
      (ifNoneMatch !== null && ifNoneMatch === feed.etag) ||
      (ifNoneMatch === null && ifModifiedSince !== null && Date.parse(ifModifiedSince) >= feed.lastModified.getTime());
    if (notModified) {
      log(304);
      return reply.code(304).header('etag', feed.etag).send();
    }
    log(200);
    return reply
      .header('content-type', feed.format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8')
      .header('etag', feed.etag)
      .header('last-modified', feed.lastModified.toUTCString())
      .send(render(feed, `${request.protocol}://${request.hostname}${prefix}/${name}.xml`));
  });
  return control;
}
