import { CHANNEL_PLATFORMS } from '@agora/contracts/channels.schema.ts';
import { sql } from 'kysely';
import type { Connector, Platform } from '../../connectors/connector.types.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { pausedPlatforms } from '../channels/channel.service.ts';
import { webhookCounter } from '../ops/metrics.ts';

const LEASE_MS = 5 * 60_000;

export interface Pollers {
  start(): void;
  /** Runs one poll of `platform` now (tests, "sync now" buttons). Resolves with pages stored. */
  pollNow(platform: Platform): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Pollers (app stores, the Trustpilot sync) fetch pages from the platform's API and store each
 * page as a raw delivery, exactly like a webhook body, in the same transaction as the next
 * cursor: a crash before the commit re-fetches the same pages (deduplicated by item id), a crash
 * after it never fetches them again. A lease row keeps two processes from polling at once, and
 * the HTTP calls run outside any transaction.
 */
export function createPollers(deps: AppDeps, options: { recheckMs?: number } = {}): Pollers {
  const timers = new Map<Platform, NodeJS.Timeout>();
  const running = new Map<Platform, Promise<number>>();
  let stopped = true;
  // How soon a platform without a polling connector is looked at again.
  const recheckMs = options.recheckMs ?? 60_000;

  const pollNow = (platform: Platform): Promise<number> => {
    const current = running.get(platform);
    if (current) return current;
    const run = pollOnce(deps, platform).finally(() => running.delete(platform));
    running.set(platform, run);
    return run;
  };

  return {
    start() {
      stopped = false;
      // Every platform has a timer, and its connector is looked up at each tick: a platform
      // connected later from the channel settings screen is polled without a restart.
      for (const platform of new Set<Platform>([...(CHANNEL_PLATFORMS as readonly Platform[]), ...deps.connectors.keys()])) {
        const tick = () => {
          if (stopped) return;
          const polling = Boolean(deps.connectors.get(platform)?.poll);
          const run = polling
            ? pollNow(platform).catch((error) => deps.logger.warn({ err: error, platform }, 'poll failed'))
            : Promise.resolve();
          void run.finally(() => {
            if (stopped) return;
            // Not polled this time (no connector yet): look again soon rather than after a full interval.
            const timer = setTimeout(tick, polling ? (deps.connectors.get(platform)?.pollIntervalMs ?? 5 * 60_000) : recheckMs);
            timer.unref();
            timers.set(platform, timer);
          });
        };
        tick();
      }
    },
    pollNow,
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      await Promise.allSettled(running.values());
    },
  };
}

async function pollOnce(deps: AppDeps, platform: Platform): Promise<number> {
  const connector = deps.connectors.get(platform) as Connector | undefined;
  if (!connector?.poll) return 0;
  // A paused channel is not fetched: its cursor stays where it was, nothing is skipped.
  if ((await pausedPlatforms(deps)).has(platform)) return 0;
  const { db } = deps.database;
  const now = new Date();
  await db
    .insertInto('poll_cursors')
    .values({ platform, cursor: null })
    .onConflict((oc) => oc.column('platform').doNothing())
    .execute();
  const lease = await db
    .updateTable('poll_cursors')
    .set({ leased_until: new Date(now.getTime() + LEASE_MS) })
    .where('platform', '=', platform)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
    .returning(['cursor'])
    .executeTakeFirst();
  if (!lease) return 0;
  try {
    const { pages, cursor } = await connector.poll(lease.cursor, now);
    await db.transaction().execute(async (tx) => {
      for (const page of pages) {
        await tx
          .insertInto('raw_deliveries')
          .values({ platform, body_sha256: sha256Hex(page.rawBody), body: page.rawBody.toString('utf8') })
          .onConflict((oc) => oc.columns(['platform', 'body_sha256']).doNothing())
          .execute();
      }
      await tx
        .updateTable('poll_cursors')
        .set({ cursor, last_polled_at: now, leased_until: null, last_error: null })
        .where('platform', '=', platform)
        .execute();
      if (pages.length && deps.database.kind === 'postgres') await sql`select pg_notify('agora_ingest', '')`.execute(tx);
    });
    webhookCounter.inc({ platform, outcome: 'polled' }, pages.length);
    if (pages.length) deps.wakeIngest();
    return pages.length;
  } catch (error) {
    await db
      .updateTable('poll_cursors')
      .set({ leased_until: null, last_error: String((error as Error).message).slice(0, 300), last_error_at: new Date() })
      .where('platform', '=', platform)
      .execute();
    throw error;
  }
}
