import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { sql } from 'kysely';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { createWorkLoop, type WorkLoop } from '../../../platform/work-loop.ts';
import { withListening } from '../listening.tables.ts';
import { feedItemKey } from '../mentions/item-sources.ts';
import { storeListeningItem } from '../mentions/listening-intake.repository.ts';
import { FeedFormatError, parseFeed } from './feed-parser.ts';

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;
/** A claimed feed is reserved this long for the worker polling it. */
const LEASE_MS = 2 * 60_000;
const MAX_BACKOFF_S = 24 * 3600;

export interface FeedPoller extends WorkLoop {
  /** Polls every active feed now, whatever its schedule (the demo at start, tests). */
  pollAllNow(): Promise<void>;
}

/** Loopback, private, link-local and unique-local addresses: a feed there would read our own network. */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split('.').map(Number) as [number, number];
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v6 = address.toLowerCase();
  return (
    v6 === '::1' ||
    v6 === '::' ||
    v6.startsWith('fc') ||
    v6.startsWith('fd') ||
    v6.startsWith('fe80') ||
    v6.startsWith('::ffff:127.') ||
    v6.startsWith('::ffff:10.') ||
    v6.startsWith('::ffff:192.168.')
  );
}

/**
 * Polls the bank's RSS/Atom feeds politely: each on its own schedule (15 min by default), with
 * the ETag and Last-Modified of the previous answer (a 304 costs the site nothing), an honest
 * User-Agent, a size and time limit, Retry-After honoured, and exponential backoff on failures.
 * New entries go to the listening intake; the listening worker matches them.
 */
export function createFeedPoller(deps: AppDeps, options: { allowPrivateAddresses?: boolean; onStored?: () => void } = {}): FeedPoller {
  const db = withListening(deps.database.db);
  const allowPrivate = options.allowPrivateAddresses ?? deps.config.demoMode;
  const userAgent = `AgoraListening/0.1 (+${deps.config.PUBLIC_URL ?? 'https://github.com/agora'})`;

  async function claim(all: boolean) {
    return db.transaction().execute(async (tx) => {
      let q = tx
        .selectFrom('listening_feeds')
        .select(['id', 'url', 'etag', 'last_modified', 'poll_seconds', 'failures', 'title'])
        .where('bank_id', '=', deps.bankId)
        .where('active', '=', true)
        .orderBy('next_poll_at')
        .limit(all ? 100 : 5)
        .forUpdate()
        .skipLocked();
      if (!all) q = q.where('next_poll_at', '<=', new Date());
      const rows = await q.execute();
      if (rows.length)
        await tx
          .updateTable('listening_feeds')
          .set({ next_poll_at: new Date(Date.now() + LEASE_MS) })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      return rows;
    });
  }

  async function pollOne(feed: Awaited<ReturnType<typeof claim>>[number]): Promise<void> {
    let status: number | null = null;
    try {
      const url = new URL(feed.url);
      if (!allowPrivate) {
        const host = url.hostname.replace(/^\[|\]$/g, '');
        const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
        if (addresses.some(isPrivateAddress)) throw new FeedFormatError('adresse privée refusée');
      }
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8',
      };
      if (feed.etag) headers['if-none-match'] = feed.etag;
      if (feed.last_modified) headers['if-modified-since'] = feed.last_modified;
      const response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      status = response.status;
      if (status === 304) {
        await settle(feed.id, { status, etag: feed.etag, lastModified: feed.last_modified, nextInS: feed.poll_seconds, failures: 0 });
        return;
      }
      if (status === 410) {
        // Gone for good: stop asking.
        await db
          .updateTable('listening_feeds')
          .set({ active: false, last_status: 410, last_error: 'flux supprimé (410)', last_polled_at: new Date() })
          .where('id', '=', feed.id)
          .execute();
        return;
      }
      if (!response.ok) {
        const retryAfter = Number(response.headers.get('retry-after'));
        await response.body?.cancel();
        throw Object.assign(new Error(`HTTP ${status}`), {
          retryAfterS: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
        });
      }
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_BODY_BYTES) throw new FeedFormatError('flux trop volumineux');
      const body = await response.text();
      if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw new FeedFormatError('flux trop volumineux');
      const parsed = parseFeed(body);
      let stored = 0;
      for (const entry of parsed.entries) {
        const payload = JSON.stringify({ feedUrl: feed.url, feedTitle: feed.title ?? parsed.title, ...entry });
        if (await storeListeningItem(deps.database, deps.bankId, 'rss', feedItemKey(feed.url, entry.id), payload)) stored++;
      }
      if (stored) options.onStored?.();
      await settle(feed.id, {
        status,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        nextInS: feed.poll_seconds,
        failures: 0,
        stored,
        title: feed.title ?? parsed.title,
      });
    } catch (error) {
      const failures = feed.failures + 1;
      const retryAfterS = (error as { retryAfterS?: number | null }).retryAfterS ?? 0;
      const nextInS = Math.max(retryAfterS, Math.min(MAX_BACKOFF_S, feed.poll_seconds * 2 ** Math.min(failures, 10)));
      deps.logger.warn({ feedId: feed.id, status, failures, err: error }, 'feed poll failed');
      await settle(feed.id, {
        status,
        etag: feed.etag,
        lastModified: feed.last_modified,
        nextInS,
        failures,
        error: String((error as Error).message).slice(0, 300),
      });
    }
  }

  async function settle(
    id: string,
    s: {
      status: number | null;
      etag: string | null;
      lastModified: string | null;
      nextInS: number;
      failures: number;
      error?: string;
      stored?: number;
      title?: string | null;
    },
  ) {
    await db
      .updateTable('listening_feeds')
      .set({
        last_status: s.status,
        etag: s.etag,
        last_modified: s.lastModified,
        failures: s.failures,
        last_error: s.error ?? null,
        last_polled_at: new Date(),
        next_poll_at: new Date(Date.now() + s.nextInS * 1000),
        items_seen: sql`items_seen + ${s.stored ?? 0}`,
        ...(s.title ? { title: s.title } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  const loop = createWorkLoop('listening-feeds', deps.logger, async () => {
    const feeds = await claim(false);
    for (const feed of feeds) await pollOne(feed);
    return feeds.length;
  });
  return {
    ...loop,
    start: () => loop.start(30_000),
    async pollAllNow() {
      for (const feed of await claim(true)) await pollOne(feed);
    },
  };
}
