import type { TimelinePage } from '@agora/contracts/client-360.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import { client360Errors } from './client-360.errors.ts';
import { accessToClient, viewerOf } from './client-access.ts';
import { CLIENT_TIMELINE_SOURCES } from './client-timeline.sources.ts';
import { compareTimelineItems, type TimelineCursor, type TimelineSource } from './client-timeline.types.ts';

export function encodeTimelineCursor(cursor: { at: string; id: string }): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString('base64url');
}

export function decodeTimelineCursor(cursor: string): TimelineCursor {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const sep = raw.indexOf('|');
  const at = new Date(raw.slice(0, sep));
  const id = raw.slice(sep + 1);
  if (sep < 0 || Number.isNaN(at.getTime()) || !/^[a-z_]{1,40}:[0-9A-Za-z-]{1,80}$/.test(id)) throw client360Errors.invalidCursor();
  return { at, id };
}

/**
 * One page of a client's timeline across every source: each source gives its newest `limit`
 * items before the cursor, the merge keeps the newest `limit` of all. Sources are independent
 * (their own tables), so they run side by side.
 */
export async function readTimeline(
  deps: AppDeps,
  principal: StaffPrincipal,
  clientId: string,
  query: { cursor?: string; limit: number },
  sources: readonly TimelineSource[] = CLIENT_TIMELINE_SOURCES,
): Promise<TimelinePage> {
  const access = await accessToClient(deps, principal, clientId);
  const before = query.cursor ? decodeTimelineCursor(query.cursor) : null;
  const viewer = viewerOf(principal, access.level);
  // One more than asked tells whether another page exists.
  const batches = await Promise.all(
    sources.map((source) => source(deps, principal.bankId, clientId, { before, limit: query.limit + 1, viewer })),
  );
  const merged = batches.flat().sort(compareTimelineItems);
  const items = merged.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: merged.length > query.limit && last ? encodeTimelineCursor(last) : null };
}
